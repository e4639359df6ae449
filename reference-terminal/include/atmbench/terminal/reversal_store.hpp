// Reversals waiting for the host's acknowledgement, kept in STATE_DIR/reversals.json. A reversal is written here
// before it is first sent and removed only when the host acknowledges it, so a terminal that restarts repeats it
// (0421, same identity) until then (7.3.6.7 a, seed 004 store-and-forward, RECOVERY-UNANSWERED).
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace atmbench::terminal {

struct PendingReversal {
    std::string original_mti;            // 0200
    std::map<int, std::string> original;  // the original's identifying fields (2, 3, 4, 11, 22, 25, 41, 42, 49)
    std::string reason;                  // why: timeout, dispense-failed, bad-reply, …
    int attempts = 0;
    std::string first_time;              // UTC, when it was decided

    const std::string& stan() const { return original.at(11); }
};

class ReversalStore {
public:
    // Loads what a previous run left; a corrupt file throws std::runtime_error naming it (the terminal then stays
    // out of service rather than forget a reversal).
    explicit ReversalStore(std::filesystem::path file);

    void add(PendingReversal r);
    void attempted(const std::string& stan);
    void acknowledged(const std::string& stan);
    const std::vector<PendingReversal>& pending() const { return pending_; }
    PendingReversal* find(const std::string& stan);

private:
    void save() const;
    std::filesystem::path file_;
    std::vector<PendingReversal> pending_;
};

}  // namespace atmbench::terminal
