#include "atmbench/usb/usb_device.hpp"

#include "device_info.hpp"

#include <algorithm>
#include <utility>

namespace atmbench::usb {

UsbDevice::UsbDevice(UsbContext& context, const UsbMatch& match) {
    detail::DeviceList list(context.get());
    std::vector<std::string> present;
    std::vector<std::string> unreadable;  // candidates whose serial could not be read (no permission, …)
    libusb_device* chosen = nullptr;
    for (libusb_device* dev : list) {
        UsbDeviceInfo info = detail::read_device_info(dev, nullptr);
        present.push_back(info.bus_path + " " + info.id());
        bool candidate = (!match.vendor_id || info.vendor_id == *match.vendor_id) &&
                         (!match.product_id || info.product_id == *match.product_id) &&
                         (!match.bus_path || info.bus_path == *match.bus_path);
        if (!candidate) continue;
        if (match.serial) {  // the serial is a string descriptor: only an opened device tells it
            libusb_device_handle* h = nullptr;
            if (int r = libusb_open(dev, &h); r < 0) {
                unreadable.push_back(info.bus_path + " " + libusb_error_name(r));
                continue;
            }
            detail::read_strings(info, h);
            libusb_close(h);
            if (!match.matches(info)) continue;
        }
        if (!chosen || info.bus_path < info_.bus_path) {
            chosen = dev;
            info_ = std::move(info);
        }
    }
    if (!chosen) {
        std::sort(present.begin(), present.end());
        std::string seen;
        for (const auto& p : present) seen += (seen.empty() ? "" : ", ") + p;
        std::string why;
        for (const auto& u : unreadable) why += (why.empty() ? "; serial unreadable: " : ", ") + u;
        throw UsbNoMatch("usb: no device matches '" + match.text() + "' (present: " + (seen.empty() ? "none" : seen) + ")" + why,
                       LIBUSB_ERROR_NOT_FOUND);
    }
    if (int r = libusb_open(chosen, &handle_); r < 0)
        throw UsbError(info_.describe() + ": cannot open: " + libusb_error_text(r) +
                           (r == LIBUSB_ERROR_ACCESS ? " (needs a udev rule giving the bench access, usb/README.md)" : ""),
                       r);
    // Linux detaches a bound kernel driver (usblp, cdc_acm, …) at claim and re-attaches it at release; a no-op
    // (LIBUSB_ERROR_NOT_SUPPORTED) where the platform cannot, which is not an error here.
    libusb_set_auto_detach_kernel_driver(handle_, 1);
    if (info_.strings_error.empty() && !info_.manufacturer) detail::read_strings(info_, handle_);
}

UsbDevice::UsbDevice(UsbDevice&& other) noexcept
    : handle_(std::exchange(other.handle_, nullptr)), info_(std::move(other.info_)), claimed_(std::move(other.claimed_)) {}

UsbDevice::~UsbDevice() {
    if (!handle_) return;
    for (auto n : claimed_) libusb_release_interface(handle_, n);  // fails harmlessly on an unplugged device
    libusb_close(handle_);
}

void UsbDevice::claim(std::uint8_t number) {
    if (std::find(claimed_.begin(), claimed_.end(), number) != claimed_.end()) return;
    if (int r = libusb_claim_interface(handle_, number); r < 0)
        throw UsbError(describe() + ": cannot claim interface " + std::to_string(number) + ": " + libusb_error_text(r) +
                           (r == LIBUSB_ERROR_BUSY ? " (another program holds it)" : ""),
                       r);
    claimed_.push_back(number);
}

}  // namespace atmbench::usb
