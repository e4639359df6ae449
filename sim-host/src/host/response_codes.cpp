#include "atmbench/host/response_codes.hpp"

#include <array>

namespace atmbench::host {

namespace {
// docs/references.md [ISO8583] §2.1, "CUP table with operation meaning and terminal handling class".
constexpr std::array<ResponseCode, 56> kTable{{
    {"00", "approved", 'A', false},
    {"01", "refer to card issuer", 'C', false},
    {"02", "refer to card issuer, special condition", 'C', false},
    {"03", "invalid merchant", 'C', false},
    {"04", "pick up card", 'D', true},
    {"05", "do not honour", 'C', false},
    {"06", "error", 'E', false},
    {"07", "pick up card, special condition", 'D', true},
    {"09", "request in progress", 'B', false},
    {"10", "approved for partial amount", 'A', false},
    {"11", "approved (VIP)", 'A', false},
    {"12", "invalid transaction", 'C', false},
    {"13", "invalid amount", 'B', false},
    {"14", "invalid card number", 'B', false},
    {"15", "no such issuer", 'C', false},
    {"19", "re-enter transaction", 'C', false},
    {"20", "invalid response", 'C', false},
    {"22", "suspected malfunction", 'C', false},
    {"25", "unable to locate original transaction", 'C', false},
    {"30", "format error", 'C', false},
    {"31", "bank not supported by switch", 'C', false},
    {"33", "expired card, pick up", 'D', true},
    {"34", "suspected fraud, pick up", 'D', true},
    {"35", "card acceptor contact acquirer security, pick up", 'D', true},
    {"36", "restricted card, pick up", 'D', true},
    {"37", "card acceptor call acquirer security, pick up", 'D', true},
    {"38", "allowable PIN tries exceeded, pick up", 'D', true},
    {"40", "requested function not supported", 'C', false},
    {"41", "lost card, pick up", 'D', true},
    {"42", "no such account", 'B', false},
    {"43", "stolen card, pick up", 'D', true},
    {"45", "use the chip", 'C', false},
    {"51", "insufficient funds", 'C', false},
    {"54", "expired card", 'C', false},
    {"55", "incorrect PIN", 'C', false},
    {"57", "transaction not permitted to cardholder", 'C', false},
    {"58", "transaction not permitted to terminal", 'C', false},
    {"59", "suspected fraud", 'C', false},
    {"61", "exceeds withdrawal amount limit", 'C', false},
    {"62", "restricted card", 'C', false},
    {"64", "original amount incorrect", 'C', false},
    {"65", "exceeds withdrawal frequency limit", 'C', false},
    {"67", "hard capture, pick up", 'D', true},
    {"68", "response received too late", 'C', false},
    {"75", "allowable number of PIN tries exceeded", 'C', false},
    {"77", "batch mismatch, sign on again", 'D', false},
    {"90", "cutoff in progress", 'C', false},
    {"91", "issuer inoperative", 'C', false},
    {"92", "financial institution cannot be found", 'C', false},
    {"94", "duplicate transmission", 'C', false},
    {"95", "reconcile error", 'C', false},
    {"96", "system malfunction", 'C', false},
    {"97", "terminal not registered", 'D', false},
    {"98", "no reply from issuer in time", 'E', false},
    {"99", "PIN format error, sign on again", 'B', false},
    {"A0", "MAC verification failed, sign on again", 'B', false},
}};
}  // namespace

const ResponseCode* find_response_code(std::string_view code) {
    for (const auto& rc : kTable)
        if (rc.code == code) return &rc;
    return nullptr;
}

}  // namespace atmbench::host
