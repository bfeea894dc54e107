#pragma once

// What the in-process Lync servers say: raw HTTP/1.1 answers in the shapes a
// Front End, a reverse proxy or a login page sends (the same documents as
// lab/lib/nginx.sh), and small readers of the raw requests they receive.

#include <string>
#include <utility>
#include <vector>

namespace lde::lyncwalk {

using Headers = std::vector<std::pair<std::string, std::string>>;

inline constexpr char kJsonType[] = "application/json";
inline constexpr char kXmlType[] = "application/vnd.microsoft.rtc.autodiscover+xml; v=1";

// A complete response with Content-Length and Connection: close.
std::string Answer(int status, const std::string& content_type, const std::string& body,
                   const Headers& extra = {});

// A Root document, UCWA JSON or MS-OCDISCWS XML by `xml`: self, user (and
// the XML OAuth link pointing at the same user resource) and xframe.
std::string RootDocument(const std::string& self_url, const std::string& user_url, bool xml);
// A Root document whose only link is `redirect` (XML token "Redirect").
std::string RedirectDocument(const std::string& url, bool xml);
// A reverse proxy's forms login page.
std::string LoginPage();

// The request target ("/path?query") of a raw request.
std::string RequestTarget(const std::string& raw);
// The value of a request header, "" when absent (case-insensitive name).
std::string RequestHeader(const std::string& raw, const std::string& name);
// True when the request asks for the MS-OCDISCWS XML flavour.
bool WantsXml(const std::string& raw);

}  // namespace lde::lyncwalk
