#include "atmbench/usb/mock/usb_testbed.hpp"

#include "atmbench/usb/usb_match.hpp"

#include <umockdev.h>

#include <sys/ioctl.h>  // _IOR/_IOW, which the usbfs header's request numbers use
#include <linux/usbdevice_fs.h>

#include <algorithm>
#include <cerrno>
#include <cstddef>
#include <cstdio>
#include <cstring>
#include <deque>
#include <mutex>
#include <optional>
#include <set>
#include <stdexcept>
#include <vector>

namespace atmbench::usb::mock {

namespace {

// One submitted URB: the client's struct usbdevfs_urb and its buffer as umockdev resolved them (local copies,
// written back to the client when the reap that hands the URB over completes).
struct Urb {
    UMockdevIoctlData* urb = nullptr;     // one reference held here
    UMockdevIoctlData* buffer = nullptr;  // one reference held here; null for a zero-length URB
    usbdevfs_urb* view() const { return reinterpret_cast<usbdevfs_urb*>(urb->data); }
    std::uint8_t* bytes() const { return buffer ? buffer->data : nullptr; }
    int length() const { return view()->buffer_length; }
    void release() {
        if (buffer) g_object_unref(buffer);
        if (urb) g_object_unref(urb);
        urb = buffer = nullptr;
    }
};

std::string hex(const std::vector<std::uint8_t>& bytes) {
    std::string out;
    char two[3];
    for (auto b : bytes) {
        std::snprintf(two, sizeof two, "%02x", b);
        out += two;
    }
    return out;
}

}  // namespace

struct SimulatedUsbDevice::State {
    mutable std::mutex mutex;
    usbip::UsbDescription description;
    device_link::WireDevice* device = nullptr;
    UMockdevTestbed* testbed = nullptr;  // not owned
    UMockdevIoctlBase* handler = nullptr;
    std::string syspath, port;
    Behaviour behaviour = Behaviour::answering;
    bool unplugged = false, detached = false, claimed = false;
    int halts_cleared = 0;
    std::set<std::uint8_t> halted;
    device_link::Bytes in_queue;                    // the device's answers not yet taken by a bulk IN URB
    std::deque<device_link::Bytes> interrupt_queue;
    std::deque<Urb> flying;                         // submitted, waiting for the device
    std::deque<Urb> done;                           // completed, waiting to be reaped

    ~State() {
        for (auto& u : flying) u.release();
        for (auto& u : done) u.release();
        if (handler) g_object_unref(handler);
    }

    void finish(Urb u, int status, int actual) {
        u.view()->status = status;
        u.view()->actual_length = actual;
        done.push_back(u);
    }

    // The control pipe (endpoint 0): GET_DESCRIPTOR as USB 2.0 §9.4.3 describes it, and a printer's GET_DEVICE_ID
    // when its description has an IEEE 1284 ID; every other request is a
    // request error, which a device signals with a STALL (§8.5.3.4). libusb issues SET_CONFIGURATION,
    // SET_INTERFACE and CLEAR_FEATURE(HALT) as their own ioctls, never as control URBs.
    void control(Urb u) {
        const std::uint8_t* setup = u.bytes();
        if (!setup || u.length() < 8) return finish(u, -EINVAL, 0);
        const std::uint8_t type = setup[0], request = setup[1], value_low = setup[2], value_high = setup[3];
        const int asked = setup[6] | (setup[7] << 8);
        std::optional<usbip::DescriptorBytes> answer;
        if (type == 0x80 && request == 6) {
            if (value_high == 1) answer = usbip::device_descriptor(description);
            else if (value_high == 2 && value_low == 0) answer = usbip::configuration_descriptor(description);
            else if (value_high == 3) answer = usbip::string_descriptor(description, value_low);
        } else if (type == 0xA1 && request == 0) {  // the printer class's GET_DEVICE_ID (Printer Class 1.1 §4.2.1)
            answer = usbip::printer_device_id(description);
        }
        if (!answer) return finish(u, -EPIPE, 0);
        int n = std::min({asked, static_cast<int>(answer->size()), u.length() - 8});
        std::memcpy(u.bytes() + 8, answer->data(), static_cast<std::size_t>(n));
        finish(u, 0, n);
    }

