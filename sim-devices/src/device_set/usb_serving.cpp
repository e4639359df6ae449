#include "usb_serving.hpp"

#include "atmbench/device_link/pty_device.hpp"
#include "atmbench/usbip/usbip_server.hpp"

#include <boost/json.hpp>

#include <cstdio>
#include <list>

namespace atmbench::devices {

namespace json = boost::json;

struct UsbServing::Impl {
    std::vector<std::pair<std::string, std::shared_ptr<UsbWireFace>>> faces;
    std::unique_ptr<usbip::UsbipServer> usbip;
    std::list<device_link::PtyDevice> ptys;  // one per face, in the faces' order (PtyDevice cannot move)
};

namespace {

// USB/IP bus ids as a host's usbip client names them (usbip_protocol: "busid", e.g. "1-1"): bus 1, port n.
std::string busid(std::size_t index) { return "1-" + std::to_string(index + 1); }

std::string hex4(std::uint16_t v) {
    char text[8];
    std::snprintf(text, sizeof text, "%04x", v);
    return text;
}

}  // namespace

UsbServing::UsbServing(std::vector<std::pair<std::string, std::shared_ptr<UsbWireFace>>> faces,
                       const std::string& usbip_listen, bool exposed)
    : impl_(std::make_unique<Impl>()) {
    impl_->faces = std::move(faces);
    if (usbip_listen.empty()) {
        for (auto& [id, face] : impl_->faces) impl_->ptys.emplace_back(*face);
        return;
    }
    impl_->usbip = std::make_unique<usbip::UsbipServer>(usbip_listen, exposed);
    for (std::size_t i = 0; i < impl_->faces.size(); ++i)
        impl_->usbip->add({busid(i), impl_->faces[i].second->usb(), impl_->faces[i].second.get()});
    impl_->usbip->start();
}

UsbServing::~UsbServing() {
    if (impl_->usbip) impl_->usbip->stop();
}

json::array UsbServing::devices() const {
    json::array out;
    auto pty = impl_->ptys.begin();
    for (std::size_t i = 0; i < impl_->faces.size(); ++i) {
        const auto& [id, face] = impl_->faces[i];
        json::object d{{"id", id},
                       {"protocol", face->wire_protocol()},
                       {"vendor", hex4(face->usb().vendor_id)},
                       {"product", hex4(face->usb().product_id)}};
        if (impl_->usbip) {
            d["busid"] = busid(i);
            d["usbip"] = impl_->usbip->address();
        } else {
            d["pty"] = (pty++)->path().string();
        }
        out.push_back(std::move(d));
    }
    return out;
}

}  // namespace atmbench::devices
