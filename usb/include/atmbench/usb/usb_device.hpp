// One opened USB device: found by a UsbMatch, opened, and its interfaces claimed on request with the kernel's own
// driver detached first (libusb_set_auto_detach_kernel_driver: a receipt printer is otherwise held by usblp) and
// given back when the device is closed.
#pragma once

#include "atmbench/usb/usb_context.hpp"
#include "atmbench/usb/usb_match.hpp"

#include <cstdint>
#include <vector>

struct libusb_device_handle;

namespace atmbench::usb {

// No device present matches: `what()` names the match and every device present (a FAIL of the lab's set-up, not
// an error of the bench: `atmbench usb sniff` exits 1 on it).
class UsbNoMatch : public UsbError {
public:
    using UsbError::UsbError;
};

class UsbDevice {
public:
    // The one device `match` selects (the first by bus path when several do). Throws UsbNoMatch when none does
    // (naming the match and what is present), UsbError when it cannot be opened (permissions: see usb/README.md).
    UsbDevice(UsbContext& context, const UsbMatch& match);
    ~UsbDevice();  // releases every claimed interface, then closes
    UsbDevice(UsbDevice&& other) noexcept;
    UsbDevice& operator=(UsbDevice&&) = delete;
    UsbDevice(const UsbDevice&) = delete;

    // Claims interface `number` (detaching a kernel driver bound to it). Claiming twice is a no-op.
    void claim(std::uint8_t number);
    const UsbDeviceInfo& info() const { return info_; }
    std::string describe() const { return info_.describe(); }
    libusb_device_handle* handle() const { return handle_; }

private:
    libusb_device_handle* handle_ = nullptr;
    UsbDeviceInfo info_;
    std::vector<std::uint8_t> claimed_;
};

}  // namespace atmbench::usb
