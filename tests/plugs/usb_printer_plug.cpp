// A simulated ESC/POS receipt printer plugged into a real `atmbench` process, for tests/integration/test_usb_sniff.py:
// preloaded after umockdev's own preload library (`LD_PRELOAD=libumockdev-preload.so.0:THIS atmbench usb sniff …`;
// not through umockdev-wrapper, whose own shell would then load this library without the preload before it), it
// creates a umockdev testbed in its constructor, before main(), and adds the printer model (device-protocols/escpos)
// at bus path 1-2 as VID:PID 0b00:0001 — the device usb/testdata/receipt-printer.umockdev describes, here answering.
// So the shipped `atmbench` binary runs unchanged on libusb's real Linux backend against a device that talks.
// Linking atmbench_usb_mock makes libumockdev-preload a dependency of this library, so the dynamic linker runs its
// initialiser before ours (usb/README.md, "How the tests get umockdev's preload").
#include "atmbench/escpos/printer.hpp"
#include "atmbench/usb/mock/bench_devices.hpp"
#include "atmbench/usb/mock/usb_testbed.hpp"

#include <csignal>
#include <memory>

#include <pthread.h>

namespace {

struct PluggedPrinter {
    atmbench::escpos::Printer model;
    std::unique_ptr<atmbench::usb::mock::UsbTestbed> testbed;

    PluggedPrinter() {
        // umockdev's worker thread starts here, before `atmbench` blocks SIGINT/SIGTERM for its own sigwait: it
        // must not take them (their default action would end the process before the bench stops cleanly).
        sigset_t stop, before;
        sigemptyset(&stop);
        sigaddset(&stop, SIGINT);
        sigaddset(&stop, SIGTERM);
        pthread_sigmask(SIG_BLOCK, &stop, &before);
        testbed = std::make_unique<atmbench::usb::mock::UsbTestbed>();
        testbed->add(atmbench::usb::mock::receipt_printer(), model, "2");
        pthread_sigmask(SIG_SETMASK, &before, nullptr);
    }
};

PluggedPrinter plugged;

}  // namespace
