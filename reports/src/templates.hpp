// The report templates (reports/templates/), embedded into the library at build time by
// reports/cmake/embed_templates.cmake, and the one way they are filled in.
#pragma once

#include <map>
#include <span>
#include <string>
#include <string_view>

namespace atmbench::reports::templates {

struct EmbeddedFile {
    std::string_view name;   // file name in reports/templates/, e.g. "report.css"
    std::string_view bytes;  // its content, exactly
};
// Every embedded template (the generated embedded_templates.cpp).
std::span<const EmbeddedFile> embedded_files();

// A template's values by placeholder name.
using Values = std::map<std::string, std::string, std::less<>>;

// The bytes of FILE; throws std::logic_error naming it when no such template was embedded.
std::string_view text(std::string_view file);

// FILE with every {{name}} replaced by values.at(name) in one pass (a value is never searched for placeholders,
// so hostile text in it cannot inject one); a {{! comment }} and the newline right after it vanish. Throws
// std::logic_error naming the template, the line and the placeholder when a placeholder has no value or a value
// has no placeholder: a template and its caller out of step is a build defect, never a half-filled report.
std::string fill(std::string_view file, const Values& values);

}  // namespace atmbench::reports::templates
