#include "escpos_test_support.hpp"

#include <gtest/gtest.h>

using namespace atmbench::escpos;
using namespace atmbench::escpos::test;

namespace {

std::vector<Event> parse(const Bytes& bytes) {
    Parser p;
    auto events = p.feed(bytes);
    p.finish(events);
    return joined_text(events);
}

std::vector<Event> parse_in_pieces(const Bytes& bytes, std::size_t piece) {
    Parser p;
    std::vector<Event> events;
    for (std::size_t i = 0; i < bytes.size(); i += piece)
        p.feed(std::span(bytes).subspan(i, std::min(piece, bytes.size() - i)), events);
    p.finish(events);
    return joined_text(events);
}

ParseError only_error(const std::vector<Event>& events) {
    std::vector<ParseError> errors;
    for (const auto& e : events)
        if (auto* pe = std::get_if<ParseError>(&e)) errors.push_back(*pe);
    EXPECT_EQ(errors.size(), 1u);
    return errors.empty() ? ParseError{} : errors[0];
}

// One of each command the model renders, in a receipt's order.
const Bytes kEveryCommand = join({
    {0x1B, '@'},                                    // ESC @
    {0x1C, '&'},                                    // FS &
    {0x1B, 't', 16},                                // ESC t 16
    {0x1B, '!', 0x38},                              // ESC ! bold, double height and width
    {0x1B, 'E', 1},                                 // ESC E on
    {0x1B, '-', '2'},                               // ESC - two dots
    {0x1D, '!', 0x11},                              // GS ! 2x2
    {0x1B, 'a', 49},                                // ESC a centre
    bytes_of("Bank\tA\r\n"),                        // text, HT, CR, LF
    {0x1B, 'd', 3},                                 // ESC d 3
    {0x1D, 'v', '0', 0, 2, 0, 3, 0},                // GS v 0: 2 bytes x 3 dots
    {0xFF, 0x10, 0x04, 0x01, 0xAA, 0x55},           // its 6 data bytes (holding a DLE EOT 1)
    {0x1D, '(', 'k', 7, 0, 49, 80, 48, 'A', 'B', 'C', 'D'},  // QR store "ABCD"
    {0x1D, '(', 'k', 3, 0, 49, 81, 48},             // QR print
    {0x1D, '(', 'k', 3, 0, 49, 69, 48},             // QR error correction L
    {0x1D, 'k', 4, '1', '2', 'A', 0},               // CODE39, NUL-terminated
    {0x1D, 'k', 73, 3, '9', '8', '7'},              // CODE128, counted
    {0x1C, '.'},                                    // FS .
    {0x1D, 'V', 66, 5},                             // GS V B: feed and partial cut
    {0x1D, 'V', 48},                                // GS V A: full cut
    {0x1B, 'p', 0, 25, 250},                        // ESC p: drawer kick, skipped
    {0x10, 0x04, 0x04},                             // DLE EOT 4
});

const std::vector<Event> kEveryEvent{
    Initialize{},
    ChineseMode{true},
    CodePage{16},
    PrintMode{0x38},
    Emphasized{true},
    Underline{2},
    CharacterSize{2, 2},
    Justify{Justification::Center},
    Text{bytes_of("Bank\tA")},
    CarriageReturn{},
    LineFeed{},
    FeedLines{3},
    StatusRequest{1},  // answered from inside the image's data
    RasterImage{2, 3},
    QrStore{"ABCD"},
    QrPrint{},
    QrSetting{69},
    Barcode{4, "12A"},
    Barcode{73, "987"},
    ChineseMode{false},
    Cut{CutKind::Partial, 5},
    Cut{CutKind::Full, 0},
    Skipped{static_cast<std::uint64_t>(kEveryCommand.size() - 8), "ESC p"},
    StatusRequest{4},
};

}  // namespace

TEST(EscposParser, ReadsEveryCommandOfAReceipt) { EXPECT_EQ(parse(kEveryCommand), kEveryEvent); }

TEST(EscposParser, GivesTheSameEventsWhereverTheBytesAreSplit) {
    for (std::size_t piece : {1u, 2u, 3u, 5u, 7u, 13u})
        EXPECT_EQ(parse_in_pieces(kEveryCommand, piece), kEveryEvent) << "pieces of " << piece;
}

TEST(EscposParser, KeepsEveryByteOfAChineseLineWhateverTheSplit) {
    const Bytes line = join({kTradeOkGb18030, {0x0A}});
    for (std::size_t piece = 1; piece <= line.size(); ++piece) {
        const auto events = parse_in_pieces(line, piece);
        ASSERT_EQ(events.size(), 2u);
        EXPECT_EQ(std::get<Text>(events[0]).bytes, kTradeOkGb18030);
    }
}

