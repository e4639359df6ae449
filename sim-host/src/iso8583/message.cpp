// Message as a small sorted vector: messages hold ~20 fields, so a vector beats a map on both lookup and the
// codec's hot path (decode appends in ascending order, which set() takes as an O(1) push_back).
#include "atmbench/iso8583/message.hpp"

#include <algorithm>
#include <stdexcept>

namespace atmbench::iso8583 {

namespace {

auto lower(std::vector<Message::Field>& fields, int field) {
    return std::lower_bound(fields.begin(), fields.end(), field,
                            [](const Message::Field& f, int n) { return f.first < n; });
}

}  // namespace

const std::string* Message::find(int field) const {
    auto it = std::lower_bound(fields_.begin(), fields_.end(), field,
                               [](const Field& f, int n) { return f.first < n; });
    return it != fields_.end() && it->first == field ? &it->second : nullptr;
}

const std::string& Message::at(int field) const {
    if (const std::string* v = find(field)) return *v;
    throw std::out_of_range("field " + std::to_string(field) + " is absent");
}

void Message::set(int field, std::string value) {
    if (field < 2 || field > 128)
        throw std::out_of_range("field " + std::to_string(field) + " is outside 2..128");
    // Fast path: decoding and most builders add fields in ascending order.
    if (fields_.empty() || fields_.back().first < field) {
        fields_.emplace_back(field, std::move(value));
        return;
    }
    auto it = lower(fields_, field);
    if (it != fields_.end() && it->first == field)
        it->second = std::move(value);
    else
        fields_.emplace(it, field, std::move(value));
}

void Message::erase(int field) {
    auto it = lower(fields_, field);
    if (it != fields_.end() && it->first == field) fields_.erase(it);
}

void Message::clear() {
    // vector::clear keeps capacity, so a Message reused for decoding stops allocating after the first message.
    mti.clear();
    tpdu.clear();
    header.clear();
    fields_.clear();
}

std::string response_mti(const std::string& request_mti) {
    // §1.7: the third digit is the function (0 request, 1 response, 2 advice, 3 advice response) and the fourth
    // the origin (1 = acquirer repeat); a reply answers the original, so 0421 -> 0430.
    if (request_mti.size() != 4 || !std::all_of(request_mti.begin(), request_mti.end(),
                                                [](char c) { return c >= '0' && c <= '9'; }))
        throw std::invalid_argument("MTI must be 4 digits, got \"" + request_mti + "\"");
    std::string reply = request_mti;
    if ((reply[2] - '0') % 2 != 0)
        throw std::invalid_argument("MTI " + request_mti + " is already a response");
    reply[2] = static_cast<char>(reply[2] + 1);
    if ((reply[3] - '0') % 2 != 0) reply[3] = static_cast<char>(reply[3] - 1);
    return reply;
}

}  // namespace atmbench::iso8583
