// Batch settlement (结算, 0500/0510): the terminal closes its batch by sending the totals it counted, the host
// answers with its own count of the same batch and whether they agree. Once a batch has entered this flow, a
// failed withdrawal of it is reconciled, never reversed (7.3.6.7 c 6).
//
// F48 layout (CUP POS settlement practice, docs/references.md [ISO8583] §1.6 "48 附加数据-私有"):
//   debit amount N12 | debit count N3 | credit amount N12 | credit count N3            (request, 30 characters)
//   … the same four as the host counted | reconciliation N1: 1 balanced, 2 not balanced (reply, 31 characters)
// Debits are approved withdrawals (01), credits approved deposits (21); reversed ones are not counted.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace atmbench::host {

struct BatchTotals {
    int debit_count = 0;
    std::int64_t debit_amount = 0;  // minor units
    int credit_count = 0;
    std::int64_t credit_amount = 0;

    bool operator==(const BatchTotals&) const = default;
    std::string to_f48() const;  // the 30-character totals
    // The totals at the start of an F48 (request or reply); nullopt when it is not 30 digits or more.
    static std::optional<BatchTotals> parse_f48(const std::string& f48);
};

// 60.3 of a settlement request (CUP POS: 201 batch settlement) — a network management information code.
inline constexpr const char* kSettlementCode = "201";
// F48 position 31 of the reply.
inline constexpr char kBalanced = '1', kNotBalanced = '2';

}  // namespace atmbench::host
