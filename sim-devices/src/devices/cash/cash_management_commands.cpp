// CashService: CashManagement commands — Retract, Reset, OpenShutter, CloseShutter, GetItemInfo
// (docs/references.md [XFS4IoT] §3.1 CashManagement.Retract).
#include "devices/cash/cash_payloads.hpp"
#include "devices/cash/cash_service.hpp"

#include <boost/json.hpp>

namespace atmbench::devices {

namespace json = boost::json;
using xfs4iot::Command;
using xfs4iot::CompletionCode;

namespace {
// XFS note levels: 2 counterfeit, 3 suspect, 4 genuine (fit or unfit); 1 is an unrecognised item.
std::string_view level_of(NoteClass c) {
    switch (c) {
        case NoteClass::unrecognised: return "level1";
        case NoteClass::counterfeit: return "level2";
        case NoteClass::suspect: return "level3";
        default: return "level4";
    }
}

json::value retract_payload(const RetractResult& r) {
    if (r.unit.empty()) return nullptr;
    return json::object{{"storage", moved_json({{r.unit, r.retracted}})}};
}
}  // namespace

void CashService::retract(Command& cmd) {
    // §3.1 Retract {location:{outputPosition, retractArea, index}}: the model has retract and reject areas;
    // index is 1-based among the units of that area.
    const json::value* loc = field(cmd.payload(), "location");
    std::string area = loc ? string_field(*loc, "retractArea", "retract") : "retract";
    std::int64_t index = 1;
    if (const json::value* i = loc ? field(*loc, "index") : nullptr) {
        if (!i->is_int64() || i->as_int64() < 1)
            return cmd.complete(CompletionCode::InvalidData, nullptr, "", "location.index must be an integer >= 1");
        index = i->as_int64();
    }
    if (loc && string_field(*loc, "outputPosition", "outDefault") != "outDefault")
        return finish(cmd, Outcome::error("invalidRetractPosition"));
    if (area != "retract" && area != "reject") return finish(cmd, Outcome::error("notRetractArea", area));
    RetractResult r = model_.retract(area, static_cast<int>(index));
    finish(cmd, r.outcome, retract_payload(r));
}

void CashService::reset(Command& cmd) {
    // Leftovers in the transport, at the output or in escrow go to the retract unit (the model's choice).
    RetractResult r = model_.reset();
    finish(cmd, r.outcome, retract_payload(r));
}

void CashService::open_shutter(Command& cmd) { finish(cmd, model_.open_shutter()); }

void CashService::close_shutter(Command& cmd) { finish(cmd, model_.close_shutter()); }

void CashService::get_item_info(Command& cmd) {
    // The notes the last dispense or cash-in moved, with serial numbers (冠字号); an optional `level` filters.
    std::string level = string_field(cmd.payload(), "level");
    json::array items;
    for (const Note& n : model_.last_notes()) {
        if (!level.empty() && level_of(n.note_class) != level) continue;
        items.push_back(json::object{{"level", level_of(n.note_class)},
                                     {"noteType", note_type(n.currency, n.value)},
                                     {"serialNumber", n.serial},
                                     {"classification", to_string(n.note_class)}});
    }
    cmd.complete(CompletionCode::Success, json::object{{"itemsList", std::move(items)}});
}

}  // namespace atmbench::devices
