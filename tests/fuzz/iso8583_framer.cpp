// Fuzz target: the length header framer (Framer::payload_length) of every header kind, exclusive and inclusive.
// Input: one byte choosing the kind and the inclusive flag, then the bytes buffered from the stream. Contract
// (framing.hpp): nullopt while the header is incomplete, else a length the header can express, else DecodeError.
// A length it reads back must be one it can write: frame() of that many bytes starts with the same header.
#include "fuzz_target.hpp"

#include "atmbench/iso8583/framing.hpp"

#include <algorithm>
#include <cstdlib>

using namespace atmbench::iso8583;

extern "C" int LLVMFuzzerInitialize(int*, char***) { return 0; }

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1) return 0;
    constexpr LengthHeader kinds[] = {LengthHeader::None, LengthHeader::Binary2, LengthHeader::Bcd2,
                                      LengthHeader::Ascii4, LengthHeader::Binary4};
    const Framer framer(kinds[(data[0] & 0x7F) % 5], (data[0] & 0x80) != 0);
    const atmbench::ByteView buffered(data + 1, size - 1);
    std::optional<std::size_t> length;
    try {
        length = framer.payload_length(buffered);
    } catch (const DecodeError&) {
        return 0;
    }
    if (framer.kind() == LengthHeader::None) {
        // Without a header a frame is whatever arrived (nothing yet: nullopt).
        if (length.value_or(0) != buffered.size()) std::abort();
        return 0;
    }
    if (!length) {
        if (buffered.size() >= framer.header_size()) std::abort();  // a whole header must be read
        return 0;
    }
    if (*length > framer.max_payload()) std::abort();
    atmbench::Bytes header;
    framer.write_header(*length, header);
    if (header.size() != framer.header_size() || !std::equal(header.begin(), header.end(), buffered.begin())) {
        // BCD and ASCII digits have one spelling each; binary too. A header read one way and written another is a bug.
        std::abort();
    }
    return 0;
}
