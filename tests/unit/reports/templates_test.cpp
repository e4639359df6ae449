// The embedded templates are the files in reports/templates/, byte for byte, and fill() refuses a template and a
// caller out of step instead of writing half a report.
#include "templates.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace atmbench::reports::templates {
namespace {

const std::filesystem::path kTemplates = std::filesystem::path(ATMBENCH_FIXTURES_DIR) / ".." / "reports" / "templates";

std::string file_bytes(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

TEST(Templates, EveryTemplateFileIsEmbeddedByteForByte) {
    std::size_t files = 0;
    for (const auto& entry : std::filesystem::directory_iterator(kTemplates)) {
        ++files;
        const std::string name = entry.path().filename().string();
        EXPECT_EQ(text(name), file_bytes(entry.path())) << name << " changed since the build embedded it";
    }
    EXPECT_EQ(files, embedded_files().size());
    EXPECT_GE(files, 4u);  // report.html, report.css, report.js, diagram-legend.html
}

TEST(Templates, UnknownTemplateIsNamed) {
    try {
        text("nope.html");
        FAIL() << "expected std::logic_error";
    } catch (const std::logic_error& e) {
        EXPECT_NE(std::string(e.what()).find("nope.html"), std::string::npos) << e.what();
    }
}

TEST(Templates, FillsEveryPlaceholderOfThePage) {
    std::map<std::string, std::string, std::less<>> values;
    for (const char* k : {"terminal", "defects_note", "verdict", "verdict_word", "summary_line", "summary", "matrix_columns",
                          "matrix_rows", "scenarios_total", "scenarios_failed", "scenarios_errors", "scenarios_passed", "scenarios",
                          "started", "style", "script"})
        values[k] = std::string("[") + k + "]";
    values["terminal"] = "{{summary}}";  // a value is never searched for placeholders
    const std::string page = fill("report.html", values);
    EXPECT_EQ(page.rfind("<!doctype html>\n", 0), 0u) << "the comment and its newline vanish";
    EXPECT_NE(page.find("report — {{summary}}</title>"), std::string::npos);
    EXPECT_NE(page.find("<style>\n[style]</style>"), std::string::npos);
    EXPECT_NE(page.find("<script>\n[script]</script></body></html>\n"), std::string::npos);
}

TEST(Templates, MissingValueNamesTemplateLineAndPlaceholder) {
    try {
        fill("report.html", {{"terminal", "x"}});
        FAIL() << "expected std::logic_error";
    } catch (const std::logic_error& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find("report.html:"), std::string::npos) << what;
        EXPECT_NE(what.find("no value for {{style}}"), std::string::npos) << what;
    }
}

TEST(Templates, ValueWithoutPlaceholderIsRefused) {
    EXPECT_EQ(fill("diagram-legend.html", {}).rfind("<div class=\"seqlegend\">", 0), 0u);
    EXPECT_THROW(fill("diagram-legend.html", {{"legend", "x"}}), std::logic_error);
}

}  // namespace
}  // namespace atmbench::reports::templates
