// Where the bench's shipped data (fixtures/, scenarios/) and its programs are, found at run time. Nothing about the
// machine it was built on is compiled in, so a build tree, a fresh clone anywhere and an installed copy
// (PREFIX/bin/atmbench, PREFIX/share/atmbench/{fixtures,scenarios}) all work wherever they sit.
//
// The search, first hit wins (README.md, "Install"):
//   1. the explicit flag (`atmbench --fixtures DIR`)             fixtures only
//   2. $ATMBENCH_FIXTURES                                        fixtures only
//   3. a checkout at or above the program's own folder           (a build tree inside the clone)
//   4. a checkout at or above the current folder                 (an installed program run inside a clone)
//   5. PREFIX/share/atmbench, PREFIX taken relative to the program (an installed copy)
// An explicit place (1, 2) that is not a folder is an error, never skipped; nothing found is an error that lists
// every place looked, in order.
#pragma once

#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace atmbench::share_folder {

// what(): what was looked for and every place looked, with why each did not count.
class NotFound : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// The running code and where it sits: the `atmbench` program, or the Python module's shared object.
struct Program {
    std::filesystem::path dir;     // its folder
    std::filesystem::path prefix;  // the install prefix it would have (dir/.. for PREFIX/bin/atmbench)
    // Where the bench's programs (`atmbench`, `atmbench-terminal`) may be, in order; the first holding `atmbench`
    // is {bin_dir} of terminal profiles. Default {dir}.
    std::vector<std::filesystem::path> bin_candidates;
};

// Every input of the search, so its order is testable without touching the process.
struct Places {
    std::optional<std::filesystem::path> flag;  // --fixtures DIR
    std::optional<std::filesystem::path> env;   // $ATMBENCH_FIXTURES
    Program program;
    std::filesystem::path cwd;
};

enum class Kind { Fixtures, Scenarios };

// The folder of `kind` (…/fixtures or …/scenarios); throws NotFound.
std::filesystem::path locate(Kind kind, const Places& places);

// A checkout of atmbench: fixtures/terminals, scenarios/ and harness/ side by side (a user's own project with a
// fixtures/ folder is not one).
bool is_checkout(const std::filesystem::path& dir);

// The program at `address` (a function of it): its file through dladdr, prefix = dir / prefix_from_dir.
Program program_at(const void* address, const std::filesystem::path& prefix_from_dir);
// The running executable (/proc/self/exe), prefix its folder's parent.
Program running_executable();

// --- process-wide: set once by main() or the Python module's init, before any thread needs them ---
void set_program(Program program);                      // default: running_executable()
void set_fixtures_flag(std::filesystem::path dir);      // `--fixtures DIR`
Places current_places();                                // the above, $ATMBENCH_FIXTURES, the current folder
std::filesystem::path fixtures();                       // locate(Kind::Fixtures, current_places())
std::filesystem::path scenarios();                      // locate(Kind::Scenarios, current_places())
std::filesystem::path bin_dir();                        // first of bin_candidates holding `atmbench`; NotFound

}  // namespace atmbench::share_folder
