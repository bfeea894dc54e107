#include "model/packed_cert_facts.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include "model/cert_ref.h"

namespace lde::model {
namespace {

using namespace std::string_literals;

CertFacts EveryFieldSet() {
  CertFacts f;
  f.subject = "CN=leaf.example,O=Example";
  f.issuer = "CN=Example Issuing CA";
  f.serial_hex = "0a1b2c";
  f.sha256_hex = std::string(64, 'e');
  f.dns_names = {"leaf.example", "", "nul\0inside"s};
  f.ip_addresses = {"192.0.2.1", "2001:db8::1"};
  f.common_name = "leaf.example";
  f.not_before = SysTime{std::chrono::seconds{1'700'000'000}};
  f.not_after = SysTime{std::chrono::seconds{1'731'536'000}};
  f.self_issued = false;
  f.is_ca = true;
  f.signature_algorithm = "ecdsa-with-SHA256";
  f.key_type = "EC";
  f.key_bits = 256;
  f.eku_server_auth = true;
  f.has_eku = true;
  f.ocsp_urls = {"http://ocsp.example/"};
  f.ca_issuer_urls = {};
  f.crl_urls = {"http://crl.example/a.crl", "ldap://crl.example/b"};
  return f;
}

TEST(PackedCertFactsTest, ReadsBackEveryFieldAsGiven) {
  const CertFacts facts = EveryFieldSet();
  const PackedCertFacts packed(facts);
  EXPECT_EQ(packed.subject(), facts.subject);
  EXPECT_EQ(packed.issuer(), facts.issuer);
  EXPECT_EQ(packed.serial_hex(), facts.serial_hex);
  EXPECT_EQ(packed.sha256_hex(), facts.sha256_hex);
  EXPECT_EQ(packed.common_name(), facts.common_name);
  EXPECT_EQ(packed.signature_algorithm(), facts.signature_algorithm);
  EXPECT_EQ(packed.key_type(), facts.key_type);
  EXPECT_TRUE(packed.dns_names() == facts.dns_names);
  EXPECT_EQ(packed.dns_names()[2], "nul\0inside"s);  // bytes, not C strings
  EXPECT_EQ(packed.dns_names()[1], "");
  EXPECT_TRUE(packed.ip_addresses() == facts.ip_addresses);
  EXPECT_TRUE(packed.ocsp_urls() == facts.ocsp_urls);
  EXPECT_TRUE(packed.ca_issuer_urls().empty());
  EXPECT_TRUE(packed.crl_urls() == facts.crl_urls);
  EXPECT_EQ(packed.not_before(), facts.not_before);
  EXPECT_EQ(packed.not_after(), facts.not_after);
  EXPECT_EQ(packed.key_bits(), 256);
  EXPECT_FALSE(packed.self_issued());
  EXPECT_TRUE(packed.is_ca());
  EXPECT_TRUE(packed.eku_server_auth());
  EXPECT_TRUE(packed.has_eku());
  EXPECT_EQ(packed.Unpack(), facts);
}

TEST(PackedCertFactsTest, EachFlagIsItsOwn) {
  for (int bits = 0; bits < 16; ++bits) {
    CertFacts f;
    f.self_issued = (bits & 1) != 0;
    f.is_ca = (bits & 2) != 0;
    f.eku_server_auth = (bits & 4) != 0;
    f.has_eku = (bits & 8) != 0;
    EXPECT_EQ(PackedCertFacts(f).Unpack(), f) << bits;
  }
}

TEST(PackedCertFactsTest, EmptyFactsPackAndReadAsEmpty) {
  const PackedCertFacts packed{CertFacts{}};
  EXPECT_EQ(packed.Unpack(), CertFacts{});
  EXPECT_EQ(packed.subject(), "");
  EXPECT_TRUE(packed.dns_names().empty());
  EXPECT_EQ(packed.dns_names().begin(), packed.dns_names().end());
}

TEST(PackedCertFactsTest, TheTextIsOneBlockOfOffsetsAndBytes) {
  const CertFacts facts = EveryFieldSet();
  std::size_t strings = 7, text = 0;
  for (const std::string* s : {&facts.subject, &facts.issuer, &facts.serial_hex, &facts.sha256_hex,
                               &facts.common_name, &facts.signature_algorithm, &facts.key_type})
    text += s->size();
  for (const auto* list :
       {&facts.dns_names, &facts.ip_addresses, &facts.ocsp_urls, &facts.ca_issuer_urls, &facts.crl_urls}) {
    strings += list->size();
    for (const std::string& s : *list) text += s.size();
  }
  const PackedCertFacts packed(facts);
  EXPECT_EQ(packed.block_bytes(), 4 * strings + text);
  const char* begin = static_cast<const char*>(packed.text_block());
  for (std::string_view s : {packed.subject(), packed.crl_urls().back(), packed.dns_names().front()}) {
    EXPECT_GE(s.data(), begin);
    EXPECT_LE(s.data() + s.size(), begin + packed.block_bytes());
  }
}

// Equality is by content: where one string ends and the next begins counts,
// as does which list a string is in.
TEST(PackedCertFactsTest, EqualExactlyWhenTheFactsAreEqual) {
  const CertFacts base = EveryFieldSet();
  EXPECT_EQ(PackedCertFacts(base), PackedCertFacts(base));

  std::vector<CertFacts> others(8, base);
  others[0].dns_names = {"leaf.examp", "le", "nul\0inside"s};  // same bytes, another boundary
  others[1].subject += "x";
  others[1].issuer.pop_back();  // the same total length
  others[2].ip_addresses.push_back(others[2].ocsp_urls.back());
  others[2].ocsp_urls.pop_back();  // a string moved to the list before
  others[3].not_after += std::chrono::seconds(1);
  others[4].key_bits = 384;
  others[5].has_eku = false;
  others[6].ca_issuer_urls = {""};  // an empty string is not no string
  others[7].sha256_hex[63] = 'f';
  for (std::size_t i = 0; i < others.size(); ++i) {
    ASSERT_NE(others[i], base) << i;  // the mutation is real
    EXPECT_FALSE(PackedCertFacts(others[i]) == PackedCertFacts(base)) << i;
    EXPECT_EQ(PackedCertFacts(others[i]).Unpack(), others[i]) << i;
  }
}

TEST(PackedCertFactsTest, ListsIterateLikeRanges) {
  const PackedCertFacts packed(EveryFieldSet());
  const TextList names = packed.dns_names();
  ASSERT_EQ(names.size(), 3u);
  EXPECT_EQ(names.end() - names.begin(), 3);
  EXPECT_EQ(names.front(), "leaf.example");
  EXPECT_EQ(names.back(), "nul\0inside"s);
  EXPECT_EQ(std::find(names.begin(), names.end(), "") - names.begin(), 1);
  EXPECT_EQ(names.ToVector(), EveryFieldSet().dns_names);
  std::vector<std::string_view> walked;
  for (std::string_view name : names) walked.push_back(name);
  EXPECT_EQ(walked.size(), 3u);
  EXPECT_FALSE(names == std::vector<std::string>{"leaf.example"});
}

TEST(CertRefTest, EditingChangesOnlyTheEditorsCopy) {
  CertRef a(EveryFieldSet());
  CertRef b = a;
  ASSERT_TRUE(a.SharesWith(b));
  b.Edit([](CertFacts& f) { f.dns_names.push_back("more.example"); });
  EXPECT_FALSE(a.SharesWith(b));
  EXPECT_EQ(a->dns_names().size(), 3u);
  EXPECT_EQ(b->dns_names().size(), 4u);
  EXPECT_EQ(b->dns_names().back(), "more.example");
  EXPECT_EQ(b->subject(), a->subject());  // the rest kept
  EXPECT_FALSE(a == b);
  EXPECT_TRUE(a == CertRef(EveryFieldSet()));  // equal by content, not only by sharing
  EXPECT_EQ(CertRef()->subject(), "");
}

}  // namespace
}  // namespace lde::model
