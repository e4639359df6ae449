// The bench's host side of an ESC/POS printer, over any ByteLink (a pty or USB-serial line, a USB bulk pipe, or
// in-process to the model): real-time status (DLE EOT 1…4 into a PrinterStatus) and printing a receipt from lines
// of UTF-8 text (ESC @, FS &, GB18030 text, GS V cut), checking the status before and after. Every wait is bounded
// by the settings; a link failure, a silent printer and a printer that is not ready are each their own error.
#pragma once

#include "atmbench/escpos/parser.hpp"
#include "atmbench/escpos/status.hpp"
#include "atmbench/escpos/text_codec.hpp"

#include <chrono>
#include <optional>

namespace atmbench::escpos {

class DriverError : public std::runtime_error {
public:
    enum class Kind : std::uint8_t {
        Timeout,    // no status byte within the bound
        Link,       // the link failed (device_link::LinkError underneath)
        BadStatus,  // a byte came back that is not a status byte
        NotReady,   // the printer cannot print now (status() says why)
        BadText,    // a line holds a control byte or text the printer's charset lacks
    };
    DriverError(Kind kind, const std::string& message, PrinterStatus status = {})
        : std::runtime_error(message), kind_(kind), status_(status) {}
    Kind kind() const { return kind_; }
    const PrinterStatus& status() const { return status_; }

private:
    Kind kind_;
    PrinterStatus status_;
};

struct DriverSettings {
    std::chrono::milliseconds status_timeout{1000};  // for each DLE EOT answer
    std::chrono::milliseconds write_timeout{2000};
    bool chinese = true;  // send FS & and encode text as GB18030; otherwise text must be ASCII
};

struct PrintLine {
    std::string text;  // UTF-8, no control characters
    Justification justification = Justification::Left;
    bool bold = false;
    bool double_size = false;
};

struct PrintResult {
    PrinterStatus before;
    PrinterStatus after;  // the caller judges it: paper near end is worth a warning, paper end a lost receipt
    std::size_t bytes_sent = 0;
};

class Driver {
public:
    explicit Driver(device_link::ByteLink& link, DriverSettings settings = {});

    // DLE EOT n (1…4): the raw answer byte.
    std::uint8_t real_time_status(std::uint8_t n);
    // All four, read into one struct.
    PrinterStatus status();
    // The bytes print() sends for `lines` (for the trace, a golden test, or a scenario sending them in pieces);
    // no cut at the end when `cut` is nullopt (the receipt goes on: an XFS4IoT PrintForm without mediaControl).
    Bytes encode_receipt(std::span<const PrintLine> lines, std::optional<CutKind> cut = CutKind::Partial);
    // Status, then the receipt, then status again. Throws DriverError NotReady (with the status) when the printer
    // cannot print before anything is sent.
    PrintResult print(std::span<const PrintLine> lines, std::optional<CutKind> cut = CutKind::Partial);
    // Status, then GS V (feed to the cutter and cut), then status again; NotReady as print().
    PrintResult cut(CutKind cut = CutKind::Partial);

private:
    void send(std::span<const std::uint8_t> bytes);
    PrintResult send_when_ready(const Bytes& bytes);

    device_link::ByteLink& link_;
    DriverSettings settings_;
    TextCodec gb18030_;
};

}  // namespace atmbench::escpos
