#include "atmbench/usb/usb_context.hpp"

#include "device_info.hpp"

#include <cstdio>

namespace atmbench::usb {

std::string libusb_error_text(int code) {
    return std::string(libusb_error_name(code)) + " (" + libusb_strerror(code) + ")";
}

std::string EndpointInfo::transfer_type() const {
    switch (attributes & 0x03) {  // USB 2.0 §9.6.6, bmAttributes bits 1..0
        case LIBUSB_ENDPOINT_TRANSFER_TYPE_CONTROL: return "control";
        case LIBUSB_ENDPOINT_TRANSFER_TYPE_ISOCHRONOUS: return "isochronous";
        case LIBUSB_ENDPOINT_TRANSFER_TYPE_BULK: return "bulk";
        default: return "interrupt";
    }
}

std::string UsbDeviceInfo::id() const {
    char text[10];
    std::snprintf(text, sizeof text, "%04x:%04x", vendor_id, product_id);
    return text;
}

std::string UsbDeviceInfo::describe() const { return "usb " + bus_path + " (" + id() + ")"; }

UsbContext::UsbContext() {
    // libusb_init (not libusb_init_context: that arrived in 1.0.27; Debian 12 has 1.0.26).
    if (int r = libusb_init(&ctx_); r < 0) throw UsbError("usb: cannot start libusb: " + libusb_error_text(r), r);
}

UsbContext::~UsbContext() { libusb_exit(ctx_); }

std::vector<UsbDeviceInfo> UsbContext::devices(bool with_strings) const {
    std::vector<UsbDeviceInfo> out;
    detail::DeviceList list(ctx_);
    for (libusb_device* dev : list) {
        UsbDeviceInfo info = detail::read_device_info(dev, nullptr);
        if (with_strings) {
            libusb_device_handle* handle = nullptr;
            if (int r = libusb_open(dev, &handle); r < 0) {
                info.strings_error = "cannot open: " + libusb_error_text(r);
            } else {
                detail::read_strings(info, handle);
                libusb_close(handle);
            }
        }
        out.push_back(std::move(info));
    }
    return out;
}

namespace detail {

DeviceList::DeviceList(libusb_context* ctx) {
    count_ = libusb_get_device_list(ctx, &list_);
    if (count_ < 0) {
        int r = static_cast<int>(count_);
        count_ = 0;
        throw UsbError("usb: cannot list devices: " + libusb_error_text(r), r);
    }
}

UsbDeviceInfo read_device_info(libusb_device* device, libusb_device_handle* handle) {
    UsbDeviceInfo info;
    info.bus = libusb_get_bus_number(device);
    info.address = libusb_get_device_address(device);
    std::uint8_t ports[8];  // USB 2.0 §4.1.1: at most 7 tiers below the root
    int n = libusb_get_port_numbers(device, ports, sizeof ports);
    info.bus_path = std::to_string(info.bus);
    for (int i = 0; i < n; ++i) info.bus_path += (i == 0 ? "-" : ".") + std::to_string(ports[i]);
    if (n <= 0) info.bus_path = "usb" + info.bus_path;  // a root hub, as sysfs names it

    libusb_device_descriptor d{};
    libusb_get_device_descriptor(device, &d);  // cached: cannot fail since libusb 1.0.16
    info.vendor_id = d.idVendor;
    info.product_id = d.idProduct;
    info.bcd_usb = d.bcdUSB;
    info.bcd_device = d.bcdDevice;
    info.device_class = d.bDeviceClass;
    info.device_subclass = d.bDeviceSubClass;
    info.device_protocol = d.bDeviceProtocol;

    libusb_config_descriptor* config = nullptr;
    if (libusb_get_active_config_descriptor(device, &config) < 0 &&
        libusb_get_config_descriptor(device, 0, &config) < 0)
        config = nullptr;
    if (config) {
        for (int i = 0; i < config->bNumInterfaces; ++i) {
            const libusb_interface& itf = config->interface[i];
            for (int a = 0; a < itf.num_altsetting; ++a) {
                const libusb_interface_descriptor& alt = itf.altsetting[a];
                InterfaceInfo ii{alt.bInterfaceNumber, alt.bAlternateSetting, alt.bInterfaceClass,
                                 alt.bInterfaceSubClass, alt.bInterfaceProtocol, {}};
                for (int e = 0; e < alt.bNumEndpoints; ++e) {
                    const libusb_endpoint_descriptor& ep = alt.endpoint[e];
                    ii.endpoints.push_back({ep.bEndpointAddress, ep.bmAttributes, ep.wMaxPacketSize, ep.bInterval});
                }
                info.interfaces.push_back(std::move(ii));
            }
        }
        libusb_free_config_descriptor(config);
    }
    if (handle) read_strings(info, handle);
    return info;
}

void read_strings(UsbDeviceInfo& info, libusb_device_handle* handle) {
    libusb_device_descriptor d{};
    libusb_get_device_descriptor(libusb_get_device(handle), &d);
    // USB 2.0 §9.6.1: index 0 means "no string"; each read is one GET_DESCRIPTOR control transfer, which libusb
    // bounds at 1 s.
    auto read = [&](std::uint8_t index, std::optional<std::string>& into) {
        if (index == 0) return;
        unsigned char text[256];
        int r = libusb_get_string_descriptor_ascii(handle, index, text, sizeof text);
        if (r >= 0) into.emplace(reinterpret_cast<const char*>(text), static_cast<std::size_t>(r));
        else if (info.strings_error.empty()) info.strings_error = "string " + std::to_string(index) + ": " + libusb_error_text(r);
    };
    read(d.iManufacturer, info.manufacturer);
    read(d.iProduct, info.product);
    read(d.iSerialNumber, info.serial);
}

}  // namespace detail
}  // namespace atmbench::usb