TEST(EscposParser, ReadsTheOtherFormsOfCutJustifyAndUnderline) {
    EXPECT_EQ(parse({0x1D, 'V', 1, 0x1D, 'V', 49, 0x1D, 'V', 65, 0, 0x1D, 'V', 97, 2, 0x1D, 'V', 104, 1, 0x1B, 'i', 0x1B,
                     'm'}),
              (std::vector<Event>{Cut{CutKind::Partial, 0}, Cut{CutKind::Partial, 0}, Cut{CutKind::Full, 0},
                                  Cut{CutKind::Full, 2}, Cut{CutKind::Partial, 1}, Cut{CutKind::Full, 0},
                                  Cut{CutKind::Partial, 0}}));
    EXPECT_EQ(parse({0x1B, 'a', 0, 0x1B, 'a', 2, 0x1B, 'a', '0', 0x1B, '-', 0, 0x1B, '-', '1', 0x1B, 'E', 0xFE}),
              (std::vector<Event>{Justify{Justification::Left}, Justify{Justification::Right},
                                  Justify{Justification::Left}, Underline{0}, Underline{1}, Emphasized{false}}));
}

TEST(EscposParser, SkipsKnownCommandsWholeIncludingTheirData) {
    // GS ( L with 4 data bytes, ESC * with 2 columns of 3 bytes, GS 8 L with 2 bytes, ESC D tabs: none of their data
    // may print as text.
    const auto events = parse(join({{0x1D, '(', 'L', 4, 0, 'x', 'x', 'x', 'x'},
                                    {0x1B, '*', 33, 2, 0, 'y', 'y', 'y', 'y', 'y', 'y'},
                                    {0x1D, '8', 'L', 2, 0, 0, 0, 'z', 'z'},
                                    {0x1B, 'D', 8, 16, 0},
                                    bytes_of("ok")}));
    EXPECT_EQ(events, (std::vector<Event>{Skipped{0, "GS ( L"}, Skipped{9, "ESC *"}, Skipped{20, "GS 8"},
                                          Skipped{29, "ESC D"}, Text{bytes_of("ok")}}));
}

TEST(EscposParser, AnswersDleEotInsideAnyCommandAndKeepsTheCommandsLength) {
    // DLE EOT 2 as QR data: it is answered, and it is still part of the data.
    const auto events = parse({0x1D, '(', 'k', 6, 0, 49, 80, 48, 0x10, 0x04, 0x02, 'A'});
    EXPECT_EQ(events, (std::vector<Event>{StatusRequest{2}, QrStore{"\x10\x04\x02"}, Text{bytes_of("A")}}));
    // Between commands it is a command of its own, answered once.
    EXPECT_EQ(parse({0x10, 0x04, 0x03, 'x'}), (std::vector<Event>{StatusRequest{3}, Text{bytes_of("x")}}));
    // The extended kinds take one more byte and are not answered.
    EXPECT_EQ(parse({0x10, 0x04, 18, 1, 'x'}),
              (std::vector<Event>{Skipped{0, "DLE EOT 18 (not answered)"}, Text{bytes_of("x")}}));
}

TEST(EscposParser, NamesAnUnknownCommandWithItsOffsetAndGoesOn) {
    const auto events = parse(join({bytes_of("ab"), {0x1B, 'z', 'c', 0x1D, 0x1B, '@', 0x05}}));
    EXPECT_EQ(events, (std::vector<Event>{Text{bytes_of("ab")},
                                          ParseError{ParseError::Kind::Unknown, 2, "unknown command ESC z"},
                                          Text{bytes_of("c")},
                                          ParseError{ParseError::Kind::Unknown, 5, "unknown command GS 0x1B"},
                                          Initialize{},
                                          ParseError{ParseError::Kind::Unknown, 8, "control byte 0x05 outside a command"}}));
}

