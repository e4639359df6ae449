// A device_link::ByteLink over a USB interface's bulk OUT/IN endpoint pair (USB 2.0 §5.8: bulk transfers carry a
// device's byte stream — an ESC/POS printer's commands and status, a validator's vendor protocol), with the
// interface's interrupt IN endpoint, when it has one, read on its own (status pipes).
#pragma once

#include "atmbench/device_link/byte_link.hpp"
#include "atmbench/usb/usb_device.hpp"

#include <chrono>
#include <cstdint>
#include <optional>

namespace atmbench::usb {

// The device stalled an endpoint (USB 2.0 §8.4.5 / §9.4.5: STALL, the endpoint's Halt feature set): it refused the
// transfer. The link tried CLEAR_FEATURE(ENDPOINT_HALT) (libusb_clear_halt) before throwing; `cleared()` says
// whether that worked, so the driver may retry the exchange.
class EndpointStalled : public device_link::LinkError {
public:
    EndpointStalled(const std::string& what, std::uint8_t endpoint, bool cleared)
        : LinkError(what), endpoint_(endpoint), cleared_(cleared) {}
    std::uint8_t endpoint() const { return endpoint_; }
    bool cleared() const { return cleared_; }

private:
    std::uint8_t endpoint_;
    bool cleared_;
};

class UsbBulkLink : public device_link::ByteLink {
public:
    // Claims `interface` (default: the first interface with a bulk OUT and a bulk IN endpoint) of `device`.
    // Throws UsbError when the device has no such interface.
    explicit UsbBulkLink(UsbDevice device, std::optional<std::uint8_t> interface = std::nullopt);

    void write(std::span<const std::uint8_t> bytes, std::chrono::milliseconds timeout) override;
    device_link::Bytes read(std::size_t max, std::chrono::milliseconds timeout) override;
    void discard_input() override;  // bounded by kDiscardBound, however much the device keeps sending
    std::string describe() const override { return device_.describe(); }

    // The interrupt IN endpoint (a status pipe): up to `max` bytes of one interrupt transfer, empty on timeout.
    // Throws UsbError when the interface has none.
    device_link::Bytes read_interrupt(std::size_t max, std::chrono::milliseconds timeout);

    std::uint8_t bulk_out() const { return out_; }
    std::uint8_t bulk_in() const { return in_; }
    std::optional<std::uint8_t> interrupt_in() const { return interrupt_in_; }
    const UsbDevice& device() const { return device_; }

    static constexpr std::chrono::milliseconds kDiscardBound{5};

private:
    // Turns a failed transfer on `endpoint` into the link's errors (stall, unplug, other); never returns.
    [[noreturn]] void fail(int code, std::uint8_t endpoint, const char* operation);

    UsbDevice device_;
    std::uint8_t out_ = 0, in_ = 0;
    std::optional<std::uint8_t> interrupt_in_;
    std::uint16_t in_max_packet_ = 64;
    device_link::Bytes pending_;  // bytes of an IN transfer beyond what read() was asked for
};

}  // namespace atmbench::usb
