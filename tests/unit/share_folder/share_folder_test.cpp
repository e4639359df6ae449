// The share folder search (share-folder/include/atmbench/share_folder.hpp): its order, its explicit places that
// must exist, and an error that names every place looked. Every case builds its own trees under a fresh folder.
#include "atmbench/share_folder.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <stdlib.h>

namespace fs = std::filesystem;
using namespace atmbench::share_folder;

namespace {

class ShareFolderSearch : public ::testing::Test {
protected:
    void SetUp() override {
        std::string tmpl = (fs::temp_directory_path() / "atmbench-share-folder-XXXXXX").string();
        ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
        root_ = fs::canonical(tmpl);
    }
    void TearDown() override { fs::remove_all(root_); }

    // A clone: the three folders that make a checkout, and a build tree inside it.
    fs::path checkout(const std::string& name) {
        fs::path c = root_ / name;
        for (const char* d : {"fixtures/terminals", "scenarios/conformance", "harness", "build/harness"})
            fs::create_directories(c / d);
        return c;
    }
    // An installed copy: PREFIX/bin/atmbench and PREFIX/share/atmbench/{fixtures,scenarios}.
    fs::path installed(const std::string& name) {
        fs::path prefix = root_ / name;
        fs::create_directories(prefix / "bin");
        std::ofstream(prefix / "bin" / "atmbench") << "";
        fs::create_directories(prefix / "share/atmbench/fixtures/terminals");
        fs::create_directories(prefix / "share/atmbench/scenarios");
        return prefix;
    }
    fs::path folder(const std::string& name) {
        fs::create_directories(root_ / name);
        return root_ / name;
    }
    static Places run_from(const fs::path& prefix, const fs::path& cwd) {
        Places p;
        p.program = {prefix / "bin", prefix, {prefix / "bin"}};
        p.cwd = cwd;
        return p;
    }

    fs::path root_;
};

std::string error_of(Kind kind, const Places& places) {
    try {
        fs::path found = locate(kind, places);
        return "found " + found.string();
    } catch (const NotFound& e) {
        return e.what();
    }
}

}  // namespace

TEST_F(ShareFolderSearch, TheFlagComesFirst) {
    fs::path prefix = installed("usr");
    Places p = run_from(prefix, checkout("clone"));
    p.flag = folder("mine");
    p.env = folder("env");
    EXPECT_EQ(locate(Kind::Fixtures, p), root_ / "mine");
}

TEST_F(ShareFolderSearch, TheEnvironmentComesBeforeAnyCheckout) {
    fs::path clone = checkout("clone");
    Places p = run_from(clone / "build", clone);
    p.program.dir = clone / "build" / "harness";
    p.env = folder("env");
    EXPECT_EQ(locate(Kind::Fixtures, p), root_ / "env");
}

TEST_F(ShareFolderSearch, AnExplicitPlaceThatIsNoFolderIsAnErrorNotSkipped) {
    Places p = run_from(installed("usr"), checkout("clone"));
    p.flag = root_ / "typo";
    p.env = folder("env");
    std::string e = error_of(Kind::Fixtures, p);
    EXPECT_NE(e.find("--fixtures " + (root_ / "typo").string() + ": not a folder"), std::string::npos) << e;
    p.flag.reset();
    p.env = root_ / "typo";
    e = error_of(Kind::Fixtures, p);
    EXPECT_NE(e.find("ATMBENCH_FIXTURES=" + (root_ / "typo").string() + ": not a folder"), std::string::npos) << e;
}

TEST_F(ShareFolderSearch, TheCheckoutAboveTheProgramComesBeforeTheOneAboveTheCurrentFolder) {
    fs::path mine = checkout("clone");
    fs::path other = checkout("other");
    Places p = run_from(mine / "build", other / "scenarios");
    p.program.dir = mine / "build" / "harness";
    EXPECT_EQ(locate(Kind::Fixtures, p), mine / "fixtures");
    EXPECT_EQ(locate(Kind::Scenarios, p), mine / "scenarios");
}

TEST_F(ShareFolderSearch, AnInstalledProgramRunInsideACloneTakesTheClone) {
    fs::path clone = checkout("clone");
    Places p = run_from(installed("usr"), clone / "scenarios" / "conformance");
    EXPECT_EQ(locate(Kind::Fixtures, p), clone / "fixtures");
}

TEST_F(ShareFolderSearch, OutsideAnyCheckoutTheInstalledShareFolder) {
    fs::path prefix = installed("usr");
    Places p = run_from(prefix, folder("elsewhere"));
    EXPECT_EQ(locate(Kind::Fixtures, p), prefix / "share" / "atmbench" / "fixtures");
    EXPECT_EQ(locate(Kind::Scenarios, p), prefix / "share" / "atmbench" / "scenarios");
}

TEST_F(ShareFolderSearch, AFolderWithOnlyFixturesIsNoCheckout) {
    fs::create_directories(root_ / "project" / "fixtures" / "terminals");
    fs::create_directories(root_ / "project" / "scenarios");
    EXPECT_FALSE(is_checkout(root_ / "project"));
    EXPECT_TRUE(is_checkout(checkout("clone")));
}

TEST_F(ShareFolderSearch, NothingFoundNamesEveryPlaceInOrder) {
    Places p = run_from(root_ / "nowhere", folder("elsewhere"));
    std::string e = error_of(Kind::Fixtures, p);
    std::size_t at = 0;
    for (const std::string& place :
         {std::string("no fixtures folder found"), std::string("--fixtures DIR: not given"),
          std::string("$ATMBENCH_FIXTURES: not set"), "the program's folder " + (root_ / "nowhere" / "bin").string() + ": none",
          "the current folder " + (root_ / "elsewhere").string() + ": none",
          "the installed share folder " + (root_ / "nowhere" / "share" / "atmbench" / "fixtures").string() + ": missing"}) {
        std::size_t next = e.find(place, at);
        ASSERT_NE(next, std::string::npos) << "'" << place << "' missing or out of order in:\n" << e;
        at = next;
    }
}

TEST_F(ShareFolderSearch, ScenariosIgnoreTheFixturesOverrides) {
    fs::path prefix = installed("usr");
    Places p = run_from(prefix, folder("elsewhere"));
    p.flag = folder("mine");
    p.env = folder("env");
    EXPECT_EQ(locate(Kind::Scenarios, p), prefix / "share" / "atmbench" / "scenarios");
}

TEST_F(ShareFolderSearch, TheProgramsAreTheFirstCandidateHoldingAtmbench) {
    fs::path prefix = installed("usr");
    set_program({prefix / "lib", prefix, {root_ / "build-tree-harness", prefix / "bin"}});
    EXPECT_EQ(bin_dir(), prefix / "bin");
    set_program({prefix / "lib", prefix, {root_ / "a", root_ / "b"}});
    try {
        bin_dir();
        ADD_FAILURE();
    } catch (const NotFound& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find((root_ / "a" / "atmbench").string()), std::string::npos) << what;
        EXPECT_NE(what.find((root_ / "b" / "atmbench").string()), std::string::npos) << what;
    }
    set_program(running_executable());
}

TEST(RunningProgram, IsThisTestProgramWithItsParentAsPrefix) {
    Program p = running_executable();
    EXPECT_TRUE(fs::exists(p.dir / "share_folder_tests")) << p.dir;
    EXPECT_EQ(p.prefix, p.dir.parent_path());
    ASSERT_EQ(p.bin_candidates.size(), 1u);
}
