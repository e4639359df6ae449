// Round-trip latency of a UsbBulkLink through libusb's real Linux backend against a simulated device under
// umockdev (usb/mock): one line written on bulk OUT, its answer read from bulk IN. This measures libusb plus
// umockdev's ioctl forwarding (a socket round trip per usbfs call, and libusb polling for reapable URBs), not a
// USB bus: a real full-speed device adds its 1 ms frames.
#include "atmbench/usb/mock/usb_testbed.hpp"
#include "atmbench/usb/usb_bulk_link.hpp"

#include "../tests/unit/device_link/line_reverser.hpp"

#include <benchmark/benchmark.h>

using namespace std::chrono_literals;

static void BM_UsbBulkRoundTrip(benchmark::State& state) {
    atmbench::device_link::test_devices::LineReverser model;
    atmbench::usb::mock::UsbTestbed testbed;
    atmbench::usbip::UsbDescription d;
    d.vendor_id = 0x0b00;
    d.product_id = 0x0001;
    testbed.add(d, model, "2");
    atmbench::usb::UsbContext context;
    atmbench::usb::UsbBulkLink link(atmbench::usb::UsbDevice(context, atmbench::usb::UsbMatch::parse("0b00:0001")));
    const std::string line(static_cast<std::size_t>(state.range(0)) - 1, 'x');
    atmbench::device_link::Bytes out(line.begin(), line.end());
    out.push_back('\n');
    for (auto _ : state) {
        link.write(out, 1000ms);
        auto answer = atmbench::device_link::read_until(
            link, [&](const atmbench::device_link::Bytes& b) { return b.size() == out.size(); }, 1000ms);
        if (answer.size() != out.size()) state.SkipWithError("short answer");
        benchmark::DoNotOptimize(answer);
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * state.range(0));
}
BENCHMARK(BM_UsbBulkRoundTrip)->Arg(8)->Arg(64)->Arg(1024)->Unit(benchmark::kMicrosecond);

BENCHMARK_MAIN();
