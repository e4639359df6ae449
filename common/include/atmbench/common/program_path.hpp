// Where a program named on a command line is: a name with a slash is a path as given; a bare name (`node`) is looked
// up in the directories of PATH, in order, as execvp(3) and a shell do — so a terminal profile may start a program
// from PATH and the bench can still tell, before starting it, that it is not there.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace atmbench::common {

// The executable `program` names: itself when it has a '/', else the first PATH entry holding an executable regular
// file of that name (an empty entry is the current directory, POSIX XBD 8.3). nullopt when there is none.
// `path_variable` is PATH's value (the environment's when nullopt).
std::optional<std::filesystem::path> find_program(const std::string& program,
                                                  const std::optional<std::string>& path_variable = std::nullopt);

}  // namespace atmbench::common
