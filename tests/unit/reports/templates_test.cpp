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
    EXPECT_GE(files, 4u);  // report.html, scenario.html, report.css, report.js
}

TEST(Templates, UnknownTemplateIsNamed) {
    try {
        text("nope.html");
        FAIL() << "expected std::logic_error";
    } catch (const std::logic_error& e) {
        EXPECT_NE(std::string(e.what()).find("nope.html"), std::string::npos) << e.what();
    }
}

// Every {{name}} of a template (comments aside), each as "[name]".
Values every_placeholder(std::string_view file) {
    const std::string_view t = text(file);
    Values values;
    for (std::size_t at = t.find("{{"); at != std::string_view::npos; at = t.find("{{", at + 2)) {
        const std::string_view name = t.substr(at + 2, t.find("}}", at) - at - 2);
        if (!name.starts_with('!')) values[std::string(name)] = "[" + std::string(name) + "]";
    }
    return values;
}

TEST(Templates, FillsEveryPlaceholderOfThePage) {
    Values values = every_placeholder("report.html");
    EXPECT_GE(values.size(), 30u);
    values["terminal"] = "{{summary_line}}";  // a value is never searched for placeholders
    const std::string page = fill("report.html", values);
    EXPECT_EQ(page.rfind("<!doctype html>\n", 0), 0u) << "the comment and its newline vanish";
    EXPECT_NE(page.find("report — {{summary_line}}</title>"), std::string::npos);
    EXPECT_NE(page.find("<style>\n[style]</style>"), std::string::npos);
    EXPECT_NE(page.find("<script>\n[script]</script></body></html>\n"), std::string::npos);

    const std::string section = fill("scenario.html", every_placeholder("scenario.html"));
    EXPECT_EQ(section.rfind("<details class=\"scn s-[status]\" id=\"s-[k]\"", 0), 0u);
    EXPECT_TRUE(section.ends_with("id=\"d-[k]\">[data]</script></details>\n"));
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
    Values values = every_placeholder("scenario.html");
    values["legend"] = "x";
    try {
        fill("scenario.html", values);
        FAIL() << "expected std::logic_error";
    } catch (const std::logic_error& e) {
        EXPECT_NE(std::string(e.what()).find("scenario.html: no placeholder {{legend}}"), std::string::npos) << e.what();
    }
}

}  // namespace
}  // namespace atmbench::reports::templates