    void submit(Urb u) {
        const std::uint8_t ep = u.view()->endpoint;
        if (u.view()->type == USBDEVFS_URB_TYPE_CONTROL) return control(u);
        if (halted.count(ep)) return finish(u, -EPIPE, 0);
        if (ep & 0x80) return flying.push_back(u);  // IN: completed by serve() once there is something to give
        if (behaviour == Behaviour::frozen) return flying.push_back(u);
        if (behaviour == Behaviour::answering) {
            device_link::Bytes answer = device->receive({u.bytes(), static_cast<std::size_t>(u.length())});
            in_queue.insert(in_queue.end(), answer.begin(), answer.end());
        }
        finish(u, 0, u.length());
    }

    // Completes the URBs in flight that can be completed now, in submission order per endpoint.
    void serve() {
        if (behaviour == Behaviour::answering) {
            device_link::Bytes extra = device->unsolicited();
            in_queue.insert(in_queue.end(), extra.begin(), extra.end());
        }
        for (auto it = flying.begin(); it != flying.end();) {
            Urb u = *it;
            const std::uint8_t ep = u.view()->endpoint;
            bool complete = true;
            if (unplugged) finish(u, -ESHUTDOWN, 0);
            else if (halted.count(ep)) finish(u, -EPIPE, 0);
            else if (behaviour != Behaviour::answering) complete = false;
            else if (description.interrupt_in && ep == *description.interrupt_in && !interrupt_queue.empty()) {
                auto& next = interrupt_queue.front();
                int n = std::min(u.length(), static_cast<int>(next.size()));
                std::memcpy(u.bytes(), next.data(), static_cast<std::size_t>(n));
                interrupt_queue.pop_front();
                finish(u, 0, n);
            } else if (ep == description.bulk_in && !in_queue.empty()) {
                int n = std::min(u.length(), static_cast<int>(in_queue.size()));
                std::memcpy(u.bytes(), in_queue.data(), static_cast<std::size_t>(n));
                in_queue.erase(in_queue.begin(), in_queue.begin() + n);
                finish(u, 0, n);
            } else {
                complete = false;
            }
            it = complete ? flying.erase(it) : std::next(it);
        }
    }

