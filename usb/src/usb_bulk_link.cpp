#include "atmbench/usb/usb_bulk_link.hpp"

#include <libusb.h>

#include <algorithm>
#include <cstdio>

namespace atmbench::usb {

namespace {

// libusb treats a timeout of 0 as "wait forever" (libusb API docs, libusb_bulk_transfer): every wait here is
// bounded, so a zero or negative budget becomes the shortest real one.
unsigned int bounded(std::chrono::milliseconds timeout) {
    return static_cast<unsigned int>(std::clamp<std::int64_t>(timeout.count(), 1, 24 * 3600 * 1000));
}

std::string endpoint_name(std::uint8_t endpoint) {
    char text[8];
    std::snprintf(text, sizeof text, "0x%02x", endpoint);
    return text;
}

}  // namespace

UsbBulkLink::UsbBulkLink(UsbDevice device, std::optional<std::uint8_t> interface) : device_(std::move(device)) {
    for (const auto& itf : device_.info().interfaces) {
        if (itf.alternate != 0 || (interface && itf.number != *interface)) continue;
        std::optional<std::uint8_t> out, in, irq;
        std::uint16_t in_packet = 64;
        for (const auto& ep : itf.endpoints) {
            if (ep.transfer_type() == "bulk" && !ep.in() && !out) out = ep.address;
            if (ep.transfer_type() == "bulk" && ep.in() && !in) {
                in = ep.address;
                in_packet = std::max<std::uint16_t>(ep.max_packet & 0x7FF, 8);  // bits 10..0 (USB 2.0 §9.6.6)
            }
            if (ep.transfer_type() == "interrupt" && ep.in() && !irq) irq = ep.address;
        }
        if (!out || !in) continue;
        device_.claim(itf.number);
        out_ = *out;
        in_ = *in;
        interrupt_in_ = irq;
        in_max_packet_ = in_packet;
        return;
    }
    throw UsbError(device_.describe() + ": " +
                       (interface ? "interface " + std::to_string(*interface) + " has" : std::string("no interface has")) +
                       (interface ? " no" : "") + " bulk OUT and bulk IN endpoint pair",
                   LIBUSB_ERROR_NOT_FOUND);
}

void UsbBulkLink::fail(int code, std::uint8_t endpoint, const char* operation) {
    std::string where = describe() + ": " + operation + " on endpoint " + endpoint_name(endpoint);
    if (code == LIBUSB_ERROR_NO_DEVICE) throw device_link::LinkError(describe() + ": device gone (unplugged)");
    if (code == LIBUSB_ERROR_PIPE) {
        // A halted endpoint stays halted until the host clears it (USB 2.0 §9.4.5); clearing also resets the data
        // toggle, so the next transfer starts clean.
        int r = libusb_clear_halt(device_.handle(), endpoint);
        if (r == LIBUSB_ERROR_NO_DEVICE) throw device_link::LinkError(describe() + ": device gone (unplugged)");
        throw EndpointStalled(where + ": endpoint stalled (" +
                                  (r == 0 ? std::string("halt cleared") : "clearing the halt failed: " + libusb_error_text(r)) + ")",
                              endpoint, r == 0);
    }
    throw device_link::LinkError(where + " failed: " + libusb_error_text(code));
}

void UsbBulkLink::write(std::span<const std::uint8_t> bytes, std::chrono::milliseconds timeout) {
    int sent = 0;
    int r = libusb_bulk_transfer(device_.handle(), out_, const_cast<unsigned char*>(bytes.data()),
                                 static_cast<int>(bytes.size()), &sent, bounded(timeout));
    if (r == LIBUSB_ERROR_TIMEOUT)
        throw device_link::LinkError(describe() + ": write timed out after " + std::to_string(timeout.count()) + " ms (" +
                                     std::to_string(sent) + " of " + std::to_string(bytes.size()) + " bytes taken)");
    if (r < 0) fail(r, out_, "write");
}

device_link::Bytes UsbBulkLink::read(std::size_t max, std::chrono::milliseconds timeout) {
    if (max == 0) return {};
    if (pending_.empty()) {
        // Whole packets: a device may send a full packet whatever we asked for, and a buffer shorter than the
        // packet would end the transfer in LIBUSB_ERROR_OVERFLOW (libusb API docs, "Packets and overflows").
        std::size_t want = (max + in_max_packet_ - 1) / in_max_packet_ * in_max_packet_;
        device_link::Bytes buffer(std::min<std::size_t>(want, 16384));
        int got = 0;
        int r = libusb_bulk_transfer(device_.handle(), in_, buffer.data(), static_cast<int>(buffer.size()), &got,
                                     bounded(timeout));
        if (r < 0 && r != LIBUSB_ERROR_TIMEOUT) fail(r, in_, "read");
        buffer.resize(static_cast<std::size_t>(got));  // a timeout may still have delivered some bytes
        pending_ = std::move(buffer);
    }
    std::size_t n = std::min(max, pending_.size());
    device_link::Bytes out(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(n));
    pending_.erase(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(n));
    return out;
}

void UsbBulkLink::discard_input() {
    pending_.clear();
    // Drain with 1 ms reads until the device has nothing or the bound has passed: a chattering device cannot keep
    // the driver here.
    const auto deadline = std::chrono::steady_clock::now() + kDiscardBound;
    while (std::chrono::steady_clock::now() < deadline) {
        if (read(in_max_packet_, std::chrono::milliseconds(1)).empty()) break;
        pending_.clear();
    }
}

device_link::Bytes UsbBulkLink::read_interrupt(std::size_t max, std::chrono::milliseconds timeout) {
    if (!interrupt_in_) throw UsbError(describe() + ": the interface has no interrupt IN endpoint", LIBUSB_ERROR_NOT_FOUND);
    device_link::Bytes buffer(std::max<std::size_t>(max, 64));
    int got = 0;
    int r = libusb_interrupt_transfer(device_.handle(), *interrupt_in_, buffer.data(), static_cast<int>(buffer.size()),
                                      &got, bounded(timeout));
    if (r < 0 && r != LIBUSB_ERROR_TIMEOUT) fail(r, *interrupt_in_, "interrupt read");
    buffer.resize(std::min<std::size_t>(static_cast<std::size_t>(got), max));
    return buffer;
}

}  // namespace atmbench::usb
