// CashService: Storage commands — GetStorage, SetStorage, StartExchange, EndExchange
// (docs/references.md [XFS4IoT] §3.1 Storage.GetStorage; StartExchange/EndExchange errors).
#include "devices/cash/cash_payloads.hpp"
#include "devices/cash/cash_service.hpp"

#include <boost/json.hpp>

#include <algorithm>

namespace atmbench::devices {

namespace json = boost::json;
using xfs4iot::Command;
using xfs4iot::CompletionCode;

namespace {
// Sum of every count inside a cash counts object ({typeCNY100: {fit: 500}} → 500; {unrecognized: 3} → 3).
std::optional<std::int64_t> total_of(const json::value& v) {
    if (v.is_int64()) return v.as_int64();
    if (!v.is_object()) return std::nullopt;
    std::int64_t sum = 0;
    for (const auto& kv : v.as_object()) {
        auto n = total_of(kv.value());
        if (!n) return std::nullopt;
        sum += *n;
    }
    return sum;
}

// A SetStorage entry: {count: n} or {cash: {initial: counts}} / {cash: {status: {initial: counts}}}.
std::optional<std::int64_t> new_count(const json::value& entry) {
    if (const json::value* c = field(entry, "count")) return total_of(*c);
    const json::value* cash = field(entry, "cash");
    if (!cash) return std::nullopt;
    if (const json::value* c = field(*cash, "count")) return total_of(*c);
    if (const json::value* i = field(*cash, "initial")) return total_of(*i);
    if (const json::value* s = field(*cash, "status"))
        if (const json::value* i = field(*s, "initial")) return total_of(*i);
    return std::nullopt;
}
}  // namespace

json::object CashService::storage_json(const std::vector<std::string>& only) const {
    json::object storage;
    int index = 0;
    for (const CashUnit& u : model_.get_storage()) {
        ++index;
        if (only.empty() || std::find(only.begin(), only.end(), u.id) != only.end()) storage[u.id] = unit_json(u, index);
    }
    return storage;
}

void CashService::get_storage(Command& cmd) const {
    cmd.complete(CompletionCode::Success, json::object{{"storage", storage_json()}});
}

void CashService::set_storage(Command& cmd) {
    const json::value* storage = field(cmd.payload(), "storage");
    if (!storage || !storage->is_object() || storage->as_object().empty())
        return cmd.complete(CompletionCode::InvalidData, nullptr, "", "'storage' {unitN: {count}} is required");
    std::vector<std::pair<std::string, int>> changes;  // validated first: all or nothing
    for (const auto& kv : storage->as_object()) {
        auto n = new_count(kv.value());
        if (!model_.unit(kv.key()) || !n || *n < 0 || *n > 1'000'000)
            return cmd.complete(CompletionCode::InvalidData, nullptr, "",
                                "storage." + std::string(kv.key()) + ": unknown unit or no count");
        changes.emplace_back(kv.key(), static_cast<int>(*n));
    }
    for (const auto& [id, n] : changes) {
        Outcome o = model_.set_storage(id, n);
        if (!o.ok()) return finish(cmd, o);
    }
    cmd.complete(CompletionCode::Success);
}

void CashService::start_exchange(Command& cmd) { finish(cmd, model_.start_exchange()); }

void CashService::end_exchange(Command& cmd) { finish(cmd, model_.end_exchange()); }

}  // namespace atmbench::devices