    gboolean ioctl(UMockdevIoctlClient* client) {
        std::lock_guard lock(mutex);
        const gulong request = umockdev_ioctl_client_get_request(client);
        UMockdevIoctlData* arg = umockdev_ioctl_client_get_arg(client);
        auto ok = [&] { umockdev_ioctl_client_complete(client, 0, 0); return TRUE; };
        auto error = [&](int e) { umockdev_ioctl_client_complete(client, -1, e); return TRUE; };
        const bool reap = request == USBDEVFS_REAPURB || request == USBDEVFS_REAPURBNDELAY;
        if (unplugged && !reap && request != USBDEVFS_RELEASEINTERFACE) return error(ENODEV);

        switch (request) {
            case USBDEVFS_GET_CAPABILITIES: {
                UMockdevIoctlData* caps = umockdev_ioctl_data_resolve(arg, 0, sizeof(guint32), nullptr);
                *reinterpret_cast<guint32*>(caps->data) = USBDEVFS_CAP_BULK_CONTINUATION | USBDEVFS_CAP_NO_PACKET_SIZE_LIM |
                                                          USBDEVFS_CAP_REAP_AFTER_DISCONNECT | USBDEVFS_CAP_ZERO_PACKET;
                g_object_unref(caps);
                return ok();
            }
            case USBDEVFS_DISCONNECT_CLAIM:  // libusb's auto-detach: drop the kernel driver and claim in one step
                detached = true;
                claimed = true;
                return ok();
            case USBDEVFS_CLAIMINTERFACE:
                claimed = true;
                return ok();
            case USBDEVFS_RELEASEINTERFACE:
                claimed = false;
                return ok();
            case USBDEVFS_GETDRIVER:  // no kernel driver bound
                return error(ENODATA);
            case USBDEVFS_IOCTL:  // USBDEVFS_CONNECT: re-attaching the kernel driver after release
            case USBDEVFS_RESET:
            case USBDEVFS_RESETEP:
            case USBDEVFS_SETINTERFACE:
            case USBDEVFS_SETCONFIGURATION:
                return ok();
            case USBDEVFS_CLEAR_HALT: {
                UMockdevIoctlData* ep = umockdev_ioctl_data_resolve(arg, 0, sizeof(unsigned int), nullptr);
                halted.erase(static_cast<std::uint8_t>(*reinterpret_cast<unsigned int*>(ep->data)));
                g_object_unref(ep);
                ++halts_cleared;
                return ok();
            }
            case USBDEVFS_SUBMITURB: {
                Urb u;
                u.urb = umockdev_ioctl_data_resolve(arg, 0, sizeof(usbdevfs_urb), nullptr);
                if (!u.urb) return error(EFAULT);
                if (u.view()->buffer_length > 0)
                    u.buffer = umockdev_ioctl_data_resolve(u.urb, offsetof(usbdevfs_urb, buffer),
                                                           static_cast<gsize>(u.view()->buffer_length), nullptr);
                submit(u);
                return ok();
            }
            case USBDEVFS_REAPURB:  // libusb only ever reaps without waiting; a waiting reap is treated alike
            case USBDEVFS_REAPURBNDELAY: {
                serve();
                if (done.empty()) return error(unplugged ? ENODEV : EAGAIN);
                Urb u = done.front();
                done.pop_front();
                UMockdevIoctlData* out = umockdev_ioctl_data_resolve(arg, 0, sizeof(void*), nullptr);
                umockdev_ioctl_data_set_ptr(out, 0, u.urb);
                umockdev_ioctl_client_complete(client, 0, 0);
                g_object_unref(out);
                u.release();
                return TRUE;
            }
            case USBDEVFS_DISCARDURB: {  // libusb cancelling a transfer (its timeout): the URB ends with -ENOENT
                const gulong address = *reinterpret_cast<gulong*>(arg->data);
                auto it = std::find_if(flying.begin(), flying.end(), [&](const Urb& u) { return u.urb->client_addr == address; });
                if (it == flying.end()) return error(EINVAL);
                Urb u = *it;
                flying.erase(it);
                finish(u, -ENOENT, 0);
                return ok();
            }
            default:
                return FALSE;  // umockdev answers ENOTTY, as usbfs does for an ioctl it does not know
        }
    }
};

namespace {

gboolean on_ioctl(UMockdevIoctlBase*, UMockdevIoctlClient* client, gpointer state) {
    return static_cast<SimulatedUsbDevice::State*>(state)->ioctl(client);
}

}  // namespace

SimulatedUsbDevice::SimulatedUsbDevice(std::unique_ptr<State> state) : state_(std::move(state)) {}
SimulatedUsbDevice::~SimulatedUsbDevice() = default;

std::string SimulatedUsbDevice::bus_path() const { return "1-" + state_->port; }

void SimulatedUsbDevice::unplug() {
    {
        std::lock_guard lock(state_->mutex);
        if (state_->unplugged) return;
        state_->unplugged = true;
    }
    umockdev_testbed_remove_device(state_->testbed, state_->syspath.c_str());  // the "remove" uevent, as udev sends it
}

void SimulatedUsbDevice::stall(std::uint8_t endpoint) {
    std::lock_guard lock(state_->mutex);
    state_->halted.insert(endpoint);
}

void SimulatedUsbDevice::set_behaviour(Behaviour behaviour) {
    std::lock_guard lock(state_->mutex);
    state_->behaviour = behaviour;
}

void SimulatedUsbDevice::queue_interrupt(device_link::Bytes bytes) {
    std::lock_guard lock(state_->mutex);
    state_->interrupt_queue.push_back(std::move(bytes));
}

int SimulatedUsbDevice::halts_cleared() const {
    std::lock_guard lock(state_->mutex);
    return state_->halts_cleared;
}

bool SimulatedUsbDevice::kernel_driver_detached() const {
    std::lock_guard lock(state_->mutex);
    return state_->detached;
}

bool SimulatedUsbDevice::interface_claimed() const {
    std::lock_guard lock(state_->mutex);
    return state_->claimed;
}

struct UsbTestbed::Impl {
    UMockdevTestbed* testbed = nullptr;
    std::vector<std::unique_ptr<SimulatedUsbDevice>> devices;
    std::set<std::string> hubs;  // bus paths of the stand-in hubs added so far
    int next_address = 2;  // 1 is the root hub's
};

UsbTestbed::UsbTestbed() : impl_(std::make_unique<Impl>()) {
    impl_->testbed = umockdev_testbed_new();
    // Only meaningful once a testbed exists (the preload redirects /sys to it then); umockdev caches the answer.
    if (!umockdev_in_mock_environment()) {
        g_object_unref(impl_->testbed);
        throw std::runtime_error(
            "usb mock: not running under umockdev's preload (link atmbench_usb_mock, or run under umockdev-wrapper)");
    }
}

UsbTestbed::~UsbTestbed() {
    // The testbed first: its worker thread, which calls the handlers, stops with it; then the devices' state.
    g_object_unref(impl_->testbed);
    impl_->devices.clear();
}

namespace {

// What Linux shows of a device in sysfs and what libusb reads there (umockdev's record format: P: path, N: device
// node, E: uevent properties, A: attributes, H: binary attributes in hex). "descriptors" is the device descriptor
// followed by the active configuration's, as the kernel exposes them.
std::string sysfs_record(const std::string& path, const char* node, int address, const usbip::UsbDescription& d) {
    usbip::DescriptorBytes descriptors = usbip::device_descriptor(d);
    usbip::DescriptorBytes config = usbip::configuration_descriptor(d);
    descriptors.insert(descriptors.end(), config.begin(), config.end());
    char numbers[128];
    std::snprintf(numbers, sizeof numbers, "E: BUSNUM=001\nE: DEVNUM=%03d\nA: busnum=1\\n\nA: devnum=%d\\n\n", address,
                  address);
    return "P: " + path + "\nN: " + node + "\nE: SUBSYSTEM=usb\nE: DRIVER=usb\nE: DEVTYPE=usb_device\nE: DEVNAME=/dev/" +
           node + "\n" + numbers + "A: bConfigurationValue=1\\n\nA: speed=12\\n\nH: descriptors=" + hex(descriptors) +
           "\n";
}

}  // namespace

void UsbTestbed::add_record(const std::string& path, const std::string& bus_path, int address,
                            const usbip::UsbDescription& description) {
    char node[32];
    std::snprintf(node, sizeof node, "bus/usb/001/%03d", address);
    GError* error = nullptr;
    if (!umockdev_testbed_add_from_string(impl_->testbed, sysfs_record(path, node, address, description).c_str(), &error)) {
        std::string why = error ? error->message : "unknown";
        g_clear_error(&error);
        throw std::runtime_error("usb mock: cannot add the device at " + bus_path + ": " + why);
    }
}

SimulatedUsbDevice& UsbTestbed::add(const usbip::UsbDescription& description, device_link::WireDevice& device,
                                    const std::string& port) {
    const std::string bus_path = "1-" + port;
    UsbMatch::parse(bus_path);  // the same rules as a fixture's bus path (numbers 1..255, at most 7 tiers)
    // Each tier's sysfs folder is inside its hub's: /devices/1-3/1-3.1 for a device on port 1 of the hub on
    // root port 3. libusb finds a device's parent by that name to compute its port numbers (bus path), so every
    // hub on the way is added too: a stand-in whose only meaning is its place (hub class 9 on its interface).
    std::string path = "/devices";
    for (std::size_t dot = 0;; ++dot) {
        dot = port.find('.', dot);
        std::string tier = "1-" + port.substr(0, dot);
        path += "/" + tier;
        if (dot == std::string::npos) break;
        if (impl_->hubs.insert(tier).second) {
            usbip::UsbDescription hub;
            hub.vendor_id = 0x0b00;
            hub.product_id = 0x00ff;
            hub.interface_class = 0x09;
            hub.product = "hub";
            add_record(path, tier, impl_->next_address++, hub);
        }
    }

    auto state = std::make_unique<SimulatedUsbDevice::State>();
    state->description = description;
    state->device = &device;
    state->testbed = impl_->testbed;
    state->port = port;
    state->syspath = "/sys" + path;
    const int address = impl_->next_address++;
    char node[40];
    std::snprintf(node, sizeof node, "/dev/bus/usb/001/%03d", address);

    // The ioctl handler before the device: libusb may open the node as soon as the "add" uevent arrives.
    state->handler = umockdev_ioctl_base_new();
    g_signal_connect_after(state->handler, "handle-ioctl", G_CALLBACK(on_ioctl), state.get());
    GError* error = nullptr;
    if (!umockdev_testbed_attach_ioctl(impl_->testbed, node, state->handler, &error)) {
        std::string why = error ? error->message : "unknown";
        g_clear_error(&error);
        throw std::runtime_error("usb mock: cannot attach the ioctl handler for " + std::string(node) + ": " + why);
    }
    add_record(path, bus_path, address, description);
    impl_->devices.push_back(std::unique_ptr<SimulatedUsbDevice>(new SimulatedUsbDevice(std::move(state))));
    return *impl_->devices.back();
}

}  // namespace atmbench::usb::mock
