// libusb-1.0 underneath the bench's USB drivers: one context per user (libusb API docs, "Contexts"), and what
// enumeration sees of each device — identity, where it is plugged in, its strings and its interfaces' endpoints
// (USB 2.0 §9.6) — as plain values, so callers (the `atmbench usb probe` command, UsbMatch) never touch libusb.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

struct libusb_context;

namespace atmbench::usb {

// A libusb call failed. `what()` names the operation, the device and libusb's error name; `code()` is the
// libusb_error (negative), for callers that tell a timeout from a stall.
class UsbError : public std::runtime_error {
public:
    UsbError(const std::string& what, int code) : std::runtime_error(what), code_(code) {}
    int code() const { return code_; }

private:
    int code_;
};

// "LIBUSB_ERROR_TIMEOUT (Operation timed out)": libusb's name and description of a libusb_error.
std::string libusb_error_text(int code);

struct EndpointInfo {
    std::uint8_t address = 0;     // bit 7 set: IN (device to host)
    std::uint8_t attributes = 0;  // bits 1..0: the transfer type (USB 2.0 §9.6.6, Table 9-13)
    std::uint16_t max_packet = 0;
    std::uint8_t interval = 0;
    bool in() const { return (address & 0x80) != 0; }
    std::string transfer_type() const;  // "control", "isochronous", "bulk", "interrupt"
};

struct InterfaceInfo {
    std::uint8_t number = 0, alternate = 0;
    std::uint8_t interface_class = 0, interface_subclass = 0, interface_protocol = 0;
    std::vector<EndpointInfo> endpoints;
};

struct UsbDeviceInfo {
    std::uint8_t bus = 0, address = 0;
    std::string bus_path;  // "1-2.3": bus 1, port 2 of the root hub, port 3 of the hub there (as sysfs names it)
    std::uint16_t vendor_id = 0, product_id = 0, bcd_usb = 0, bcd_device = 0;
    std::uint8_t device_class = 0, device_subclass = 0, device_protocol = 0;
    std::optional<std::string> manufacturer, product, serial;
    std::string strings_error;  // why the strings are missing (the device could not be opened: permissions, …)
    std::vector<InterfaceInfo> interfaces;  // of the active configuration (or the first, when none is active)
    std::string id() const;                 // "0b00:0001", as lsusb prints it
    std::string describe() const;           // "usb 1-2 (0b00:0001)"
};

// libusb_init … libusb_exit. Devices and handles made from a context must not outlive it.
class UsbContext {
public:
    UsbContext();
    ~UsbContext();
    UsbContext(const UsbContext&) = delete;
    UsbContext& operator=(const UsbContext&) = delete;

    libusb_context* get() const { return ctx_; }
    // Every device libusb sees. `with_strings` opens each device to read its string descriptors (a control
    // transfer each; a device that cannot be opened keeps its strings empty and says why in strings_error).
    std::vector<UsbDeviceInfo> devices(bool with_strings = true) const;

private:
    libusb_context* ctx_ = nullptr;
};

}  // namespace atmbench::usb
