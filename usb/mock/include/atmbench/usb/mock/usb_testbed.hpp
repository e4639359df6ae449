// Simulated USB devices that libusb's real Linux backend (usbfs) finds and drives, without USB hardware or a
// kernel USB stack: umockdev's testbed fakes /sys and /dev/bus/usb, and each device's usbfs ioctls
// (USBDEVFS_SUBMITURB, REAPURBNDELAY, DISCARDURB, CLAIMINTERFACE, CLEAR_HALT, …) come to this handler, which
// passes bulk OUT bytes to a device_link::WireDevice and completes bulk IN URBs with its answers. The descriptors
// are usbip's (one configuration, one interface, bulk OUT/IN and an optional interrupt IN).
//
// Programs linking this library run under umockdev's preload (usb/mock/CMakeLists.txt links it in). Add every
// device before creating the UsbContext: libusb enumerates once and learns of later devices only through its
// hotplug thread (umockdev #173: adding races with it).
#pragma once

#include "atmbench/device_link/byte_link.hpp"
#include "atmbench/usbip/usb_description.hpp"

#include <cstdint>
#include <memory>
#include <string>

namespace atmbench::usb::mock {

enum class Behaviour {
    answering,  // OUT bytes go to the WireDevice; its answers complete IN URBs
    silent,     // OUT transfers complete, the device never answers (reads time out)
    frozen,     // the device NAKs everything: OUT transfers never complete either (writes time out)
};

class SimulatedUsbDevice {
public:
    ~SimulatedUsbDevice();
    std::string bus_path() const;  // "1-2"

    // Hot-unplug: URBs in flight end with -ESHUTDOWN (as the kernel ends them, so libusb reports
    // LIBUSB_TRANSFER_NO_DEVICE), every later usbfs call fails with ENODEV, and the device leaves sysfs.
    void unplug();
    // Halts `endpoint` (USB 2.0 §9.4.5): its URBs end with -EPIPE until the host sends CLEAR_HALT.
    void stall(std::uint8_t endpoint);
    void set_behaviour(Behaviour behaviour);
    // Bytes for the next interrupt IN URB (a status pipe).
    void queue_interrupt(device_link::Bytes bytes);

    int halts_cleared() const;            // CLEAR_HALT ioctls seen
    bool kernel_driver_detached() const;  // the host claimed with USBDEVFS_DISCONNECT_CLAIM
    bool interface_claimed() const;       // claimed and not released

    struct State;

private:
    friend class UsbTestbed;
    explicit SimulatedUsbDevice(std::unique_ptr<State> state);
    std::unique_ptr<State> state_;
};

class UsbTestbed {
public:
    // Throws std::runtime_error when the process does not run under umockdev's preload.
    UsbTestbed();
    ~UsbTestbed();
    UsbTestbed(const UsbTestbed&) = delete;
    UsbTestbed& operator=(const UsbTestbed&) = delete;

    // Plugs a device in at bus path "1-PORT": "2" is port 2 of bus 1's root hub, "3.1" port 1 of a hub on root
    // port 3 (the hubs on the way are added as stand-ins, once). `device` must outlive the testbed. Throws
    // usb::UsbMatchError for a port that is no bus path.
    SimulatedUsbDevice& add(const usbip::UsbDescription& description, device_link::WireDevice& device,
                            const std::string& port);

private:
    void add_record(const std::string& sysfs_path, const std::string& bus_path, int address,
                    const usbip::UsbDescription& description);
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace atmbench::usb::mock
