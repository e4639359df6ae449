// The reference terminal's own codec: the golden vectors (tests/unit/vectors), strict unpacking with errors that
// name the field, the two codec defect switches, and the frame.
#include "../vectors/golden_vectors.hpp"
#include "atmbench/terminal/link_frame.hpp"
#include "atmbench/terminal/message_packer.hpp"

#include <gtest/gtest.h>

namespace atmbench::terminal {
namespace {

std::string raw(const std::string& hex) {
    const Bytes b = from_hex(hex);
    return std::string(b.begin(), b.end());
}

HostMessage fields_of(const Dialect& d, const vectors::MessageVector& v) {
    HostMessage m;
    m.mti = v.mti;
    for (const auto& [n, value] : v.fields) {
        const FieldFormat* f = d.field(n);
        if (!f) throw std::runtime_error(v.name + ": the dialect has no field " + std::to_string(n));
        m.set(n, f->chars == FieldChars::Binary ? raw(value) : value);
    }
    return m;
}

TEST(TerminalCodec, PacksAndUnpacksEveryGoldenVector) {
    std::size_t checked = 0;
    for (const auto& pv : vectors::profile_vectors()) {
        const Dialect& d = dialect_named(pv.profile);  // every shipped profile is a dialect the terminal speaks
        for (const auto& v : pv.vectors) {
            SCOPED_TRACE(pv.profile + ": " + v.name);
            const HostMessage m = fields_of(d, v);
            const Bytes packed = pack_message(d, m);
            EXPECT_EQ(to_hex(ByteView(packed)), v.hex);
            EXPECT_EQ(unpack_message(d, ByteView(from_hex(v.hex))), m);
            if (!v.frame_head.empty()) {
                EXPECT_EQ(to_hex(ByteView(frame_message(d, ByteView(packed)))), v.frame_head + v.hex);
            }
            ++checked;
        }
    }
    EXPECT_GE(checked, 10u);
}

HostMessage withdrawal() {
    HostMessage m;
    m.mti = "0200";
    m.set(2, "6222020000000000018");
    m.set(3, "010000");
    m.set(11, "000002");
    m.set(35, "6222020000000000018=3012201");
    m.set(41, "ATM00001");
    return m;
}

// llvar-counts-bytes: the PAN's prefix says 10 (BCD bytes) instead of 19 (digits); the terminal's own strict
// unpacker, like the host's, cannot read it back.
TEST(TerminalCodec, LlvarCountsBytesWritesTheByteCount) {
    const Dialect& d = dialect_named("cup-atm");
    const std::string good = to_hex(ByteView(pack_message(d, withdrawal())));
    const std::string bad = to_hex(ByteView(pack_message(d, withdrawal(), PackFlaws{true, false})));
    EXPECT_NE(good.find("1906222020000000000018"), std::string::npos) << good;
    EXPECT_NE(bad.find("1006222020000000000018"), std::string::npos) << bad;
    EXPECT_NE(bad.find("146222020000000000018D3012201F"), std::string::npos) << bad;  // track 2: 14 bytes, not 27
    EXPECT_THROW(unpack_message(d, ByteView(from_hex(bad))), PackError);
}

// pad-wrong-side: the odd PAN gets its 0 nibble on the right, track 2 its F on the left; fixed fields stay right.
TEST(TerminalCodec, PadWrongSideMovesThePadNibble) {
    const Dialect& d = dialect_named("cup-atm");
    const std::string bad = to_hex(ByteView(pack_message(d, withdrawal(), PackFlaws{false, true})));
    EXPECT_NE(bad.find("1962220200000000000180"), std::string::npos) << bad;
    EXPECT_NE(bad.find("27F6222020000000000018D3012201"), std::string::npos) << bad;
    try {
        unpack_message(d, ByteView(from_hex(bad)));
        FAIL() << "a PAN padded on the right unpacked";
    } catch (const PackError& e) {
        EXPECT_EQ(e.field(), 2);
        EXPECT_NE(std::string(e.what()).find("pad nibble must be 0 on the left, found 6"), std::string::npos) << e.what();
    }
}

TEST(TerminalCodec, FixedFieldsAreNotPaddedByTheFlaws) {
    const Dialect& d = dialect_named("cup-atm");
    HostMessage m;
    m.mti = "0800";
    m.set(11, "000001");
    m.set(60, "00000001003");  // LLLVAR: sign-on still works with either flaw
    EXPECT_EQ(pack_message(d, m, PackFlaws{true, true}), pack_message(d, m));
}

TEST(TerminalCodec, StrictUnpackingNamesTheField) {
    const Dialect& d = dialect_named("cup-atm");
    auto error_of = [&](const std::string& hex) {
        try {
            unpack_message(d, ByteView(from_hex(hex)));
        } catch (const PackError& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    EXPECT_EQ(error_of("0800002000000000000000000102"), "message at byte 13: 1 bytes left after the last field");
    EXPECT_EQ(error_of("08000020000000000000000A01"), "field 11 at byte 11: nibble A is not a digit");
    EXPECT_EQ(error_of("080000200000000000000000"), "field 11 at byte 10: needs 3 bytes, only 2 left");
    EXPECT_EQ(error_of("08000000000000000004"), "field 62 at byte 10: needs 2 bytes, only 0 left");
    EXPECT_EQ(error_of("08000000000000000080"), "field 57 at byte 10: the bitmap announces a field the cup-atm dialect does not have");
    EXPECT_EQ(error_of("02004000000000000000" "20" "1234567890123456789012"), "field 2 at byte 10: length prefix 20 exceeds the maximum 19");
}

TEST(TerminalCodec, RefusesValuesThatDoNotFit) {
    const Dialect& d = dialect_named("cup-atm");
    HostMessage m;
    m.mti = "0200";
    m.set(3, "01000");
    EXPECT_THROW(pack_message(d, m), PackError);
    m.set(3, "01000A");
    EXPECT_THROW(pack_message(d, m), PackError);
    m.set(3, "010000");
    m.set(57, "x");
    EXPECT_THROW(pack_message(d, m), PackError);
    EXPECT_THROW(dialect_named("ebcdic-85"), std::invalid_argument);
}

TEST(TerminalFrame, LengthCountsTpduHeaderAndMessage) {
    const Dialect& d = dialect_named("cup-atm");
    const Bytes frame = frame_message(d, ByteView(from_hex("08000000000000000000")));
    EXPECT_EQ(to_hex(ByteView(frame)), "00156000010000603100000000" "08000000000000000000");
    EXPECT_EQ(frame_size(ByteView(frame)).value(), frame.size());
    EXPECT_FALSE(frame_size(ByteView(frame).first(1)).has_value());
    EXPECT_EQ(to_hex(message_of(d, ByteView(frame))), "08000000000000000000");
    EXPECT_THROW(message_of(d, ByteView(frame).first(8)), PackError);
}

}  // namespace
}  // namespace atmbench::terminal
