// Text inside HTML and XML (content and quoted attribute values), shared by the HTML report and JUnit XML.
#pragma once

#include <string>
#include <string_view>

namespace atmbench::reports {

// Whether ' becomes &#39; (HTML: attributes may one day be single-quoted) or stays (JUnit XML: always
// double-quoted; the files keep their bytes).
enum class Apostrophe { Escape, Keep };

// < > & " as entities; control characters other than newline and tab become a space (XML 1.0 §2.2 forbids them,
// and a browser would show them as boxes).
std::string markup_text(std::string_view s, Apostrophe apostrophe);

}  // namespace atmbench::reports
