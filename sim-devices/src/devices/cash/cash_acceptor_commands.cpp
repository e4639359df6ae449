// CashService: CashAcceptor commands — CashInStart, CashIn (waits for the customer's notes), CashInEnd,
// CashInRollback, GetCashInStatus (docs/references.md [XFS4IoT] §3.1 CashAcceptor).
#include "devices/cash/cash_payloads.hpp"
#include "devices/cash/cash_service.hpp"

#include <boost/json.hpp>

namespace atmbench::devices {

namespace json = boost::json;
using xfs4iot::Command;
using xfs4iot::CompletionCode;

namespace {
int unrecognised(const std::vector<NoteCount>& notes) {
    int n = 0;
    for (const NoteCount& c : notes) n += c.note_class == NoteClass::unrecognised ? c.count : 0;
    return n;
}

int total(const std::vector<NoteCount>& notes) {
    int n = 0;
    for (const NoteCount& c : notes) n += c.count;
    return n;
}
}  // namespace

void CashService::cash_in_start(Command& cmd) { finish(cmd, model_.cash_in_start()); }

void CashService::cash_in(const CommandPtr& cmd) {
    // The input opens (InsertItemsEvent, solicited) and the command waits for the customer's notes.
    Outcome o = model_.ready_for_insert();
    if (!o.ok()) return finish(*cmd, o);
    waiting_cash_in_ = cmd;
    if (!model_.notes_at(where::input).empty()) return finish_cash_in();  // left there after a cancelled CashIn
    // Cancel, the header timeout or a disconnect end the wait; notes inserted later stay at the input until the
    // next CashIn counts them (or a Reset retracts them).
    cmd->on_stop([this] {
        waiting_cash_in_.reset();
        active_.reset();
    });
}

void CashService::finish_cash_in() {
    auto cmd = std::exchange(waiting_cash_in_, nullptr);
    CashInResult r = model_.cash_in();  // may send InputRefuseEvent on this command
    if (r.outcome.ok() && !r.accepted.empty() && !r.refused.empty()) {
        // The bunch was split: the accepted part is a finished sub cash-in, the refused notes wait at the output.
        cmd->event("CashAcceptor.SubCashInEvent", json::object{{"items", items_json(r.accepted)}});
    }
    finish(*cmd, r.outcome,
           json::object{{"items", items_json(r.accepted)},
                        {"unrecognized", unrecognised(r.refused)},
                        {"refused", total(r.refused)}});
    active_.reset();
    publish_status();
}

void CashService::cash_in_end(Command& cmd) {
    CashInEndResult r = model_.cash_in_end();
    finish(cmd, r.outcome, json::object{{"storage", moved_json(r.stored)}});
}

void CashService::cash_in_rollback(Command& cmd) {
    CashInEndResult r = model_.cash_in_rollback();
    finish(cmd, r.outcome, json::object{{"storage", moved_json(r.stored)}, {"returned", r.returned}});
}

void CashService::get_cash_in_status(Command& cmd) {
    CashInState s = model_.get_cash_in_status();
    cmd.complete(CompletionCode::Success, json::object{{"status", to_string(s.status)},
                                                       {"numOfRefused", s.refused},
                                                       {"noteNumberList", items_json(s.notes)}});
}

}  // namespace atmbench::devices
