// Reading a libusb_device into a UsbDeviceInfo; shared by enumeration and UsbDevice.
#pragma once

#include "atmbench/usb/usb_context.hpp"

#include <libusb.h>

namespace atmbench::usb::detail {

// Descriptors from libusb's cache (no I/O). With `handle`, also the string descriptors (control transfers).
UsbDeviceInfo read_device_info(libusb_device* device, libusb_device_handle* handle);
// The strings only, into `info` (manufacturer, product, serial; strings_error on failure).
void read_strings(UsbDeviceInfo& info, libusb_device_handle* handle);

// libusb's device list, freed on scope exit.
class DeviceList {
public:
    explicit DeviceList(libusb_context* ctx);
    ~DeviceList() { libusb_free_device_list(list_, 1); }
    DeviceList(const DeviceList&) = delete;
    DeviceList& operator=(const DeviceList&) = delete;
    libusb_device** begin() const { return list_; }
    libusb_device** end() const { return list_ + count_; }

private:
    libusb_device** list_ = nullptr;
    ssize_t count_ = 0;
};

}  // namespace atmbench::usb::detail
