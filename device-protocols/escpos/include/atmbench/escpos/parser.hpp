// An incremental ESC/POS parser: bytes go in as they arrive (split anywhere: a command may end in the next read),
// typed events come out. It decides nothing about printing — the printer model (printer.hpp) does — and never
// throws on input: an unknown command, a parameter out of range or a stream that ends inside a command is an event
// of its own with the offset of the command's first byte. Command lengths: docs/references.md [ESCPOS] §1; print
// modes and cuts §2; real-time status §3; character sets §4; 2D codes and barcodes §5.
#pragma once

#include "atmbench/device_link/byte_link.hpp"

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace atmbench::escpos {

using device_link::Bytes;

namespace ascii {
inline constexpr std::uint8_t HT = 0x09, LF = 0x0A, FF = 0x0C, CR = 0x0D, DLE = 0x10, EOT = 0x04, ESC = 0x1B,
                              FS = 0x1C, GS = 0x1D;
}

// Printable bytes (0x20 and up, and HT), in the current character set; a GB18030 character may be split between two
// Text events when its bytes arrived in two reads — the printer joins a line's bytes before decoding them.
struct Text {
    Bytes bytes;
    bool operator==(const Text&) const = default;
};
// LF: print the line buffer and feed one line.
struct LineFeed {
    bool operator==(const LineFeed&) const = default;
};
// CR: ignored by printers in standard mode with auto line feed off (ESC/POS "CR").
struct CarriageReturn {
    bool operator==(const CarriageReturn&) const = default;
};
// ESC @: modes back to their power-on defaults; the line buffer is cleared.
struct Initialize {
    bool operator==(const Initialize&) const = default;
};
// ESC ! n: bit 3 emphasized, bit 4 double height, bit 5 double width, bit 7 underline.
struct PrintMode {
    std::uint8_t n = 0;
    bool operator==(const PrintMode&) const = default;
};
// ESC E n: bit 0.
struct Emphasized {
    bool on = false;
    bool operator==(const Emphasized&) const = default;
};
// ESC - n: 0 off, 1 one dot, 2 two dots (also '0' '1' '2').
struct Underline {
    std::uint8_t thickness = 0;
    bool operator==(const Underline&) const = default;
};
// GS ! n: width 1…8 (bits 4-6, plus one), height 1…8 (bits 0-2, plus one).
struct CharacterSize {
    std::uint8_t width = 1;
    std::uint8_t height = 1;
    bool operator==(const CharacterSize&) const = default;
};
enum class Justification : std::uint8_t { Left = 0, Center = 1, Right = 2 };
// ESC a n: 0/48 left, 1/49 centre, 2/50 right.
struct Justify {
    Justification to = Justification::Left;
    bool operator==(const Justify&) const = default;
};
// ESC d n: print the buffer and feed n lines.
struct FeedLines {
    std::uint8_t lines = 0;
    bool operator==(const FeedLines&) const = default;
};
enum class CutKind : std::uint8_t { Full, Partial };
// GS V m [n]: function A (m 0/1/48/49) cuts; B (65/66) feeds n motion units first; C/D (97/98, 103/104) too. The
// obsolete ESC i / ESC m are full / partial cuts.
struct Cut {
    CutKind kind = CutKind::Full;
    std::uint8_t feed = 0;
    bool operator==(const Cut&) const = default;
};
// GS v 0 m xL xH yL yH d1…dk: k = (xL + xH·256)·(yL + yH·256) bytes, skipped.
struct RasterImage {
    std::uint16_t width_bytes = 0;
    std::uint16_t height_dots = 0;
    bool operator==(const RasterImage&) const = default;
};
// GS ( k pL pH 49 80 48 d1…dk: the QR symbol's data, kept as text.
struct QrStore {
    std::string data;
    bool operator==(const QrStore&) const = default;
};
// GS ( k pL pH 49 81 48: print the stored symbol.
struct QrPrint {
    bool operator==(const QrPrint&) const = default;
};
// GS ( k … 49 65/67/69/82: model, module size, error correction, size query — nothing printed.
struct QrSetting {
    std::uint8_t function = 0;
    bool operator==(const QrSetting&) const = default;
};
// GS k m …: symbology m, the data kept as text.
struct Barcode {
    std::uint8_t system = 0;
    std::string data;
    bool operator==(const Barcode&) const = default;
};
// ESC t n: the single-byte character table.
struct CodePage {
    std::uint8_t table = 0;
    bool operator==(const CodePage&) const = default;
};
// FS & on, FS . off: two-byte characters (GB18030 on Chinese models).
struct ChineseMode {
    bool on = false;
    bool operator==(const ChineseMode&) const = default;
};
// DLE EOT n, n 1…4: answered at once, even inside another command's data.
struct StatusRequest {
    std::uint8_t n = 1;
    bool operator==(const StatusRequest&) const = default;
};
// A command the parser knows and skips whole (ESC p drawer kick, ESC 3 line spacing, GS ( L graphics, …): the
// printer model has nothing to render for it, but its length is known, so the stream stays in step.
struct Skipped {
    std::uint64_t offset = 0;
    std::string name;
    bool operator==(const Skipped&) const = default;
};
// Bad input. The parser resynchronises after the unknown command's first two bytes (Unknown; a second prefix byte
// starts a command of its own), after the bytes that made the command invalid (Invalid: the rest is read as text
// and commands again, as a printer would) or not at all (Truncated: reported by finish()).
struct ParseError {
    enum class Kind : std::uint8_t { Unknown, Invalid, Truncated };
    Kind kind = Kind::Unknown;
    std::uint64_t offset = 0;  // of the command's first byte, counted from the first byte ever fed
    std::string message;       // "unknown command ESC 0x7A", "GS V: cut mode 7 is not 0/1/48/49/65/66/97/98/103/104"
    bool operator==(const ParseError&) const = default;
};

using Event = std::variant<Text, LineFeed, CarriageReturn, Initialize, PrintMode, Emphasized, Underline,
                           CharacterSize, Justify, FeedLines, Cut, RasterImage, QrStore, QrPrint, QrSetting, Barcode,
                           CodePage, ChineseMode, StatusRequest, Skipped, ParseError>;

class Parser {
public:
    // Events of `bytes`, appended to `out` in stream order. A command completed by these bytes yields its event
    // here; one still incomplete waits for the next call.
    void feed(std::span<const std::uint8_t> bytes, std::vector<Event>& out);
    std::vector<Event> feed(std::span<const std::uint8_t> bytes);
    // The stream ended (the job was abandoned, the line closed): a command still incomplete is a Truncated error.
    // The parser is then ready for a new stream (offsets go on counting).
    void finish(std::vector<Event>& out);
    // Whether the parser is between commands (nothing held back).
    bool idle() const { return state_ == State::Idle; }
    std::uint64_t offset() const { return offset_; }

    // Bytes kept of a command's data (QR and barcode text); the rest is counted and skipped. QR model 2 holds at
    // most 7089 numeric characters (docs/references.md [ESCPOS] §5).
    static constexpr std::size_t kMaxKeptData = 7089;

private:
    enum class State : std::uint8_t { Idle, Header, Payload, UntilNul };

    void byte(std::uint8_t b, std::vector<Event>& out);
    void header_byte(std::uint8_t b, std::vector<Event>& out);
    void header_complete(std::vector<Event>& out);
    void payload_complete(std::vector<Event>& out);
    void watch_real_time(std::uint8_t b, std::vector<Event>& out);
    void error(ParseError::Kind kind, std::string message, std::vector<Event>& out);

    State state_ = State::Idle;
    std::uint64_t offset_ = 0;         // of the next byte
    std::uint64_t command_start_ = 0;  // of the current command's first byte
    Bytes header_;                     // the current command's bytes up to its payload (at most a few)
    std::size_t header_needed_ = 0;
    std::uint64_t payload_left_ = 0;
    std::string kept_;  // payload kept as text (QR data, barcode)
    bool keep_ = false;
    std::size_t payload_total_ = 0;
    std::uint8_t real_time_[2] = {0, 0};  // the last two bytes seen inside a command, for DLE EOT n there
};

// The events with adjacent Text events joined: how a stream was split into reads is not part of the parser's
// contract, so tests and the fuzz target compare events this way.
std::vector<Event> joined_text(const std::vector<Event>& events);

// "ESC a", "GS V", "DLE EOT": a command's name from its first two bytes, for messages and the trace.
std::string command_name(std::uint8_t prefix, std::uint8_t code);

}  // namespace atmbench::escpos
