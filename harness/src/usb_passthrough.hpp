// The real device behind `atmbench usb sniff`'s USB/IP export: what a host's driver sends on bulk OUT is written to
// the device, and what the device says on its bulk IN goes back to the host's IN URBs. And what the host is shown
// of the device: its identity, strings and the claimed interface's class and endpoints, as a UsbDescription.
#pragma once

#include "atmbench/device_link/byte_link.hpp"
#include "atmbench/usb/usb_bulk_link.hpp"
#include "atmbench/usbip/usb_description.hpp"

#include <chrono>
#include <mutex>
#include <optional>
#include <string>

namespace atmbench::cli {

// Called by the USB/IP server's thread, one call at a time. The server asks unsolicited() on every turn of its loop
// (every URB, at least every 20 ms while a host is attached): that is when the device's bulk IN is read, a bounded
// read of what it has, held by the server until the host's IN URB takes it, as a device's FIFO would hold it.
class UsbPassthrough final : public device_link::WireDevice {
public:
    explicit UsbPassthrough(usb::UsbBulkLink& link) : link_(link) {}

    device_link::Bytes receive(std::span<const std::uint8_t> bytes) override;
    device_link::Bytes unsolicited() override;

    // Why the device can no longer be used (unplugged, a transfer that failed or timed out); nullopt while it can.
    // A stall is not a failure: the link clears the halt and the next transfer goes on (reported in stalls()).
    std::optional<std::string> failure() const;
    int stalls() const;

    static constexpr std::chrono::milliseconds kWriteBound{5000};  // a device taking nothing for this long is failed
    static constexpr std::chrono::milliseconds kReadBound{2};      // one look at bulk IN per server turn
    static constexpr std::size_t kReadChunk = 4096;                // at most this much per look

private:
    // Runs `transfer`; a LinkError becomes failure() (or a counted stall), so the server's thread never sees it.
    template <class F>
    device_link::Bytes guarded(F&& transfer);

    usb::UsbBulkLink& link_;
    mutable std::mutex mutex_;
    std::optional<std::string> failure_;
    int stalls_ = 0;
};

// The host's view of the device behind `link`: VID/PID/bcdDevice, strings, the claimed interface's class, subclass
// and protocol, its bulk pair, interrupt IN and packet size, and the printer's IEEE 1284 ID when it has one.
usbip::UsbDescription export_description(const usb::UsbBulkLink& link, const std::optional<std::string>& ieee1284_id);

// The interface the link claimed (the one holding its bulk OUT endpoint).
const usb::InterfaceInfo& claimed_interface(const usb::UsbBulkLink& link);

}  // namespace atmbench::cli
