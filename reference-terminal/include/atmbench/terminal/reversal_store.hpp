// Reversals waiting for the host's acknowledgement, kept in STATE_DIR/reversals.json. A reversal is written here
// before it is first sent and removed only when the host acknowledges it, so a terminal that restarts repeats it
// (0421, same identity) until then (7.3.6.7 a, seed 004 store-and-forward, RECOVERY-UNANSWERED).
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
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

// (The same record, in STATE_DIR/deposit.json with phase "authorising", keeps a deposit whose request may have
// reached the host while its notes wait in the escrow: a power cut there must not lose them, 7.3.7 c.)
// A withdrawal the host approved whose notes have not been put within the customer's reach yet, kept in
// STATE_DIR/dispense.json (fsync + rename, like reversals.json). 7.3.6.7 a: an approved withdrawal whose cash never
// reached the customer is reversed — also when the power fails between authorisation and present, which only a
// record made *before* the Dispense can tell the next start-up. Phase "dispensing": written before Dispense (the
// notes are in the cassettes or the transport; a restart retracts them and reverses); "presenting": written
// before Present (the notes may have reached the exit: 7.3.6.7 c 5, no reversal, recorded for reconciliation).
struct InterruptedDispense {
    std::string original_mti;
    std::map<int, std::string> original;  // as PendingReversal::original
    std::string phase;                    // dispensing | presenting
    std::string time;                     // UTC, when authorised
};

class DispenseGuard {
public:
    explicit DispenseGuard(std::filesystem::path file);
    // What a previous run left (nullopt: nothing in doubt). A corrupt file throws std::runtime_error naming it.
    std::optional<InterruptedDispense> left() const;
    void arm(InterruptedDispense d, std::string phase = "dispensing");
    void presenting();                     // phase presenting
    void clear();

private:
    void save(const InterruptedDispense& d) const;
    std::filesystem::path file_;
    std::optional<InterruptedDispense> current_;
};

}  // namespace atmbench::terminal
