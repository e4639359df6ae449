// find_program: a terminal profile's command may name a program on PATH (`node`), as a shell would find it.
#include "atmbench/common/program_path.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <sys/stat.h>

using atmbench::common::find_program;
namespace fs = std::filesystem;

namespace {

struct Dirs {
    Dirs() : root(fs::temp_directory_path() / ("atmbench-path-" + std::to_string(::getpid()))) {
        fs::create_directories(root / "a");
        fs::create_directories(root / "b");
    }
    ~Dirs() { fs::remove_all(root); }
    fs::path file(const std::string& dir, const std::string& name, bool executable) {
        fs::path p = root / dir / name;
        std::ofstream(p) << "#!/bin/sh\n";
        ::chmod(p.c_str(), executable ? 0755 : 0644);
        return p;
    }
    std::string path(std::initializer_list<const char*> dirs) {
        std::string out;
        for (const char* d : dirs) out += (out.empty() ? "" : ":") + (root / d).string();
        return out;
    }
    fs::path root;
};

}  // namespace

TEST(FindProgram, ABareNameIsTheFirstExecutableOnPath) {
    Dirs d;
    d.file("a", "term", false);  // not executable: skipped, as execvp skips it
    fs::path b = d.file("b", "term", true);
    EXPECT_EQ(find_program("term", d.path({"a", "b"})), b);
    fs::path a = d.file("a", "term", true);
    EXPECT_EQ(find_program("term", d.path({"a", "b"})), a) << "PATH's order";
    EXPECT_EQ(find_program("absent", d.path({"a", "b"})), std::nullopt);
    EXPECT_EQ(find_program("term", std::string()), std::nullopt) << "an empty PATH is the current directory only";
    EXPECT_EQ(find_program("", d.path({"a"})), std::nullopt);
}

TEST(FindProgram, ANameWithASlashIsThePathAsGiven) {
    Dirs d;
    fs::path p = d.file("a", "term", true);
    EXPECT_EQ(find_program(p.string(), std::string()), p);
    EXPECT_EQ(find_program((d.root / "a" / "none").string(), d.path({"a"})), std::nullopt);
}

TEST(FindProgram, TheShellIsOnTheEnvironmentsPath) {
    auto sh = find_program("sh");
    ASSERT_TRUE(sh.has_value());
    EXPECT_EQ(sh->filename(), "sh");
}
