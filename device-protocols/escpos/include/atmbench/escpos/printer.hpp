// A simulated ESC/POS receipt printer (80 mm thermal, Chinese firmware), served to a driver as a
// device_link::WireDevice: over a LoopLink in-process, or on a pseudo-terminal (PtyDevice) as a USB-serial printer.
// It keeps the physical truth the bench judges a terminal by: what was printed on which receipt (cuts separate
// them), what was lost because the printer could not print, the paper roll, the cover, the cutter — and answers
// DLE EOT from that state at once, even mid-command (status.hpp). Faults are armed by the bench, never by chance.
#pragma once

#include "atmbench/escpos/parser.hpp"
#include "atmbench/escpos/status.hpp"
#include "atmbench/escpos/text_codec.hpp"

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>

namespace atmbench::escpos {

struct ReceiptLine {
    std::string text;  // UTF-8; a raster image, QR code or barcode as "[IMAGE 48x120]", "[QR: …]", "[BARCODE: …]"
    Justification justification = Justification::Left;
    bool bold = false;
    bool underline = false;
    std::uint8_t width = 1;  // character size multipliers (GS ! / ESC !)
    std::uint8_t height = 1;
};

struct Receipt {
    std::vector<ReceiptLine> lines;  // printed, in order (blank feeds included as empty lines)
    std::vector<std::string> lost;   // lines (and "[cut]") the printer received but could not print
    std::optional<CutKind> cut;      // how it was cut off the roll; nullopt while it is still on it
    std::string text() const;        // the printed lines' text joined with '\n'
};

enum class PrinterFault : std::uint8_t { PaperEnd, PaperNearEnd, CoverOpen, Offline, CutterJam };

// One armed fault: "paper-end" (now), "paper-end:N" (after N more lines), "paper-near-end", "cover-open", "offline",
// "cutter-jam" (the next cut fails). parse_printer_fault throws std::invalid_argument naming the text and the
// choices.
struct PrinterFaultSpec {
    PrinterFault fault = PrinterFault::PaperEnd;
    int after_lines = 0;  // PaperEnd only
};
PrinterFaultSpec parse_printer_fault(std::string_view text);

struct PrinterSettings {
    // Chinese-market firmware starts in Chinese mode (FS &), so GB18030 text prints without a command first;
    // ESC @ returns to this.
    bool chinese_by_default = true;
    int near_end_lines = 10;      // the near-end sensor trips this many lines before the roll ends
    std::size_t max_line_bytes = 4096;  // a line longer than this keeps its start (a real one would wrap)
    std::size_t max_receipts = 1000;    // finished receipts kept; receipts_printed() counts all
    std::size_t max_errors = 100;       // parse errors kept; error_count() counts all
};

class Printer final : public device_link::WireDevice {
public:
    explicit Printer(PrinterSettings settings = {});

    // The wire (from the serving thread): commands in, DLE EOT answers out.
    Bytes receive(std::span<const std::uint8_t> bytes) override;

    // The bench (any thread).
    void arm(PrinterFaultSpec fault);
    void clear();  // a new paper roll, cover closed, online, cutter free; what was printed and lost stays recorded
    PrinterStatus status() const;
    std::vector<Receipt> receipts() const;  // the finished ones, oldest first (at most max_receipts)
    Receipt current() const;                // on the roll, not yet cut
    std::uint64_t receipts_printed() const;
    std::vector<ParseError> errors() const;
    std::uint64_t error_count() const;
    std::uint64_t lines_fed() const;
    // Called with each receipt as it is cut, on the thread that fed the bytes, outside the printer's lock.
    void on_receipt(std::function<void(const Receipt&)> listener);

private:
    struct Style {
        Justification justification = Justification::Left;
        bool bold = false;
        bool underline = false;
        std::uint8_t width = 1;
        std::uint8_t height = 1;
    };

    void apply(const Event& event, Bytes& answer, std::vector<Receipt>& finished);
    void reset_modes();
    void decode_pending();
    void print_line(std::string text, const Style& style);
    void end_line();
    void feed_blank(int lines);
    void cut(CutKind kind, std::vector<Receipt>& finished);
    bool can_print() const;
    PrinterStatus status_locked() const;
    TextCodec* code_page_codec(std::uint8_t table);

    PrinterSettings settings_;
    mutable std::mutex mutex_;
    Parser parser_;
    std::vector<Event> events_;  // reused between receive() calls
    TextCodec gb18030_;
    std::map<std::uint8_t, std::unique_ptr<TextCodec>> code_pages_;  // opened the first time ESC t selects one

    // Modes (ESC @ resets them).
    Style style_;
    bool chinese_ = true;
    std::uint8_t code_page_ = 0;
    std::string qr_data_;

    // The line being composed: decoded text, and bytes not yet decoded in the current character set.
    std::string line_text_;
    Bytes line_bytes_;
    std::optional<Style> line_style_;  // the style of the line's first character

    // Physical state.
    std::optional<int> lines_left_;  // on the roll; nullopt: it does not run out
    bool near_end_ = false;
    bool cover_open_ = false;
    bool offline_ = false;
    bool cutter_jam_armed_ = false;
    bool cutter_error_ = false;
    std::uint64_t lines_fed_ = 0;

    Receipt current_;
    std::vector<Receipt> receipts_;
    std::uint64_t receipts_printed_ = 0;
    std::vector<ParseError> errors_;
    std::uint64_t error_count_ = 0;
    std::function<void(const Receipt&)> listener_;
};

}  // namespace atmbench::escpos
