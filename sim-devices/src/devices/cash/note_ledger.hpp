// Physical truth for notes: where every note is. Each note is in exactly one location at a time — a cash unit id
// ("unit1"…) or one of the transport locations below — and moves keep it that way, so totals are conserved.
#pragma once

#include "devices/cash/note.hpp"

#include <boost/json/object.hpp>

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace atmbench::devices {

// Locations outside the cash units.
namespace where {
inline constexpr std::string_view stacker = "stacker";   // transport: picked notes waiting to be presented
inline constexpr std::string_view output = "output";     // output position, behind (or at) the shutter
inline constexpr std::string_view customer = "customer"; // taken by the customer
inline constexpr std::string_view input = "input";       // inserted by the customer, not yet counted
inline constexpr std::string_view escrow = "escrow";     // counted cash-in notes waiting for CashInEnd/Rollback
inline constexpr std::string_view jammed = "jammed";     // stuck in the transport after a jam
inline constexpr std::string_view operator_ = "operator";// taken out by staff during an exchange
}  // namespace where

class NoteLedger {
public:
    // Brings a note into the world (fixture load, customer insert, replenishment). Throws std::invalid_argument
    // when the serial is already somewhere: a note cannot be in two places.
    void add(std::string_view location, Note note);

    int count(std::string_view location) const;
    std::int64_t amount(std::string_view location) const;
    const std::vector<Note>& at(std::string_view location) const;
    int total() const;
    // The location of a serial, or "" when unknown.
    std::string where_is(std::string_view serial) const;

    // Moves up to n notes (first in, first out; n < 0 = all) and returns them as moved.
    std::vector<Note> move(std::string_view from, std::string_view to, int n = -1);
    // Moves the notes of `from` for which keep(note) is true.
    std::vector<Note> move_if(std::string_view from, std::string_view to, const std::function<bool(const Note&)>& pick);
    // Moves one note, found by serial, to `to` (a customer re-inserting a note they took).
    bool move_serial(std::string_view serial, std::string_view to);

    // {"unit1": {"count": n, "amount": minor, "notes": [{"serial","currency","value","class"}…]}, …}; empty
    // locations are left out.
    boost::json::object to_json() const;

private:
    std::map<std::string, std::vector<Note>, std::less<>> places_;
    std::map<std::string, std::string, std::less<>> index_;  // serial → location
};

}  // namespace atmbench::devices
