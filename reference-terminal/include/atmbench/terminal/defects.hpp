// Defect switches: each makes the reference terminal break exactly one rule of docs/conformance.md, so the suite can
// prove it catches that defect (issue: "the proof that the suite catches each defect"). `--defect NAME`.
#pragma once

#include <set>
#include <string>
#include <vector>

namespace atmbench::terminal {

struct DefectInfo {
    const char* name;
    // The docs/conformance.md rules it breaks, comma-separated: the first is the rule the switch is about; the others
    // break with it by nature (a dispense of more than approved also leaves money unaccounted: INV-MONEY).
    const char* rule;
    const char* what;  // what the terminal then does wrong
};

const std::vector<DefectInfo>& defect_catalogue();

class Defects {
public:
    // Throws std::invalid_argument naming the unknown switch and listing the known ones.
    explicit Defects(const std::vector<std::string>& names);
    Defects() = default;
    bool on(const char* name) const { return on_.count(name) > 0; }
    const std::set<std::string>& names() const { return on_; }

private:
    std::set<std::string> on_;
};

}  // namespace atmbench::terminal
