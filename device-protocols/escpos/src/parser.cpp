// The parser's one state machine: Idle (text and control bytes), Header (a command's fixed bytes, whose length is
// known from its first two — table below — and may grow once a mode byte is seen: GS V m n, GS k m n), Payload
// (a counted block of data: raster, QR, graphics; skipped or kept as text) and UntilNul (GS k m 0…6, ESC D).
// DLE EOT n is watched for on every byte of the stream, whatever the state: ESC/POS processes real-time commands
// as they are received, so a printer answers one even in the middle of another command's data
// (docs/references.md [ESCPOS] §3) — the bytes then also stay that command's data, so lengths stay right.
#include "atmbench/escpos/parser.hpp"

#include <array>
#include <cstdio>

namespace atmbench::escpos {

namespace {

using namespace ascii;

// How a command goes on after its fixed bytes.
enum class Tail : std::uint8_t {
    None,
    CutMode,         // GS V m: one more byte (n) for m 65/66/97/98/103/104
    Barcode,         // GS k m: NUL-terminated data (m 0…6) or n + n bytes (m 65…79)
    LengthPrefixed,  // ESC/GS/FS ( fn pL pH: pL + pH·256 bytes
    Raster,          // GS v 0 m xL xH yL yH: (xL + xH·256)·(yL + yH·256)
    BitImage,        // ESC * m nL nH: (nL + nH·256) columns of 1 or 3 bytes
    Downloaded,      // GS * x y: x·y·8
    Long,            // GS 8 L p1 p2 p3 p4 …: 32-bit length
    NulTerminated,   // ESC D n1 … NUL
    DleEot,          // DLE EOT n: n 7/8/18 take one more byte
};

struct Shape {
    std::uint8_t prefix;
    std::uint8_t code;
    std::uint8_t params;  // fixed bytes after prefix and code
    Tail tail;
    bool rendered;        // the model prints or records it; otherwise it is skipped whole
};

// Every command the parser knows the length of (docs/references.md [ESCPOS] §1). Rendered ones become typed events
// (header_complete); the others are Skipped.
constexpr std::array kShapes{
    Shape{ESC, '@', 0, Tail::None, true},   Shape{ESC, '!', 1, Tail::None, true},
    Shape{ESC, 'E', 1, Tail::None, true},   Shape{ESC, '-', 1, Tail::None, true},
    Shape{ESC, 'a', 1, Tail::None, true},   Shape{ESC, 'd', 1, Tail::None, true},
    Shape{ESC, 't', 1, Tail::None, true},   Shape{ESC, 'i', 0, Tail::None, true},
    Shape{ESC, 'm', 0, Tail::None, true},   Shape{GS, '!', 1, Tail::None, true},
    Shape{GS, 'V', 1, Tail::CutMode, true}, Shape{GS, 'v', 6, Tail::Raster, true},
    Shape{GS, '(', 3, Tail::LengthPrefixed, true},  // GS ( k is rendered; the other GS ( functions are skipped
    Shape{GS, 'k', 1, Tail::Barcode, true}, Shape{FS, '&', 0, Tail::None, true},
    Shape{FS, '.', 0, Tail::None, true},    Shape{DLE, EOT, 1, Tail::DleEot, true},
    // Known, nothing to render: drawer kick, spacing, fonts, positions, page mode, images, Chinese styles, ….
    Shape{ESC, 'p', 3, Tail::None, false},  Shape{ESC, '2', 0, Tail::None, false},
    Shape{ESC, '3', 1, Tail::None, false},  Shape{ESC, 'J', 1, Tail::None, false},
    Shape{ESC, 'M', 1, Tail::None, false},  Shape{ESC, ' ', 1, Tail::None, false},
    Shape{ESC, 'G', 1, Tail::None, false},  Shape{ESC, '{', 1, Tail::None, false},
    Shape{ESC, 'R', 1, Tail::None, false},  Shape{ESC, 'V', 1, Tail::None, false},
    Shape{ESC, 'e', 1, Tail::None, false},  Shape{ESC, 'c', 2, Tail::None, false},
    Shape{ESC, 'r', 1, Tail::None, false},  Shape{ESC, '$', 2, Tail::None, false},
    Shape{ESC, '\\', 2, Tail::None, false}, Shape{ESC, 'L', 0, Tail::None, false},
    Shape{ESC, 'S', 0, Tail::None, false},  Shape{ESC, 'T', 1, Tail::None, false},
    Shape{ESC, 'W', 8, Tail::None, false},  Shape{ESC, 'U', 1, Tail::None, false},
    Shape{ESC, '=', 1, Tail::None, false},  Shape{ESC, 'D', 0, Tail::NulTerminated, false},
    Shape{ESC, '*', 3, Tail::BitImage, false}, Shape{ESC, '(', 3, Tail::LengthPrefixed, false},
    Shape{GS, 'B', 1, Tail::None, false},   Shape{GS, 'H', 1, Tail::None, false},
    Shape{GS, 'h', 1, Tail::None, false},   Shape{GS, 'w', 1, Tail::None, false},
    Shape{GS, 'f', 1, Tail::None, false},   Shape{GS, 'L', 2, Tail::None, false},
    Shape{GS, 'W', 2, Tail::None, false},   Shape{GS, 'a', 1, Tail::None, false},
    Shape{GS, 'b', 1, Tail::None, false},   Shape{GS, 'P', 2, Tail::None, false},
    Shape{GS, '/', 1, Tail::None, false},   Shape{GS, '*', 2, Tail::Downloaded, false},
    Shape{GS, '8', 5, Tail::Long, false},   Shape{FS, '!', 1, Tail::None, false},
    Shape{FS, '-', 1, Tail::None, false},   Shape{FS, 'W', 1, Tail::None, false},
    Shape{FS, 'S', 2, Tail::None, false},   Shape{FS, 'p', 2, Tail::None, false},
    Shape{FS, '(', 3, Tail::LengthPrefixed, false}, Shape{DLE, 0x05, 1, Tail::None, false},
};

const Shape* shape_of(std::uint8_t prefix, std::uint8_t code) {
    for (const auto& s : kShapes)
        if (s.prefix == prefix && s.code == code) return &s;
    return nullptr;
}

bool is_prefix(std::uint8_t b) { return b == ESC || b == GS || b == FS || b == DLE; }

std::string hex_byte(std::uint8_t b) {
    char buffer[8];
    std::snprintf(buffer, sizeof buffer, "0x%02X", b);
    return buffer;
}

std::uint16_t word(std::uint8_t low, std::uint8_t high) { return static_cast<std::uint16_t>(low | (high << 8)); }

// Events are pushed through here so consecutive text bytes share one Text event.
struct Sink {
    std::vector<Event>& out;
    bool in_text = false;
    void text(std::uint8_t b) {
        if (!in_text) out.emplace_back(Text{});
        std::get<Text>(out.back()).bytes.push_back(b);
        in_text = true;
    }
};

}  // namespace

std::string command_name(std::uint8_t prefix, std::uint8_t code) {
    const char* p = prefix == ESC ? "ESC" : prefix == GS ? "GS" : prefix == FS ? "FS" : prefix == DLE ? "DLE" : nullptr;
    std::string name = p ? p : hex_byte(prefix);
    if (prefix == DLE && code == EOT) return name + " EOT";
    if (code > 0x20 && code < 0x7F) return name + " " + static_cast<char>(code);
    return name + " " + hex_byte(code);
}

std::vector<Event> joined_text(const std::vector<Event>& events) {
    std::vector<Event> out;
    for (const auto& e : events) {
        if (!out.empty() && std::holds_alternative<Text>(out.back()) && std::holds_alternative<Text>(e)) {
            auto& into = std::get<Text>(out.back()).bytes;
            const auto& more = std::get<Text>(e).bytes;
            into.insert(into.end(), more.begin(), more.end());
        } else {
            out.push_back(e);
        }
    }
    return out;
}

std::vector<Event> Parser::feed(std::span<const std::uint8_t> bytes) {
    std::vector<Event> out;
    feed(bytes, out);
    return out;
}

void Parser::feed(std::span<const std::uint8_t> bytes, std::vector<Event>& out) {
    Sink sink{out};
    for (auto b : bytes) {
        watch_real_time(b, out);
        if (state_ == State::Idle && (b >= 0x20 || b == HT))
            sink.text(b);
        else
            byte(b, out);
        if (!out.empty() && !std::holds_alternative<Text>(out.back())) sink.in_text = false;
        ++offset_;
    }
}

void Parser::watch_real_time(std::uint8_t b, std::vector<Event>& out) {
    if (real_time_[0] == DLE && real_time_[1] == EOT && b >= 1 && b <= 4) {
        out.emplace_back(StatusRequest{b});
        real_time_[0] = real_time_[1] = 0;  // its n is no one's DLE
        return;
    }
    real_time_[0] = real_time_[1];
    real_time_[1] = b;
}

void Parser::byte(std::uint8_t b, std::vector<Event>& out) {
    switch (state_) {
    case State::Idle:
        if (b == LF) {
            out.emplace_back(LineFeed{});
        } else if (b == CR) {
            out.emplace_back(CarriageReturn{});
        } else if (b == FF) {
            out.emplace_back(Skipped{offset_, "FF"});
        } else if (is_prefix(b)) {
            command_start_ = offset_;
            header_.assign(1, b);
            header_needed_ = 2;
            state_ = State::Header;
        } else {
            command_start_ = offset_;
            error(ParseError::Kind::Unknown, "control byte " + hex_byte(b) + " outside a command", out);
        }
        return;
    case State::Header:
        header_byte(b, out);
        return;
    case State::Payload:
        if (keep_ && kept_.size() < kMaxKeptData + 3) kept_.push_back(static_cast<char>(b));  // + cn fn m
        if (--payload_left_ == 0) payload_complete(out);
        return;
    case State::UntilNul:
        if (b == 0) {
            payload_complete(out);
        } else if (kept_.size() >= 255) {  // GS k m 0…6 holds at most 255 characters; ESC D at most 32 tabs
            error(ParseError::Kind::Invalid, command_name(header_[0], header_[1]) + ": no NUL within 255 data bytes",
                  out);
        } else {
            kept_.push_back(static_cast<char>(b));
        }
        return;
    }
}

void Parser::header_byte(std::uint8_t b, std::vector<Event>& out) {
    if (header_.size() == 1) {
        const Shape* shape = shape_of(header_[0], b);
        if (!shape) {
            const std::uint8_t prefix = header_[0];
            error(ParseError::Kind::Unknown, "unknown command " + command_name(prefix, b), out);
            // "ESC ESC @": the second prefix starts a command of its own rather than being swallowed.
            if (is_prefix(b)) {
                command_start_ = offset_;
                header_.assign(1, b);
                header_needed_ = 2;
                state_ = State::Header;
            }
            return;
        }
        header_needed_ = 2 + shape->params;
    }
    header_.push_back(b);
    if (header_.size() == header_needed_) header_complete(out);
}

void Parser::error(ParseError::Kind kind, std::string message, std::vector<Event>& out) {
    out.emplace_back(ParseError{kind, command_start_, std::move(message)});
    state_ = State::Idle;
    header_.clear();
    kept_.clear();
}

void Parser::header_complete(std::vector<Event>& out) {
    const std::uint8_t prefix = header_[0], code = header_[1];
    const Shape& shape = *shape_of(prefix, code);
    const std::string name = command_name(prefix, code);
    const std::uint8_t n = header_.size() > 2 ? header_[2] : 0;
    const auto done = [&](Event e) {
        out.push_back(std::move(e));
        state_ = State::Idle;
        header_.clear();
    };
    const auto invalid = [&](const std::string& why) { error(ParseError::Kind::Invalid, name + ": " + why, out); };
    const auto payload = [&](std::uint64_t length) {
        kept_.clear();
        keep_ = (prefix == GS && (code == 'k' || (code == '(' && n == 'k')));
        payload_total_ = length;
        payload_left_ = length;
        state_ = State::Payload;
        if (length == 0) payload_complete(out);
    };

    switch (shape.tail) {
    case Tail::CutMode:
        if (header_.size() == 3 && (n == 65 || n == 66 || n == 97 || n == 98 || n == 103 || n == 104)) {
            ++header_needed_;  // the feed amount n follows
            return;
        }
        if (header_.size() == 3 && n != 0 && n != 1 && n != 48 && n != 49)
            return invalid("cut mode " + std::to_string(n) + " is not 0/1/48/49/65/66/97/98/103/104");
        return done(Cut{(n == 1 || n == 49 || n == 66 || n == 98 || n == 104) ? CutKind::Partial : CutKind::Full,
                        header_.size() > 3 ? header_[3] : std::uint8_t{0}});
    case Tail::Barcode:
        if (n <= 6) {
            kept_.clear();
            state_ = State::UntilNul;
            return;
        }
        if (n < 65 || n > 79) return invalid("barcode system " + std::to_string(n) + " is not 0…6 or 65…79");
        if (header_.size() == 3) {
            ++header_needed_;  // the data length n follows
            return;
        }
        return payload(header_[3]);
    case Tail::LengthPrefixed:
        return payload(word(header_[3], header_[4]));
    case Tail::Raster: {
        const std::uint8_t mode = header_[3];
        if (n != '0') return invalid("only GS v 0 (raster image) is known, not GS v " + hex_byte(n));
        if (mode > 3 && (mode < 48 || mode > 51)) return invalid("raster mode " + std::to_string(mode) + " is not 0…3 or 48…51");
        const std::uint16_t x = word(header_[4], header_[5]), y = word(header_[6], header_[7]);
        if (x == 0 || y == 0) return invalid("an image of " + std::to_string(x) + " bytes by " + std::to_string(y) + " dots");
        return payload(std::uint64_t{x} * y);
    }
    case Tail::BitImage: {
        const std::uint64_t columns = word(header_[3], header_[4]);
        if (n == 0 || n == 1) return payload(columns);
        if (n == 32 || n == 33) return payload(columns * 3);
        return invalid("bit-image mode " + std::to_string(n) + " is not 0/1/32/33");
    }
    case Tail::Downloaded:
        return payload(std::uint64_t{header_[2]} * header_[3] * 8);
    case Tail::Long:
        if (n != 'L') return invalid("only GS 8 L is known");
        return payload(std::uint64_t{header_[3]} | std::uint64_t{header_[4]} << 8 | std::uint64_t{header_[5]} << 16 |
                       std::uint64_t{header_[6]} << 24);
    case Tail::NulTerminated:
        kept_.clear();
        state_ = State::UntilNul;
        return;
    case Tail::DleEot:
        if (header_.size() == 3 && (n == 7 || n == 8 || n == 18)) {
            ++header_needed_;  // extended status (ink, peeler, interface) names its kind in one more byte
            return;
        }
        if (header_.size() == 4) return done(Skipped{command_start_, name + " " + std::to_string(n) + " (not answered)"});
        if (n < 1 || n > 4) return invalid("status kind " + std::to_string(n) + " is not 1…4, 7, 8 or 18");
        // Answered by watch_real_time as the byte arrived; nothing more to report.
        state_ = State::Idle;
        header_.clear();
        return;
    case Tail::None:
        break;
    }
    if (!shape.rendered) return done(Skipped{command_start_, name});
    switch (prefix << 8 | code) {
    case ESC << 8 | '@': return done(Initialize{});
    case ESC << 8 | '!': return done(PrintMode{n});
    case ESC << 8 | 'E': return done(Emphasized{(n & 1) != 0});
    case ESC << 8 | '-':
        if (n > 2 && (n < 48 || n > 50)) return invalid("underline " + std::to_string(n) + " is not 0…2 or 48…50");
        return done(Underline{static_cast<std::uint8_t>(n % 48)});
    case ESC << 8 | 'a':
        if (n > 2 && (n < 48 || n > 50)) return invalid("justification " + std::to_string(n) + " is not 0…2 or 48…50");
        return done(Justify{static_cast<Justification>(n % 48)});
    case ESC << 8 | 'd': return done(FeedLines{n});
    case ESC << 8 | 't': return done(CodePage{n});
    case ESC << 8 | 'i': return done(Cut{CutKind::Full, 0});     // obsolete full cut, still sent by old drivers
    case ESC << 8 | 'm': return done(Cut{CutKind::Partial, 0});  // obsolete partial cut
    case GS << 8 | '!':
        if (n & 0x88) return invalid("character size " + hex_byte(n) + " has bit 3 or 7 set");
        return done(CharacterSize{static_cast<std::uint8_t>((n >> 4) + 1), static_cast<std::uint8_t>((n & 7) + 1)});
    case FS << 8 | '&': return done(ChineseMode{true});
    case FS << 8 | '.': return done(ChineseMode{false});
    default: return done(Skipped{command_start_, name});
    }
}

void Parser::payload_complete(std::vector<Event>& out) {
    const std::uint8_t prefix = header_[0], code = header_[1];
    Event event = Skipped{command_start_, command_name(prefix, code)};
    if (prefix == GS && code == 'v') {
        event = RasterImage{word(header_[4], header_[5]), word(header_[6], header_[7])};
    } else if (prefix == GS && code == 'k') {
        event = Barcode{header_[2], kept_};
    } else if (prefix == GS && code == '(' && header_[2] == 'k') {
        // GS ( k pL pH cn fn [m] d…: cn 49 is QR Code (ESC/POS "GS ( k <Function 165>" … "<Function 169>").
        const std::uint8_t cn = kept_.size() > 0 ? static_cast<std::uint8_t>(kept_[0]) : 0;
        const std::uint8_t fn = kept_.size() > 1 ? static_cast<std::uint8_t>(kept_[1]) : 0;
        if (kept_.size() < 2) {
            return error(ParseError::Kind::Invalid, "GS ( k: pL pH = " + std::to_string(payload_total_) +
                                                        " is too short for cn and fn", out);
        } else if (cn != 49) {
            event = Skipped{command_start_, "GS ( k symbol " + std::to_string(cn)};
        } else if (fn == 80) {
            if (payload_total_ < 3)
                return error(ParseError::Kind::Invalid, "GS ( k: QR store without its m byte", out);
            if (payload_total_ - 3 > kMaxKeptData)
                return error(ParseError::Kind::Invalid, "GS ( k: QR data of " + std::to_string(payload_total_ - 3) +
                                                            " bytes exceeds 7089", out);
            event = QrStore{kept_.size() > 3 ? kept_.substr(3) : std::string()};
        } else if (fn == 81) {
            event = QrPrint{};
        } else {
            event = QrSetting{fn};
        }
    } else if (prefix == GS && code == '(') {
        event = Skipped{command_start_, "GS ( " + std::string(1, static_cast<char>(header_[2]))};
    }
    out.push_back(std::move(event));
    state_ = State::Idle;
    header_.clear();
    kept_.clear();
}

void Parser::finish(std::vector<Event>& out) {
    if (state_ == State::Idle) return;
    std::string name = header_.size() >= 2 ? command_name(header_[0], header_[1]) : command_name(header_[0], 0);
    if (header_.size() < 2) name = name.substr(0, name.find(' '));
    std::string message = name + ": the stream ended ";
    if (state_ == State::Header)
        message += "after " + std::to_string(header_.size()) + " of its " + std::to_string(header_needed_) + " bytes";
    else if (state_ == State::Payload)
        message += "after " + std::to_string(payload_total_ - payload_left_) + " of " + std::to_string(payload_total_) +
                   " data bytes";
    else
        message += "before the NUL ending its data";
    error(ParseError::Kind::Truncated, std::move(message), out);
}

}  // namespace atmbench::escpos
