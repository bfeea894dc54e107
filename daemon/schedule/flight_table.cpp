#include "schedule/flight_table.h"

namespace lde::schedule {

Flight::Outcome Flight::Wait(const Deadline& deadline) {
  std::unique_lock<std::mutex> lock(mutex_);
  changed_.wait_for(lock, deadline.Remaining(), [this] { return landed_ || stopped_; });
  if (landed_) return {Status::kLanded, result_};
  return {stopped_ ? Status::kStopped : Status::kTimedOut, nullptr};
}

bool Flight::landed() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return landed_;
}

void Flight::Land(ResultPtr result) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    landed_ = true;
    result_ = std::move(result);
  }
  changed_.notify_all();
}

void Flight::Stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopped_ = true;
  }
  changed_.notify_all();
}

FlightTable::Joined FlightTable::JoinOrStart(const std::string& target) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto [it, inserted] = flights_.try_emplace(target);
  if (inserted) {
    it->second = std::make_shared<Flight>();
    if (stopped_) it->second->Stop();
  }
  return {it->second, inserted};
}

std::shared_ptr<Flight> FlightTable::TryStart(const std::string& target) {
  Joined joined = JoinOrStart(target);
  return joined.started ? joined.flight : nullptr;
}

std::shared_ptr<Flight> FlightTable::Find(const std::string& target) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = flights_.find(target);
  return it == flights_.end() ? nullptr : it->second;
}

void FlightTable::Land(const std::string& target, const std::shared_ptr<Flight>& flight, ResultPtr result) {
  {
    // Forgotten first: whoever the landing wakes and asks again starts anew.
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = flights_.find(target);
    if (it != flights_.end() && it->second == flight) flights_.erase(it);
  }
  flight->Land(std::move(result));
}

void FlightTable::Stop() {
  std::lock_guard<std::mutex> lock(mutex_);
  stopped_ = true;
  for (auto& [target, flight] : flights_) flight->Stop();
}

std::size_t FlightTable::size() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return flights_.size();
}

}  // namespace lde::schedule
