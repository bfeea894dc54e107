#include <Poco/Dynamic/Var.h>
#include <Poco/Exception.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/ParseHandler.h>
#include <Poco/JSON/Parser.h>

#include <exception>
#include <string>

#include "common/ascii.h"
#include "discovery/document_extract.h"
#include "discovery/uri_parts.h"

namespace lde::discovery::detail {
namespace {

// UCWA resources nest a few levels (_links, _embedded); anything deeper is
// not a discovery document and must not cost stack.
constexpr std::size_t kMaxJsonDepth = 32;

Error JsonError(std::string detail) {
  return MakeError(ErrorKind::kDiscoveryParse, "JSON: " + std::move(detail));
}

}  // namespace

Result<RawDocument> ExtractJsonLinks(std::string_view body, std::size_t max_links) {
  Poco::Dynamic::Var root;
  try {
    // Default ParseHandler (keys unordered): the order-preserving variant
    // rescans its key list on every insert, quadratic on hostile input.
    Poco::JSON::Parser parser;
    parser.setDepth(kMaxJsonDepth);
    root = parser.parse(std::string(body));
  } catch (const Poco::Exception& e) {
    return JsonError("not valid JSON: " + e.displayText());
  } catch (const std::exception& e) {
    return JsonError(std::string("not valid JSON: ") + e.what());
  }

  if (root.type() != typeid(Poco::JSON::Object::Ptr)) return JsonError("root is not an object");
  Poco::JSON::Object::Ptr object = root.extract<Poco::JSON::Object::Ptr>();
  if (object.isNull() || !object->has("_links")) return JsonError("no _links member");
  if (!object->isObject("_links")) return JsonError("_links is not an object");
  Poco::JSON::Object::Ptr links = object->getObject("_links");

  RawDocument doc;
  for (const auto& [key, value] : *links) {
    // A member without a name is no link relation (found by fuzzing).
    if (key.empty() || value.type() != typeid(Poco::JSON::Object::Ptr)) continue;
    Poco::JSON::Object::Ptr link = value.extract<Poco::JSON::Object::Ptr>();
    if (link.isNull() || !link->has("href")) continue;
    const Poco::Dynamic::Var& href = link->get("href");
    if (href.type() != typeid(std::string)) continue;
    if (doc.links.size() >= max_links) {
      return JsonError("more than " + std::to_string(max_links) + " links");
    }
    doc.links.push_back({AsciiLowerCopy(key), href.extract<std::string>()});
  }
  if (doc.links.empty()) return JsonError("_links holds no {\"href\": ...} link");
  return doc;
}

}  // namespace lde::discovery::detail
