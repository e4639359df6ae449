// The process-wide side of the share folder: which program is running and where, the `--fixtures` flag, and the
// lookups every component makes through them (share_folder.hpp).
#include "atmbench/share_folder.hpp"

#include <dlfcn.h>
#include <unistd.h>

#include <cstdlib>
#include <mutex>

namespace atmbench::share_folder {

namespace fs = std::filesystem;

namespace {

struct Settings {
    std::mutex mutex;
    std::optional<Program> program;
    std::optional<fs::path> flag;
};

Settings& settings() {
    static Settings s;
    return s;
}

// "/a/b/" for "/a/b/c/..": the trailing separator would make it differ from "/a/b".
fs::path normal(const fs::path& p) {
    fs::path n = p.lexically_normal();
    return n.has_filename() || !n.has_relative_path() ? n : n.parent_path();
}

Program located(const fs::path& file, const fs::path& prefix_from_dir) {
    Program p;
    p.dir = fs::absolute(file).parent_path();
    p.prefix = normal(p.dir / prefix_from_dir);
    p.bin_candidates = {p.dir};
    return p;
}

}  // namespace

Program running_executable() {
    std::error_code ec;
    fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (ec) return located(fs::current_path() / "atmbench", "..");  // no /proc: the checkout-above-cwd step still works
    return located(exe, "..");
}

Program program_at(const void* address, const fs::path& prefix_from_dir) {
    Dl_info info{};
    if (::dladdr(address, &info) == 0 || info.dli_fname == nullptr) return running_executable();
    return located(info.dli_fname, prefix_from_dir);
}

void set_program(Program program) {
    std::lock_guard lock(settings().mutex);
    settings().program = std::move(program);
}

void set_fixtures_flag(fs::path dir) {
    std::lock_guard lock(settings().mutex);
    settings().flag = std::move(dir);
}

Places current_places() {
    Places p;
    {
        std::lock_guard lock(settings().mutex);
        if (!settings().program) settings().program = running_executable();
        p.program = *settings().program;
        p.flag = settings().flag;
    }
    if (const char* env = std::getenv("ATMBENCH_FIXTURES"); env != nullptr && *env != '\0') p.env = env;
    std::error_code ec;
    p.cwd = fs::current_path(ec);
    return p;
}

fs::path fixtures() { return locate(Kind::Fixtures, current_places()); }

fs::path scenarios() { return locate(Kind::Scenarios, current_places()); }

fs::path bin_dir() {
    const Program program = current_places().program;
    std::string looked;
    for (const auto& dir : program.bin_candidates) {
        std::error_code ec;
        if (fs::is_regular_file(dir / "atmbench", ec)) return normal(dir);
        looked += "\n  " + (dir / "atmbench").lexically_normal().string() + ": missing";
    }
    throw NotFound("atmbench: the bench's programs (atmbench, atmbench-terminal) are not where they were looked for:" + looked);
}

}  // namespace atmbench::share_folder
