// The terminal's current settlement batch, kept in STATE_DIR/batch.json so a restart does not lose it: its number
// (F60.2) and the approved withdrawals (debits) and deposits (credits) it holds by STAN. A transaction the terminal
// decided to reverse leaves the totals at once — the terminal counts what it believes the host should keep; when
// the host never got the reversal the totals differ and the host answers 95 (reconcile, 7.3.7 b).
#pragma once

#include "atmbench/host/settlement.hpp"
#include "atmbench/terminal/host_message.hpp"

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>

namespace atmbench::terminal {

class Batch {
public:
    // Loads what a previous run left (a missing or unreadable file starts batch 000001, empty).
    explicit Batch(std::filesystem::path file);

    void approved(const HostMessage& request);  // an approved 0200: withdrawals (01) and deposits (21) count
    void reversed(const std::string& stan);          // a reversal was decided: out of the totals
    host::BatchTotals totals() const;
    std::string number() const;  // N6, e.g. "000001"
    void close();                // settled: the next number, nothing in it

private:
    struct Item {
        std::string kind;  // 01 | 21
        std::int64_t amount = 0;
    };
    void save() const;
    std::filesystem::path file_;
    unsigned number_ = 1;
    std::map<std::string, Item> items_;  // by STAN
};

}  // namespace atmbench::terminal
