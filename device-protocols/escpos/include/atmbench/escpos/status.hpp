// The four real-time status bytes of DLE EOT n (docs/references.md [ESCPOS] §3): the printer builds them from
// its physical state, the driver reads them back into the same struct. Every byte has bit 1 and bit 4 set and bits
// 0 and 7 clear, so "all well" is 0x12 for each n; a byte without that pattern is not a status answer.
//   n=1 printer:     bit 2 drawer connector pin 3 high, bit 3 offline, bit 5 waiting for online recovery,
//                    bit 6 paper feed button pressed
//   n=2 offline:     bit 2 cover open, bit 3 paper being fed by the button, bit 5 printing stopped by paper end,
//                    bit 6 an error occurred
//   n=3 error:       bit 3 autocutter error, bit 5 unrecoverable error, bit 6 automatically recoverable error
//   n=4 paper roll:  bits 2+3 near-end sensor, bits 5+6 paper-end sensor
// Out of paper (a worked example widely quoted): n=1 0x1A, n=2 0x32, n=4 0x7E.
#pragma once

#include <cstdint>
#include <string>

namespace atmbench::escpos {

struct PrinterStatus {
    // n=1
    bool drawer_pin3_high = false;
    bool offline = false;
    bool waiting_for_recovery = false;
    bool feed_button_pressed = false;
    // n=2
    bool cover_open = false;
    bool feeding_by_button = false;
    bool stopped_by_paper_end = false;
    bool error = false;
    // n=3
    bool cutter_error = false;
    bool unrecoverable_error = false;
    bool auto_recoverable_error = false;
    // n=4
    bool paper_near_end = false;
    bool paper_end = false;

    // Online, no error, paper present: a receipt can be printed.
    bool ready() const { return !offline && !error && !paper_end && !cover_open; }
    // "offline, cover open", "paper near end", "ready": for messages and JSON.
    std::string summary() const;
    bool operator==(const PrinterStatus&) const = default;
};

inline constexpr std::uint8_t kStatusFixedMask = 0x93;  // bits 0, 1, 4, 7
inline constexpr std::uint8_t kStatusFixedBits = 0x12;  // bits 1 and 4 set, 0 and 7 clear

// The answer to DLE EOT n (n 1…4).
std::uint8_t status_byte(const PrinterStatus& status, std::uint8_t n);
// Reads the answer to DLE EOT n into `status` (the fields of that n only); false, with `status` untouched, when the
// byte is not a status byte (its fixed bits are wrong).
bool read_status_byte(std::uint8_t byte, std::uint8_t n, PrinterStatus& status);

}  // namespace atmbench::escpos
