// CashDevice: the customer's and operator's hands, faults and physical truth of the cash module, around its
// service.
#include "devices/cash/cash_device.hpp"
#include "devices/cash/ccnet_acceptor.hpp"
#include "devices/device_type.hpp"
#include "devices/card_reader/card_reader_codec.hpp"
#include "devices/cash/cash_payloads.hpp"
#include "devices/cash/cash_service.hpp"

#include <boost/json.hpp>

namespace atmbench::devices {

namespace json = boost::json;

namespace {
std::optional<std::string> key_bytes(const std::string& hex) {
    if (hex.empty()) return std::nullopt;
    return bytes_of_hex(hex);  // throws std::invalid_argument for a key that is not hex
}

std::string text_arg(const json::object& o, const char* key, const std::string& dflt, const std::string& action) {
    const json::value* v = o.if_contains(key);
    if (!v || v->is_null()) {
        if (dflt.empty()) throw ActionError("cash." + action + ": '" + key + "' is required");
        return dflt;
    }
    if (!v->is_string()) throw ActionError("cash." + action + ": '" + key + "' must be a string");
    return std::string(v->as_string());
}

int count_arg(const json::object& o, const char* key, int dflt, const std::string& action) {
    const json::value* v = o.if_contains(key);
    if (!v || v->is_null()) return dflt;
    if (!v->is_int64() || v->as_int64() < 0 || v->as_int64() > 10'000)
        throw ActionError("cash." + action + ": '" + key + "' must be an integer from 0 to 10000");
    return static_cast<int>(v->as_int64());
}
}  // namespace

CashDevice::CashDevice(const CashModuleConfig& config, CashDeviceOptions options)
    : service_(std::make_shared<CashService>(config, key_bytes(options.e2e_key_hex))) {
    const DeviceContext* context = options.context;
    if (config.validator && (!context || context->open_lines)) {
        validator_ = std::make_unique<CcnetAcceptor>(
            *config.validator, context ? record_line(context->device_line, service_->name()) : DeviceLineListener{});
        service_->model().set_validator(validator_.get());
    }
    for (const CashUnitConfig& u : config.units)
        if (!u.currency.empty()) {
            currency_ = u.currency;
            break;
        }
    const ActionArg unit{"unit", ArgType::text, true, "a cash unit id"};
    define_actions({
        {"insertNotes",
         {{"notes", ArgType::list, false, "[{value, currency?, class?, serial?}], or the one kind below"},
          {"count", ArgType::integer, false, "notes of one kind, default 1"},
          {"value", ArgType::number, false, "denomination in major units"},
          {"currency", ArgType::text, false},
          {"class", ArgType::text, false, "fit|unfit|suspect|counterfeit|unrecognised"},
          {"serial", ArgType::text, false}},
         "the customer inserts notes while a CashIn waits",
         [this](const json::object& args) { return published(insert_notes(args)); }},
        {"takeCash", {{"count", ArgType::integer, false, "all by default"}}, "the customer takes presented notes",
         [this](const json::object& args) { return published(take("takeCash", args)); }},
        {"takeRefused", {}, "the customer takes refused or returned notes back",
         [this](const json::object& args) { return published(take("takeRefused", args)); }},
        {"replenish", {unit, {"count", ArgType::integer, false, "0 … 10000, default 0"}},
         "the operator loads new notes into a unit during an exchange",
         [this](const json::object& args) { return published(exchange("replenish", args)); }},
        {"emptyUnit", {unit}, "the operator takes every note out of a unit during an exchange",
         [this](const json::object& args) { return published(exchange("emptyUnit", args)); }},
    });
}

CashDevice::~CashDevice() {
    // The model (in the service) points at the validator: it goes first.
    service_.reset();
}

std::vector<std::shared_ptr<WireFace>> CashDevice::wire_faces() { return {service_}; }

CashModule& CashDevice::model() { return service_->model(); }

json::value CashDevice::insert_notes(const json::object& args) {
    CashModule& m = model();
    auto one_kind = [&](const json::object& o, int count) {
        std::string currency = text_arg(o, "currency", currency_.empty() ? "CNY" : currency_, "insertNotes");
        const json::value* v = o.if_contains("value");
        auto value = v ? minor_amount(*v, currency) : std::nullopt;
        if (!value || *value <= 0) throw ActionError("cash.insertNotes: 'value' must be a denomination in major units, e.g. 100");
        auto cls = note_class_from(text_arg(o, "class", "fit", "insertNotes"));
        if (!cls) throw ActionError("cash.insertNotes: 'class' must be fit, unfit, suspect, counterfeit or unrecognised");
        std::vector<Note> notes = m.make_notes(currency, *value, *cls, count);
        if (const json::value* s = o.if_contains("serial"); s && !s->is_null()) {
            if (!s->is_string() || count != 1) throw ActionError("cash.insertNotes: 'serial' must be a string, one per note");
            notes.front().serial = std::string(s->as_string());
        }
        return notes;
    };
    std::vector<Note> notes;
    if (const json::value* list = args.if_contains("notes")) {
        if (!list->is_array() || list->as_array().empty()) throw ActionError("cash.insertNotes: 'notes' must be a non-empty array");
        for (const json::value& n : list->as_array()) {
            if (!n.is_object()) throw ActionError("cash.insertNotes: each note is {value, currency?, class?, serial?}");
            for (Note& note : one_kind(n.as_object(), 1)) notes.push_back(std::move(note));
        }
    } else {
        int count = count_arg(args, "count", 1, "insertNotes");
        if (count == 0) throw ActionError("cash.insertNotes: 'count' must be at least 1");
        notes = one_kind(args, count);
    }
    json::array serials;
    for (const Note& n : notes) serials.push_back(json::string(n.serial));
    bool in = false;
    try {
        in = m.customer_insert(std::move(notes));
    } catch (const std::invalid_argument& e) {
        throw ActionError(std::string("cash.insertNotes: ") + e.what());
    }
    if (!in) throw ActionError("cash.insertNotes: the input is closed (no CashIn is waiting for notes)");
    return json::object{{"inserted", serials.size()}, {"serials", std::move(serials)}};
}

json::value CashDevice::take(const std::string& action, const json::object& args) {
    int want = action == "takeCash" ? count_arg(args, "count", -1, action) : -1;
    int taken = model().customer_take(want);
    if (taken == 0) throw ActionError("cash." + action + ": no notes the customer can reach at the output");
    return json::object{{"taken", taken}};
}

json::value CashDevice::exchange(const std::string& action, const json::object& args) {
    CashModule& m = model();
    std::string unit = text_arg(args, "unit", "", action);
    Outcome o = action == "replenish" ? m.replenish(unit, count_arg(args, "count", 0, action)) : m.empty_unit(unit);
    if (!o.ok()) throw ActionError("cash." + action + ": " + (o.error_code.empty() ? o.description : o.error_code));
    return json::object{{"unit", unit}, {"notes", m.physical_count(unit)}};
}

json::value CashDevice::published(json::value result) {
    service_->publish_status();
    return result;
}

void CashDevice::inject_fault(const FaultSpec& spec) {
    if (CcnetAcceptor::handles(spec.name)) {
        if (!validator_) throw ActionError("cash: " + spec.name + " needs a bill validator (config validator: {line: …})");
        try {
            validator_->inject_fault(spec);
        } catch (const std::invalid_argument& e) {
            throw ActionError(std::string("cash: ") + e.what());
        }
        service_->publish_status();
        return;
    }
    try {
        model().inject_fault(spec);
    } catch (const std::invalid_argument& e) {
        throw ActionError(std::string("cash: ") + e.what());
    }
    service_->publish_status();  // state faults (offline, cassetteMissing, notesInTransport) change the status
}

void CashDevice::clear_faults() {
    for (const std::string& name : CashModule::fault_names()) model().clear_fault(name);
    if (validator_) validator_->clear_faults();
    service_->publish_status();
}

// The type's fault table: the module's faults and the validator's (a module without a validator refuses those).
std::vector<std::string> CashDevice::fault_names() const { return CashModule::fault_names(); }

json::object CashDevice::physical_truth() const { return service_->model().physical_truth(); }

std::unique_ptr<SimulatedDevice> make_cash_device(const CashModuleConfig& config, CashDeviceOptions options) {
    return std::make_unique<CashDevice>(config, std::move(options));
}

}  // namespace atmbench::devices
