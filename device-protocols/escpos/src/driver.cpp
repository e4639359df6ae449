#include "atmbench/escpos/driver.hpp"

#include <array>
#include <cstdio>

namespace atmbench::escpos {

using device_link::LinkError;
using namespace ascii;

namespace {
// GS V 66/65 n: feed to the cutter plus n motion units, then cut (function B, [ESCPOS] §2), so the last line
// clears the blade.
std::array<std::uint8_t, 4> cut_command(CutKind cut) {
    return {GS, 'V', static_cast<std::uint8_t>(cut == CutKind::Partial ? 66 : 65), 0};
}
}  // namespace

Driver::Driver(device_link::ByteLink& link, DriverSettings settings)
    : link_(link), settings_(settings), gb18030_("GB18030") {}

void Driver::send(std::span<const std::uint8_t> bytes) {
    try {
        link_.write(bytes, settings_.write_timeout);
    } catch (const LinkError& e) {
        throw DriverError(DriverError::Kind::Link, std::string("printer link: ") + e.what());
    }
}

std::uint8_t Driver::real_time_status(std::uint8_t n) {
    if (n < 1 || n > 4) throw std::invalid_argument("DLE EOT n: n is 1…4, not " + std::to_string(n));
    try {
        link_.discard_input();  // a late answer to an earlier request must not pass for this one
        const std::uint8_t request[] = {DLE, EOT, n};
        link_.write(request, settings_.write_timeout);
        const Bytes answer = device_link::read_until(
            link_, [](const Bytes& b) { return !b.empty(); }, settings_.status_timeout, 1);
        if (answer.empty())
            throw DriverError(DriverError::Kind::Timeout, link_.describe() + ": no answer to DLE EOT " +
                                                              std::to_string(n) + " within " +
                                                              std::to_string(settings_.status_timeout.count()) + " ms");
        return answer[0];
    } catch (const LinkError& e) {
        throw DriverError(DriverError::Kind::Link, std::string("printer link: ") + e.what());
    }
}

PrinterStatus Driver::status() {
    PrinterStatus status;
    for (std::uint8_t n = 1; n <= 4; ++n) {
        const std::uint8_t byte = real_time_status(n);
        if (!read_status_byte(byte, n, status)) {
            char hex[8];
            std::snprintf(hex, sizeof hex, "0x%02X", byte);
            throw DriverError(DriverError::Kind::BadStatus, link_.describe() + ": DLE EOT " + std::to_string(n) +
                                                                " answered " + hex +
                                                                ", not a status byte (bits 1 and 4 set, 0 and 7 clear)");
        }
    }
    return status;
}

Bytes Driver::encode_receipt(std::span<const PrintLine> lines, std::optional<CutKind> cut) {
    Bytes out{ESC, '@'};
    if (settings_.chinese) out.insert(out.end(), {FS, '&'});
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const PrintLine& line = lines[i];
        // A control byte in the text would be a command to the printer: refused, never passed on.
        for (unsigned char c : line.text)
            if (c < 0x20 || c == 0x7F)
                throw DriverError(DriverError::Kind::BadText, "receipt line " + std::to_string(i + 1) +
                                                                  " holds control byte " + std::to_string(c));
        Bytes text;
        try {
            text = settings_.chinese ? gb18030_.from_utf8(line.text) : Bytes(line.text.begin(), line.text.end());
        } catch (const TextCodecError& e) {
            throw DriverError(DriverError::Kind::BadText, "receipt line " + std::to_string(i + 1) + ": " + e.what());
        }
        if (!settings_.chinese)
            for (auto b : text)
                if (b >= 0x80)
                    throw DriverError(DriverError::Kind::BadText, "receipt line " + std::to_string(i + 1) +
                                                                      " is not ASCII and Chinese mode is off");
        out.insert(out.end(), {ESC, 'a', static_cast<std::uint8_t>(line.justification), ESC, 'E',
                               static_cast<std::uint8_t>(line.bold), GS, '!',
                               static_cast<std::uint8_t>(line.double_size ? 0x11 : 0x00)});
        out.insert(out.end(), text.begin(), text.end());
        out.push_back(LF);
    }
    if (cut) {
        const auto command = cut_command(*cut);
        out.insert(out.end(), command.begin(), command.end());
    }
    return out;
}

PrintResult Driver::print(std::span<const PrintLine> lines, std::optional<CutKind> cut) {
    return send_when_ready(encode_receipt(lines, cut));  // bad text is refused before the printer is touched
}

PrintResult Driver::cut(CutKind cut) {
    const auto command = cut_command(cut);
    return send_when_ready(Bytes(command.begin(), command.end()));
}

PrintResult Driver::send_when_ready(const Bytes& receipt) {
    PrintResult result;
    result.before = status();
    if (!result.before.ready())
        throw DriverError(DriverError::Kind::NotReady,
                          link_.describe() + ": printer not ready: " + result.before.summary(), result.before);
    send(receipt);
    result.bytes_sent = receipt.size();
    result.after = status();
    return result;
}

}  // namespace atmbench::escpos
