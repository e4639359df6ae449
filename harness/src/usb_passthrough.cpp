#include "usb_passthrough.hpp"

#include <algorithm>
#include <iostream>

namespace atmbench::cli {

template <class F>
device_link::Bytes UsbPassthrough::guarded(F&& transfer) {
    {
        std::lock_guard lock(mutex_);
        if (failure_) return {};  // a failed device is left alone: the run is ending
    }
    try {
        return transfer();
    } catch (const usb::EndpointStalled& e) {
        std::lock_guard lock(mutex_);
        ++stalls_;
        std::cerr << "atmbench usb sniff: warning: " << e.what() << "\n";
    } catch (const device_link::LinkError& e) {
        std::lock_guard lock(mutex_);
        failure_ = e.what();
    }
    return {};
}

device_link::Bytes UsbPassthrough::receive(std::span<const std::uint8_t> bytes) {
    return guarded([&] {
        link_.write(bytes, kWriteBound);
        return device_link::Bytes{};  // the answer comes from unsolicited(), which the server asks next
    });
}

device_link::Bytes UsbPassthrough::unsolicited() {
    return guarded([&] { return link_.read(kReadChunk, kReadBound); });
}

std::optional<std::string> UsbPassthrough::failure() const {
    std::lock_guard lock(mutex_);
    return failure_;
}

int UsbPassthrough::stalls() const {
    std::lock_guard lock(mutex_);
    return stalls_;
}

const usb::InterfaceInfo& claimed_interface(const usb::UsbBulkLink& link) {
    const auto& interfaces = link.device().info().interfaces;
    auto it = std::find_if(interfaces.begin(), interfaces.end(), [&](const usb::InterfaceInfo& itf) {
        return itf.alternate == 0 && std::any_of(itf.endpoints.begin(), itf.endpoints.end(),
                                                 [&](const usb::EndpointInfo& ep) { return ep.address == link.bulk_out(); });
    });
    return *it;  // the link claimed it because it has that endpoint
}

usbip::UsbDescription export_description(const usb::UsbBulkLink& link, const std::optional<std::string>& ieee1284_id) {
    const usb::UsbDeviceInfo& info = link.device().info();
    const usb::InterfaceInfo& itf = claimed_interface(link);
    usbip::UsbDescription d;
    d.vendor_id = info.vendor_id;
    d.product_id = info.product_id;
    d.bcd_device = info.bcd_device;
    d.interface_class = itf.interface_class;
    d.interface_subclass = itf.interface_subclass;
    d.interface_protocol = itf.interface_protocol;
    d.bulk_out = link.bulk_out();
    d.bulk_in = link.bulk_in();
    d.interrupt_in = link.interrupt_in();
    for (const auto& ep : itf.endpoints)
        if (ep.address == link.bulk_in()) d.max_packet = static_cast<std::uint16_t>(ep.max_packet & 0x7FF);  // §9.6.6
    d.manufacturer = info.manufacturer.value_or("");
    d.product = info.product.value_or("");
    d.serial = info.serial.value_or("");
    d.ieee1284_id = ieee1284_id.value_or("");
    return d;
}

}  // namespace atmbench::cli
