// Fuzz target: the ESC/POS parser and the printer model behind it (device-protocols/escpos), which read whatever a
// terminal's printer driver sends. Input: byte 0 is the size of the pieces the rest is fed in (1…256), the rest is
// the byte stream. Contract: nothing throws; the events do not depend on how the stream was split (adjacent Text
// joined); every error's offset lies inside the stream; finish() leaves the parser idle; the model answers only
// DLE EOT requests, one status byte each.
#include "fuzz_target.hpp"

#include "atmbench/escpos/parser.hpp"
#include "atmbench/escpos/printer.hpp"
#include "atmbench/escpos/status.hpp"

#include <cstdlib>
#include <span>

using namespace atmbench::escpos;

namespace {

void check(bool ok) {
    if (!ok) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) { return 0; }

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const std::size_t piece = std::size_t{data[0]} + 1;
    const std::span<const std::uint8_t> stream(data + 1, size - 1);

    Parser whole;
    std::vector<Event> at_once = whole.feed(stream);
    whole.finish(at_once);
    check(whole.idle());

    Parser split;
    std::vector<Event> in_pieces;
    for (std::size_t i = 0; i < stream.size(); i += piece)
        split.feed(stream.subspan(i, std::min(piece, stream.size() - i)), in_pieces);
    split.finish(in_pieces);
    check(joined_text(at_once) == joined_text(in_pieces));

    std::size_t requests = 0;
    for (const auto& e : at_once) {
        if (const auto* error = std::get_if<ParseError>(&e)) check(error->offset < stream.size());
        if (const auto* skipped = std::get_if<Skipped>(&e)) check(skipped->offset < stream.size());
        if (std::holds_alternative<StatusRequest>(e)) ++requests;
    }

    Printer printer;
    std::size_t answers = 0;
    for (std::size_t i = 0; i < stream.size(); i += piece) {
        for (auto b : printer.receive(stream.subspan(i, std::min(piece, stream.size() - i)))) {
            check((b & kStatusFixedMask) == kStatusFixedBits);
            ++answers;
        }
    }
    check(answers == requests);
    (void)printer.current().text();
    return 0;
}
