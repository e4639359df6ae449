#include "atmbench/terminal/cassette_table.hpp"

#include <algorithm>
#include <set>
#include <tuple>

namespace atmbench::terminal {

namespace {
std::string money(const std::string& currency, std::int64_t minor) {
    return currency + " " + std::to_string(minor / 100) + "." + (minor % 100 < 10 ? "0" : "") + std::to_string(minor % 100);
}

// Exact payment within the notes budget, honouring each unit's count: each unit from the largest value down takes as
// many notes as it can, and fewer when the rest cannot be paid otherwise (a 50 + 20 set pays 60 as 3 × 20, which
// largest-first alone misses). Failed (unit, rest, budget) states are remembered, so the search stays small.
bool pay_exactly(const std::vector<const UsableUnit*>& order, std::size_t i, std::int64_t left, int budget, NoteMix& mix,
                 std::set<std::tuple<std::size_t, std::int64_t, int>>& failed) {
    if (left == 0) return true;
    if (i == order.size() || budget <= 0 || failed.count({i, left, budget})) return false;
    const UsableUnit* u = order[i];
    std::int64_t most = std::min<std::int64_t>({static_cast<std::int64_t>(std::max(u->count, 0)), left / u->value,
                                                static_cast<std::int64_t>(budget)});
    for (std::int64_t n = most; n >= 0; --n)
        if (pay_exactly(order, i + 1, left - n * u->value, budget - static_cast<int>(n), mix, failed)) {
            if (n > 0) mix[u->id] = static_cast<int>(n);
            return true;
        }
    failed.insert({i, left, budget});
    return false;
}
}  // namespace

std::vector<UsableUnit> check_cassettes(const std::vector<CashUnitInfo>& reported,
                                        const std::vector<CassetteConfig>& table, bool trust_device) {
    std::vector<UsableUnit> out;
    for (const CashUnitInfo& r : reported) {
        if (r.type != "cashOut" && r.type != "recycling") continue;
        UsableUnit u{r.id, r.currency, r.value, r.count, false, ""};
        auto row = std::find_if(table.begin(), table.end(), [&](const CassetteConfig& c) { return c.unit == r.id; });
        if (r.status != "ok") u.why = "status " + r.status;
        else if (r.count <= 0) u.why = "empty";
        else if (trust_device) u.usable = true;
        else if (row == table.end()) u.why = "not in the cassette table";
        else if (row->currency != r.currency || row->value != r.value || row->type != r.type)
            u.why = "reports " + money(r.currency, r.value) + " " + r.type + ", the table says " +
                    money(row->currency, row->value) + " " + row->type;
        else u.usable = true;
        out.push_back(u);
    }
    return out;
}

std::optional<NoteMix> mix_for(std::int64_t amount, const std::vector<UsableUnit>& units, int max_notes) {
    if (amount <= 0) return std::nullopt;
    std::vector<const UsableUnit*> order;
    for (const auto& u : units)
        if (u.usable && u.value > 0) order.push_back(&u);
    std::stable_sort(order.begin(), order.end(), [](auto* a, auto* b) { return a->value > b->value; });
    {
        NoteMix exact;
        std::set<std::tuple<std::size_t, std::int64_t, int>> failed;
        if (pay_exactly(order, 0, amount, max_notes, exact, failed)) return exact;
    }
    // No exact mix within the counts: the largest-first pass below cannot find one either.
    NoteMix mix;
    std::int64_t left = amount;
    int notes = 0;
    for (const UsableUnit* u : order) {
        int n = static_cast<int>(std::min<std::int64_t>(u->count, left / u->value));
        if (n <= 0) continue;
        mix[u->id] = n;
        left -= n * u->value;
        notes += n;
    }
    if (left != 0 || notes > max_notes) return std::nullopt;
    return mix;
}

bool can_dispense(const std::vector<UsableUnit>& units) {
    return std::any_of(units.begin(), units.end(), [](const UsableUnit& u) { return u.usable && u.count > 0; });
}

}  // namespace atmbench::terminal
