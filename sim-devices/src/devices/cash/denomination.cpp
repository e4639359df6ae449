#include "devices/cash/denomination.hpp"

#include <algorithm>
#include <limits>
#include <numeric>

namespace atmbench::devices {

namespace {
constexpr std::int64_t kMaxStates = 400'000;  // amount / gcd beyond this: largest-first instead of exact search

std::optional<Mix> largest_first(std::int64_t amount, const std::vector<Denomination>& units) {
    std::vector<std::size_t> order(units.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) { return units[a].value > units[b].value; });
    Mix mix;
    for (auto i : order) {
        std::int64_t n = std::min<std::int64_t>(units[i].available, amount / units[i].value);
        if (n > 0) mix[units[i].unit] += static_cast<int>(n);
        amount -= n * units[i].value;
    }
    if (amount != 0) return std::nullopt;
    return mix;
}
}  // namespace

std::optional<Mix> minimum_notes_mix(std::int64_t amount, const std::vector<Denomination>& units) {
    if (amount <= 0) return std::nullopt;
    std::int64_t g = 0;
    for (const auto& u : units)
        if (u.available > 0 && u.value > 0) g = std::gcd(g, u.value);
    if (g == 0 || amount % g != 0) return std::nullopt;
    std::int64_t states = amount / g;
    if (states > kMaxStates) return largest_first(amount, units);

    // Bounded knapsack, minimum count: each unit's notes split into pieces of 1, 2, 4, … (0/1 items).
    struct Piece {
        std::size_t unit;
        int notes;
        std::int64_t weight;
    };
    std::vector<Piece> pieces;
    for (std::size_t i = 0; i < units.size(); ++i) {
        const auto& u = units[i];
        if (u.available <= 0 || u.value <= 0) continue;
        std::int64_t w = u.value / g;
        std::int64_t rem = std::min<std::int64_t>(u.available, states / w);
        for (std::int64_t k = 1; rem > 0; k *= 2) {
            std::int64_t take = std::min(k, rem);
            pieces.push_back({i, static_cast<int>(take), take * w});
            rem -= take;
        }
    }
    constexpr int kInf = std::numeric_limits<int>::max() / 2;
    std::vector<int> best(static_cast<std::size_t>(states + 1), kInf);
    best[0] = 0;
    std::vector<std::vector<bool>> used(pieces.size(), std::vector<bool>(static_cast<std::size_t>(states + 1)));
    for (std::size_t p = 0; p < pieces.size(); ++p) {
        const Piece& pc = pieces[p];
        for (std::int64_t s = states; s >= pc.weight; --s) {
            int via = best[static_cast<std::size_t>(s - pc.weight)];
            if (via != kInf && via + pc.notes < best[static_cast<std::size_t>(s)]) {
                best[static_cast<std::size_t>(s)] = via + pc.notes;
                used[p][static_cast<std::size_t>(s)] = true;
            }
        }
    }
    if (best[static_cast<std::size_t>(states)] == kInf) return std::nullopt;
    Mix mix;
    std::int64_t s = states;
    for (std::size_t p = pieces.size(); p-- > 0;) {
        if (used[p][static_cast<std::size_t>(s)]) {
            mix[units[pieces[p].unit].unit] += pieces[p].notes;
            s -= pieces[p].weight;
        }
    }
    return mix;
}

}  // namespace atmbench::devices
