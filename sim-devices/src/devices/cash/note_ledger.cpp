#include "devices/cash/note_ledger.hpp"

#include <boost/json.hpp>

#include <stdexcept>

namespace atmbench::devices {

namespace {
const std::vector<Note> kNone;
}

void NoteLedger::add(std::string_view location, Note note) {
    if (index_.contains(note.serial))
        throw std::invalid_argument("note " + note.serial + " is already at " + index_.find(note.serial)->second);
    index_.emplace(note.serial, std::string(location));
    auto it = places_.find(location);
    if (it == places_.end()) it = places_.emplace(std::string(location), std::vector<Note>{}).first;
    it->second.push_back(std::move(note));
}

int NoteLedger::count(std::string_view location) const { return static_cast<int>(at(location).size()); }

std::int64_t NoteLedger::amount(std::string_view location) const {
    std::int64_t sum = 0;
    for (const Note& n : at(location)) sum += n.value;
    return sum;
}

const std::vector<Note>& NoteLedger::at(std::string_view location) const {
    auto it = places_.find(location);
    return it == places_.end() ? kNone : it->second;
}

int NoteLedger::total() const { return static_cast<int>(index_.size()); }

std::string NoteLedger::where_is(std::string_view serial) const {
    auto it = index_.find(serial);
    return it == index_.end() ? std::string() : it->second;
}

std::vector<Note> NoteLedger::move(std::string_view from, std::string_view to, int n) {
    int i = 0;
    return move_if(from, to, [&](const Note&) { return n < 0 || i++ < n; });
}

std::vector<Note> NoteLedger::move_if(std::string_view from, std::string_view to,
                                      const std::function<bool(const Note&)>& pick) {
    std::vector<Note> moved;
    auto src = places_.find(from);
    if (src == places_.end() || from == to) return moved;
    std::vector<Note> stay;
    for (Note& n : src->second) (pick(n) ? moved : stay).push_back(std::move(n));
    src->second = std::move(stay);
    auto dst = places_.find(to);
    if (dst == places_.end()) dst = places_.emplace(std::string(to), std::vector<Note>{}).first;
    for (const Note& n : moved) {
        index_[n.serial] = std::string(to);
        dst->second.push_back(n);
    }
    return moved;
}

bool NoteLedger::move_serial(std::string_view serial, std::string_view to) {
    std::string from = where_is(serial);
    if (from.empty()) return false;
    return !move_if(from, to, [&](const Note& n) { return n.serial == serial; }).empty();
}

boost::json::object NoteLedger::to_json() const {
    boost::json::object out;
    for (const auto& [loc, notes] : places_) {
        if (notes.empty()) continue;
        boost::json::array list;
        std::int64_t sum = 0;
        for (const Note& n : notes) {
            list.push_back({{"serial", n.serial},
                            {"currency", n.currency},
                            {"value", n.value},
                            {"class", to_string(n.note_class)}});
            sum += n.value;
        }
        out[loc] = {{"count", notes.size()}, {"amount", sum}, {"notes", std::move(list)}};
    }
    return out;
}

}  // namespace atmbench::devices
