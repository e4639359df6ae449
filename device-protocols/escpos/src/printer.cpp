#include "atmbench/escpos/printer.hpp"

#include <algorithm>
#include <charconv>
#include <stdexcept>

namespace atmbench::escpos {

namespace {

// ESC t n → iconv charset, for the tables a receipt in our markets uses (docs/references.md [ESCPOS] §4).
const char* code_page_charset(std::uint8_t table) {
    switch (table) {
    case 0: return "CP437";
    case 2: return "CP850";
    case 16: return "CP1252";
    case 17: return "CP866";
    default: return nullptr;
    }
}

template <class... F>
struct Overloaded : F... {
    using F::operator()...;
};

}  // namespace

std::string Receipt::text() const {
    std::string out;
    for (const auto& line : lines) {
        if (!out.empty()) out += '\n';
        out += line.text;
    }
    return out;
}

PrinterFaultSpec parse_printer_fault(std::string_view text) {
    const auto colon = text.find(':');
    const std::string_view name = text.substr(0, colon);
    PrinterFaultSpec spec;
    if (name == "paper-end") {
        spec.fault = PrinterFault::PaperEnd;
        if (colon != std::string_view::npos) {
            const std::string_view n = text.substr(colon + 1);
            auto [end, ec] = std::from_chars(n.data(), n.data() + n.size(), spec.after_lines);
            if (ec != std::errc() || end != n.data() + n.size() || spec.after_lines < 0)
                throw std::invalid_argument("printer fault '" + std::string(text) +
                                            "': paper-end:N needs N, the lines left on the roll (0 or more)");
        }
        return spec;
    }
    if (colon == std::string_view::npos) {
        if (name == "paper-near-end") return {PrinterFault::PaperNearEnd};
        if (name == "cover-open") return {PrinterFault::CoverOpen};
        if (name == "offline") return {PrinterFault::Offline};
        if (name == "cutter-jam") return {PrinterFault::CutterJam};
    }
    throw std::invalid_argument("printer fault '" + std::string(text) +
                                "': expected paper-end[:N], paper-near-end, cover-open, offline or cutter-jam");
}

Printer::Printer(PrinterSettings settings) : settings_(settings), gb18030_("GB18030") { reset_modes(); }

Bytes Printer::receive(std::span<const std::uint8_t> bytes) {
    Bytes answer;
    std::vector<Receipt> finished;
    std::function<void(const Receipt&)> listener;
    {
        std::lock_guard lock(mutex_);
        events_.clear();
        parser_.feed(bytes, events_);
        for (const auto& e : events_) apply(e, answer, finished);
        listener = listener_;
    }
    if (listener)
        for (const auto& r : finished) listener(r);
    return answer;
}

void Printer::apply(const Event& event, Bytes& answer, std::vector<Receipt>& finished) {
    std::visit(
        Overloaded{
            [&](const Text& t) {
                if (!line_style_) line_style_ = style_;
                const std::size_t room = settings_.max_line_bytes - std::min(settings_.max_line_bytes,
                                                                             line_text_.size() + line_bytes_.size());
                line_bytes_.insert(line_bytes_.end(), t.bytes.begin(),
                                   t.bytes.begin() + static_cast<std::ptrdiff_t>(std::min(room, t.bytes.size())));
            },
            [&](const LineFeed&) { end_line(); },
            [&](const CarriageReturn&) {},
            [&](const Initialize&) { reset_modes(); },
            [&](const PrintMode& m) {
                style_.bold = (m.n & 0x08) != 0;
                style_.height = (m.n & 0x10) ? 2 : 1;
                style_.width = (m.n & 0x20) ? 2 : 1;
                style_.underline = (m.n & 0x80) != 0;
            },
            [&](const Emphasized& e) { style_.bold = e.on; },
            [&](const Underline& u) { style_.underline = u.thickness != 0; },
            [&](const CharacterSize& s) {
                style_.width = s.width;
                style_.height = s.height;
            },
            [&](const Justify& j) { style_.justification = j.to; },
            [&](const FeedLines& f) {
                // ESC d n prints the buffer and feeds n lines in all: a pending line takes the first of them.
                int blank = f.lines;
                if (line_style_) {
                    end_line();
                    --blank;
                }
                feed_blank(blank);
            },
            [&](const Cut& c) { cut(c.kind, finished); },
            [&](const RasterImage& r) {
                if (line_style_) end_line();
                print_line("[IMAGE " + std::to_string(r.width_bytes * 8) + "x" + std::to_string(r.height_dots) + "]",
                           style_);
            },
            [&](const QrStore& q) { qr_data_ = q.data; },
            [&](const QrPrint&) {
                if (line_style_) end_line();
                print_line("[QR: " + qr_data_ + "]", style_);
            },
            [&](const QrSetting&) {},
            [&](const Barcode& b) {
                if (line_style_) end_line();
                print_line("[BARCODE: " + b.data + "]", style_);
            },
            [&](const CodePage& c) {
                decode_pending();
                code_page_ = c.table;
            },
            [&](const ChineseMode& c) {
                decode_pending();
                chinese_ = c.on;
            },
            [&](const StatusRequest& s) { answer.push_back(status_byte(status_locked(), s.n)); },
            [&](const Skipped&) {},
            [&](const ParseError& e) {
                ++error_count_;
                if (errors_.size() < settings_.max_errors) errors_.push_back(e);
            },
        },
        event);
}

void Printer::reset_modes() {
    // ESC @: the print buffer is cleared and every mode goes back to its power-on value ([ESCPOS] §2).
    style_ = Style{};
    chinese_ = settings_.chinese_by_default;
    code_page_ = 0;
    qr_data_.clear();
    line_text_.clear();
    line_bytes_.clear();
    line_style_.reset();
}

TextCodec* Printer::code_page_codec(std::uint8_t table) {
    auto it = code_pages_.find(table);
    if (it != code_pages_.end()) return it->second.get();
    const char* charset = code_page_charset(table);
    if (!charset) return nullptr;
    return code_pages_.emplace(table, std::make_unique<TextCodec>(charset)).first->second.get();
}

void Printer::decode_pending() {
    if (line_bytes_.empty()) return;
    if (std::all_of(line_bytes_.begin(), line_bytes_.end(), [](std::uint8_t b) { return b < 0x80; })) {
        line_text_.append(line_bytes_.begin(), line_bytes_.end());  // ASCII is the same in every table
    } else if (chinese_) {
        line_text_ += gb18030_.to_utf8(line_bytes_);
    } else if (TextCodec* codec = code_page_codec(code_page_)) {
        line_text_ += codec->to_utf8(line_bytes_);
    } else {
        for (auto b : line_bytes_) line_text_ += b < 0x80 ? std::string(1, static_cast<char>(b)) : "\xEF\xBF\xBD";
    }
    line_bytes_.clear();
}

bool Printer::can_print() const { return !status_locked().offline; }

void Printer::end_line() {
    decode_pending();
    const Style style = line_style_.value_or(style_);
    std::string text = std::move(line_text_);
    line_text_.clear();
    line_style_.reset();
    print_line(std::move(text), style);
}

void Printer::print_line(std::string text, const Style& style) {
    if (!can_print()) {
        current_.lost.push_back(std::move(text));
        return;
    }
    current_.lines.push_back(ReceiptLine{std::move(text), style.justification, style.bold, style.underline,
                                         style.width, style.height});
    ++lines_fed_;
    if (lines_left_ && *lines_left_ > 0) --*lines_left_;
}

void Printer::feed_blank(int lines) {
    for (int i = 0; i < lines; ++i) print_line("", style_);
}

void Printer::cut(CutKind kind, std::vector<Receipt>& finished) {
    if (line_style_) end_line();  // lenient: a cut mid-line prints the line first
    if (!can_print()) {
        current_.lost.push_back("[cut]");
        return;
    }
    if (cutter_jam_armed_) {
        // The blade jams: autocutter error, the printer goes offline, the receipt stays on the roll.
        cutter_jam_armed_ = false;
        cutter_error_ = true;
        current_.lost.push_back("[cut]");
        return;
    }
    current_.cut = kind;
    ++receipts_printed_;
    finished.push_back(current_);
    if (receipts_.size() >= settings_.max_receipts) receipts_.erase(receipts_.begin());
    receipts_.push_back(std::move(current_));
    current_ = Receipt{};
}

PrinterStatus Printer::status_locked() const {
    PrinterStatus s;
    s.paper_end = lines_left_ && *lines_left_ == 0;
    s.paper_near_end = near_end_ || s.paper_end || (lines_left_ && *lines_left_ <= settings_.near_end_lines);
    s.cover_open = cover_open_;
    s.stopped_by_paper_end = s.paper_end;
    s.cutter_error = cutter_error_;
    s.error = cutter_error_;
    s.offline = offline_ || cover_open_ || s.paper_end || cutter_error_;
    return s;
}

void Printer::arm(PrinterFaultSpec fault) {
    std::lock_guard lock(mutex_);
    switch (fault.fault) {
    case PrinterFault::PaperEnd: lines_left_ = fault.after_lines; break;
    case PrinterFault::PaperNearEnd: near_end_ = true; break;
    case PrinterFault::CoverOpen: cover_open_ = true; break;
    case PrinterFault::Offline: offline_ = true; break;
    case PrinterFault::CutterJam: cutter_jam_armed_ = true; break;
    }
}

void Printer::clear() {
    std::lock_guard lock(mutex_);
    lines_left_.reset();
    near_end_ = cover_open_ = offline_ = cutter_jam_armed_ = cutter_error_ = false;
}

PrinterStatus Printer::status() const {
    std::lock_guard lock(mutex_);
    return status_locked();
}

std::vector<Receipt> Printer::receipts() const {
    std::lock_guard lock(mutex_);
    return receipts_;
}

Receipt Printer::current() const {
    std::lock_guard lock(mutex_);
    return current_;
}

std::uint64_t Printer::receipts_printed() const {
    std::lock_guard lock(mutex_);
    return receipts_printed_;
}

std::vector<ParseError> Printer::errors() const {
    std::lock_guard lock(mutex_);
    return errors_;
}

std::uint64_t Printer::error_count() const {
    std::lock_guard lock(mutex_);
    return error_count_;
}

std::uint64_t Printer::lines_fed() const {
    std::lock_guard lock(mutex_);
    return lines_fed_;
}

void Printer::on_receipt(std::function<void(const Receipt&)> listener) {
    std::lock_guard lock(mutex_);
    listener_ = std::move(listener);
}

}  // namespace atmbench::escpos
