#include "atmbench/common/program_path.hpp"

#include <cstdlib>
#include <system_error>

#include <unistd.h>

namespace atmbench::common {

namespace {
bool executable_file(const std::filesystem::path& p) {
    std::error_code ec;
    return std::filesystem::is_regular_file(p, ec) && ::access(p.c_str(), X_OK) == 0;
}
}  // namespace

std::optional<std::filesystem::path> find_program(const std::string& program,
                                                  const std::optional<std::string>& path_variable) {
    if (program.empty()) return std::nullopt;
    if (program.find('/') != std::string::npos) {
        std::error_code ec;
        if (std::filesystem::exists(program, ec)) return std::filesystem::path(program);
        return std::nullopt;
    }
    std::string path;
    if (path_variable) {
        path = *path_variable;
    } else if (const char* env = std::getenv("PATH")) {
        path = env;
    }
    std::size_t start = 0;
    while (start <= path.size()) {
        std::size_t end = path.find(':', start);
        if (end == std::string::npos) end = path.size();
        std::string dir = path.substr(start, end - start);
        std::filesystem::path candidate = (dir.empty() ? std::filesystem::path(".") : std::filesystem::path(dir)) / program;
        if (executable_file(candidate)) return candidate;
        start = end + 1;
    }
    return std::nullopt;
}

}  // namespace atmbench::common
