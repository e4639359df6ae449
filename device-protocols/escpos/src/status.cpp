#include "atmbench/escpos/status.hpp"

namespace atmbench::escpos {

namespace {

constexpr std::uint8_t bit(int i) { return static_cast<std::uint8_t>(1u << i); }

// Each n's flags and their bits, once, for both directions.
struct Flag {
    std::uint8_t n;
    std::uint8_t mask;
    bool PrinterStatus::*field;
    const char* name;
};

constexpr Flag kFlags[] = {
    {1, bit(2), &PrinterStatus::drawer_pin3_high, "drawer pin 3 high"},
    {1, bit(3), &PrinterStatus::offline, "offline"},
    {1, bit(5), &PrinterStatus::waiting_for_recovery, "waiting for online recovery"},
    {1, bit(6), &PrinterStatus::feed_button_pressed, "feed button pressed"},
    {2, bit(2), &PrinterStatus::cover_open, "cover open"},
    {2, bit(3), &PrinterStatus::feeding_by_button, "paper fed by button"},
    {2, bit(5), &PrinterStatus::stopped_by_paper_end, "stopped by paper end"},
    {2, bit(6), &PrinterStatus::error, "error"},
    {3, bit(3), &PrinterStatus::cutter_error, "cutter error"},
    {3, bit(5), &PrinterStatus::unrecoverable_error, "unrecoverable error"},
    {3, bit(6), &PrinterStatus::auto_recoverable_error, "auto-recoverable error"},
    {4, bit(2) | bit(3), &PrinterStatus::paper_near_end, "paper near end"},
    {4, bit(5) | bit(6), &PrinterStatus::paper_end, "paper end"},
};

}  // namespace

std::uint8_t status_byte(const PrinterStatus& status, std::uint8_t n) {
    std::uint8_t byte = kStatusFixedBits;
    for (const auto& f : kFlags)
        if (f.n == n && status.*f.field) byte |= f.mask;
    return byte;
}

bool read_status_byte(std::uint8_t byte, std::uint8_t n, PrinterStatus& status) {
    if ((byte & kStatusFixedMask) != kStatusFixedBits) return false;
    // A two-bit sensor field counts as set when either bit is (models differ in which one they drive).
    for (const auto& f : kFlags)
        if (f.n == n) status.*f.field = (byte & f.mask) != 0;
    return true;
}

std::string PrinterStatus::summary() const {
    std::string out;
    for (const auto& f : kFlags)
        if (this->*f.field) out += (out.empty() ? "" : ", ") + std::string(f.name);
    return out.empty() ? "ready" : out;
}

}  // namespace atmbench::escpos
