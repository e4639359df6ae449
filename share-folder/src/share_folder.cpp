// The search for the shipped data (share_folder.hpp): a pure function of Places, so its order is unit-tested.
#include "atmbench/share_folder.hpp"

#include <system_error>

namespace atmbench::share_folder {

namespace fs = std::filesystem;

namespace {

bool is_folder(const fs::path& p) {
    std::error_code ec;
    return fs::is_directory(p, ec);
}

// The nearest checkout at or above `start`, if any.
std::optional<fs::path> checkout_above(const fs::path& start) {
    if (start.empty()) return std::nullopt;
    std::error_code ec;
    fs::path dir = fs::weakly_canonical(fs::absolute(start, ec), ec);
    if (ec) dir = start;
    for (;;) {
        if (is_checkout(dir)) return dir;
        if (!dir.has_parent_path() || dir.parent_path() == dir) return std::nullopt;
        dir = dir.parent_path();
    }
}

const char* folder_name(Kind kind) { return kind == Kind::Fixtures ? "fixtures" : "scenarios"; }

}  // namespace

bool is_checkout(const fs::path& dir) {
    return is_folder(dir / "fixtures" / "terminals") && is_folder(dir / "scenarios") && is_folder(dir / "harness");
}

fs::path locate(Kind kind, const Places& places) {
    const std::string name = folder_name(kind);
    std::string looked;
    auto note = [&](const std::string& place, const std::string& why) { looked += "\n  " + place + ": " + why; };

    // An explicit place is what the user meant: one that is not a folder is their mistake to hear about, not a
    // reason to quietly take another tree's fixtures.
    if (kind == Kind::Fixtures) {
        if (places.flag) {
            if (is_folder(*places.flag)) return *places.flag;
            throw NotFound("--fixtures " + places.flag->string() + ": not a folder (expected the fixtures folder: "
                           "iso8583/, terminals/, cards/, devices/, …)");
        }
        note("--fixtures DIR", "not given");
        if (places.env) {
            if (is_folder(*places.env)) return *places.env;
            throw NotFound("ATMBENCH_FIXTURES=" + places.env->string() + ": not a folder (expected the fixtures folder: "
                           "iso8583/, terminals/, cards/, devices/, …)");
        }
        note("$ATMBENCH_FIXTURES", "not set");
    }
    if (auto c = checkout_above(places.program.dir)) return *c / name;
    note("a checkout at or above the program's folder " + places.program.dir.string(), "none");
    if (auto c = checkout_above(places.cwd)) return *c / name;
    note("a checkout at or above the current folder " + places.cwd.string(), "none");
    const fs::path installed = (places.program.prefix / "share" / "atmbench" / name).lexically_normal();
    if (is_folder(installed)) return installed;
    note("the installed share folder " + installed.string(), "missing");
    throw NotFound("atmbench: no " + name + " folder found; looked, in order, at:" + looked +
                   (kind == Kind::Fixtures ? "\nGive --fixtures DIR or set ATMBENCH_FIXTURES." : ""));
}

}  // namespace atmbench::share_folder