TEST(EscposParser, RefusesParametersOutOfRange) {
    EXPECT_EQ(only_error(parse({'x', 0x1D, 'V', 7})).message, "GS V: cut mode 7 is not 0/1/48/49/65/66/97/98/103/104");
    EXPECT_EQ(only_error(parse({0x1D, 'V', 7})).offset, 0u);
    EXPECT_EQ(only_error(parse({0x1B, 'a', 3})).message, "ESC a: justification 3 is not 0…2 or 48…50");
    EXPECT_EQ(only_error(parse({0x1B, '-', 9})).kind, ParseError::Kind::Invalid);
    EXPECT_EQ(only_error(parse({0x1D, '!', 0x80})).message, "GS !: character size 0x80 has bit 3 or 7 set");
    EXPECT_EQ(only_error(parse({0x1D, 'v', '1', 0, 1, 0, 1, 0})).message, "GS v: only GS v 0 (raster image) is known, not GS v 0x31");
    EXPECT_EQ(only_error(parse({0x1D, 'v', '0', 0, 0, 0, 1, 0})).message, "GS v: an image of 0 bytes by 1 dots");
    EXPECT_EQ(only_error(parse({0x1D, 'k', 20})).message, "GS k: barcode system 20 is not 0…6 or 65…79");
    EXPECT_EQ(only_error(parse({0x10, 0x04, 9})).message, "DLE EOT: status kind 9 is not 1…4, 7, 8 or 18");
    EXPECT_EQ(only_error(parse({0x1D, '(', 'k', 1, 0, 49})).message, "GS ( k: pL pH = 1 is too short for cn and fn");
    EXPECT_EQ(only_error(parse({0x1D, '(', 'k', 2, 0, 49, 80})).message, "GS ( k: QR store without its m byte");
}

TEST(EscposParser, RefusesQrDataBeyondTheSymbolsCapacity) {
    Bytes big{0x1D, '(', 'k', 0, 0, 49, 80, 48};
    const std::size_t length = Parser::kMaxKeptData + 4;  // 7093 data bytes
    big[3] = static_cast<std::uint8_t>((length + 3) & 0xFF);
    big[4] = static_cast<std::uint8_t>((length + 3) >> 8);
    big.resize(big.size() + length, '7');
    const auto error = only_error(parse(big));
    EXPECT_EQ(error.message, "GS ( k: QR data of 7093 bytes exceeds 7089");
    Bytes fits{0x1D, '(', 'k', 0, 0, 49, 80, 48};
    fits[3] = static_cast<std::uint8_t>((Parser::kMaxKeptData + 3) & 0xFF);
    fits[4] = static_cast<std::uint8_t>((Parser::kMaxKeptData + 3) >> 8);
    fits.resize(fits.size() + Parser::kMaxKeptData, '7');
    EXPECT_EQ(parse(fits), (std::vector<Event>{QrStore{std::string(Parser::kMaxKeptData, '7')}}));
}

TEST(EscposParser, ReportsACommandCutShortWhenTheStreamEnds) {
    struct Case {
        Bytes bytes;
        std::string message;
    };
    const Case cases[] = {
        {{0x1B}, "ESC: the stream ended after 1 of its 2 bytes"},
        {{0x1B, '!'}, "ESC !: the stream ended after 2 of its 3 bytes"},
        {{0x1D, 'V', 66}, "GS V: the stream ended after 3 of its 4 bytes"},
        {{0x1D, 'v', '0', 0, 2, 0, 3, 0, 1, 2}, "GS v: the stream ended after 2 of 6 data bytes"},
        {{0x1D, '(', 'k', 7, 0, 49, 80}, "GS (: the stream ended after 2 of 7 data bytes"},
        {{0x1D, 'k', 4, '1'}, "GS k: the stream ended before the NUL ending its data"},
    };
    for (const auto& c : cases) {
        Parser p;
        auto events = p.feed(join({bytes_of("x"), c.bytes}));
        EXPECT_FALSE(p.idle());
        p.finish(events);
        EXPECT_TRUE(p.idle());
        ASSERT_EQ(events.size(), 2u);
        EXPECT_EQ(std::get<ParseError>(events[1]), (ParseError{ParseError::Kind::Truncated, 1, c.message}));
    }
}

TEST(EscposParser, ABarcodeWithoutItsNulIsInvalidAfter255Bytes) {
    Bytes b{0x1D, 'k', 4};
    b.resize(b.size() + 300, 'A');
    const auto events = parse(b);
    EXPECT_EQ(std::get<ParseError>(events[0]).message, "GS k: no NUL within 255 data bytes");
    EXPECT_EQ(std::get<Text>(events[1]).bytes.size(), 300u - 255u - 1u);  // the rest reads as text again
}

TEST(EscposParser, SurvivesEveryPrefixOfEveryCommandAndArbitraryBytes) {
    for (std::size_t n = 0; n <= kEveryCommand.size(); ++n) {
        Parser p;
        auto events = p.feed(std::span(kEveryCommand).first(n));
        p.finish(events);
        EXPECT_TRUE(p.idle());
    }
    Parser p;
    Bytes all(256);
    for (int i = 0; i < 256; ++i) all[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(255 - i);
    for (int round = 0; round < 4; ++round) (void)p.feed(all);
    EXPECT_EQ(p.offset(), 1024u);
}
