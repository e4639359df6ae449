// Fuzz target: CCNET framing and the simulated CashCode validator behind it (device-protocols/ccnet), which read
// whatever a kiosk's validator driver sends — over a pty, USB/IP or in-process. Input: byte 0 is the size of the
// pieces the rest is fed in (1…256), byte 1 picks what the bench's hand does between pieces (insert a note, arm a
// fault, clear it), the rest is the byte stream. Contract: nothing throws from receive(); every answer is a whole
// CCNET frame from the validator's address with a good CRC (or a bare ACK/NAK frame); the frames a reader finds do
// not depend on how the stream was split; the validator's truth conserves notes (every note drawn in is in the
// validator, the cassette, back with the customer or taken out by the operator).
#include "fuzz_target.hpp"

#include "atmbench/ccnet/fault_plan.hpp"
#include "atmbench/ccnet/frame.hpp"
#include "atmbench/ccnet/validator.hpp"

#include <cstdlib>
#include <span>

using namespace atmbench::ccnet;

namespace {

void check(bool ok) {
    if (!ok) std::abort();
}

// Every frame a reader takes out of `bytes` (broken ones counted, not returned).
std::vector<Frame> frames_of(std::span<const std::uint8_t> bytes, std::size_t piece, int& broken) {
    FrameReader reader;
    std::vector<Frame> out;
    for (std::size_t i = 0; i < bytes.size(); i += piece) {
        reader.feed(bytes.subspan(i, std::min(piece, bytes.size() - i)));
        for (;;) {
            try {
                auto f = reader.next();
                if (!f) break;
                out.push_back(std::move(*f));
            } catch (const FrameError&) {
                ++broken;
            }
        }
    }
    return out;
}

void hand(Validator& v, std::uint8_t what) {
    static const char* const notes[] = {"100", "50", "20", "10", "5", "1", "3", "counterfeit"};
    static const char* const faults[] = {"validator-jam", "stacker-jam", "cheated", "cassette-removed",
                                         "cassette-full", "failure:0x50", "power-up-bill"};
    switch (what % 4) {
        case 0:
            try {
                v.insert_note(notes[(what / 4) % 8]);
            } catch (const NoteRefused&) {
            }
            break;
        case 1: v.arm(parse_fault(faults[(what / 4) % 7])); break;
        case 2: v.clear_fault(); break;
        default: break;  // nothing: the stream alone
    }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) { return 0; }

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 2) return 0;
    const std::size_t piece = std::size_t{data[0]} + 1;
    const std::uint8_t action = data[1];
    const std::span<const std::uint8_t> stream(data + 2, size - 2);

    int broken_whole = 0, broken_split = 0;
    check(frames_of(stream, stream.size() + 1, broken_whole) == frames_of(stream, piece, broken_split));
    check(broken_whole == broken_split);

    Validator v;
    Bytes answers;
    for (std::size_t i = 0; i < stream.size(); i += piece) {
        Bytes a = v.receive(stream.subspan(i, std::min(piece, stream.size() - i)));
        answers.insert(answers.end(), a.begin(), a.end());
        hand(v, static_cast<std::uint8_t>(action + i));
    }
    int broken = 0;
    std::vector<Frame> out = frames_of(answers, answers.size() + 1, broken);
    check(broken == 0);
    for (const Frame& f : out) check(f.address == static_cast<std::uint8_t>(Address::BillValidator) && !f.payload.empty());

    ValidatorTruth t = v.truth();
    std::size_t in_cassette = 0;
    for (const auto& [value, n] : t.cassette) in_cassette += static_cast<std::size_t>(n);
    check(in_cassette == t.cassette_notes);
    check(t.cassette_notes <= t.cassette_capacity);
    int stacked = 0;
    for (const auto& [value, n] : t.stacked) stacked += n;
    const int inside = t.note_at.empty() ? 0 : 1;
    check(t.inserted == stacked + t.rejected + t.returned + t.cheated + t.removed_by_operator + inside);
    return 0;
}
