#include "atmbench/terminal/defects.hpp"

#include <stdexcept>

namespace atmbench::terminal {

const std::vector<DefectInfo>& defect_catalogue() {
    static const std::vector<DefectInfo> all{
        {"skip-cassette-check", "INIT-CASSETTE-MISMATCH,DEV-CASSETTE-EVENT,INV-MONEY", "dispenses from a unit whose currency/denomination differs from the cassette table"},
        {"eject-residual-card", "INIT-RESIDUAL-CARD,INV-CARD", "ejects a card found in the reader at start-up instead of retaining it"},
        {"serve-without-keys", "INIT-INTEGRITY", "comes into service although the key material is missing or corrupt"},
        {"present-residual-notes", "INIT-RESIDUAL-NOTES", "presents notes found in the transport at start-up instead of retracting them"},
        {"ignore-stan-mismatch", "HOST-FIELD-CHECK,INV-MATCH,DEV-DISPENSE-INTEGRITY,RESULT-UNCERTAIN", "accepts a reply whose STAN differs from the request and dispenses"},
        {"accept-unmatched-reply", "HOST-UNMATCHED,INV-MATCH,DEV-DISPENSE-INTEGRITY,RESULT-UNCERTAIN", "treats an undecodable or unmatched reply as approved"},
        {"no-uncertain-screen", "RESULT-UNCERTAIN", "on reply timeout tells the customer the transaction failed instead of uncertain"},
        {"skip-luhn", "CARD-LUHN", "sends requests for a PAN that fails its check digit"},
        {"offer-unavailable", "FUNC-AVAILABLE", "offers withdrawal although no cassette can dispense"},
        {"offer-deposit-unavailable", "FUNC-AVAILABLE", "offers deposit although the acceptor cannot take notes (its drop cassette out or full)"},
        {"skip-cash-precheck", "CASH-PRECHECK", "asks the host to authorise an amount the cassettes cannot pay"},
        {"no-reversal-after-dispense-failure", "REV-REQUIRED", "does not reverse an approved withdrawal whose dispense failed"},
        {"no-reversal-record", "REV-RECORD", "sends reversals without journaling them"},
        {"reverse-on-connect-failure", "NOREV-CONNECT,NOREV-SEND,INV-REVERSAL-LINK", "sends a reversal for a withdrawal that never reached the host"},
        {"reverse-on-retain", "NOREV-HOST-RETAIN", "reverses after the host replied that the cash must be retained"},
        {"reverse-when-not-taken", "NOREV-NOT-TAKEN", "reverses a withdrawal whose presented cash the customer did not take"},
        {"reverse-when-touched", "NOREV-TOUCHED", "reverses although the customer may have touched the notes (present failed)"},
        {"keep-deposit-on-cancel", "DEP-RETURN,INV-MONEY", "keeps the notes when the customer cancels a deposit"},
        {"return-deposit-on-timeout", "DEP-RETAIN-TIMEOUT,DEP-FAULT-CREDIT-FAILED", "returns the notes of a deposit whose reply timed out"},
        {"return-deposit-on-bad-reply", "DEP-RETAIN-BADREPLY,DEP-FAULT-CREDIT-FAILED", "returns the notes of a deposit whose reply mismatched"},
        {"return-deposit-on-unknown-code", "DEP-RETAIN-UNKNOWN-RC,DEP-FAULT-CREDIT-FAILED", "returns the notes of a deposit answered with an unknown code"},
        {"eject-uncollected-card", "TMO-CARD-NOT-TAKEN,INV-CARD", "leaves a card that was not taken at the exit instead of capturing it"},
        {"no-heartbeat", "TMO-HEARTBEAT,FUNC-AVAILABLE,REV-REQUIRED", "sends no idle status heartbeat to the host (and so never repeats an unacknowledged reversal from the idle loop)"},
        {"no-serials", "REC-SERIALS", "does not journal note serial numbers"},
        {"unmasked-pan", "RCPT-MASK", "prints the full PAN on the receipt"},
        {"no-exception-on-receipt", "RCPT-EXCEPTION", "prints exceptions like an ordinary result line"},
        {"journal-pin-block", "INV-NO-SECRETS", "writes the PIN block to the journal"},
        {"admin-during-session", "OPS-NO-ADMIN-IN-TXN", "accepts shutdown/pause from the admin port during a customer session"},
        {"ignore-gate-sensor", "DEV-SLOT-GATE", "keeps serving cards while the card entry gate is abnormal"},
        {"no-transaction-journal", "REC-JOURNAL", "does not journal host exchanges"},
        {"ignore-card-pulled", "DEV-CARD-CONSISTENT", "goes on with a transaction after the card was pulled out"},
        {"carry-session-data", "DATA-CLEARED", "keeps the previous customer's card number for the next session"},
        {"dispense-more", "DEV-DISPENSE-INTEGRITY,INV-ONE-DISPENSE,INV-MONEY", "dispenses one note more than the host approved"},
        {"reverse-after-settlement", "NOREV-SETTLED", "keeps repeating pending reversals after the batch was sent for settlement"},
        {"ignore-new-keys", "KEY-REMOTE", "keeps the old PIN key when a re-sign-on delivers new working keys"},
        {"unbounded-card-read", "TMO-CARD-READ,INV-CARD", "waits for ever for a card read that does not complete"},
        {"llvar-counts-bytes", "HOST-FORMAT", "writes LLVAR length prefixes (PAN, track 2) that count BCD bytes instead of digits"},
        {"pad-wrong-side", "HOST-FORMAT", "pads odd-length BCD LLVAR fields on the wrong side (the PAN on the right, track data on the left)"},
    };
    return all;
}

Defects::Defects(const std::vector<std::string>& names) {
    for (const auto& n : names) {
        bool known = false;
        for (const auto& d : defect_catalogue()) known = known || n == d.name;
        if (!known) {
            std::string list;
            for (const auto& d : defect_catalogue()) list += std::string(list.empty() ? "" : ", ") + d.name;
            throw std::invalid_argument("unknown defect switch '" + n + "' (known: " + list + ")");
        }
        on_.insert(n);
    }
}

}  // namespace atmbench::terminal
