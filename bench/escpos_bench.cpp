// ESC/POS parser and printer-model throughput on a typical Chinese ATM receipt (20 lines of GB18030 and ASCII,
// styles, a QR code, a cut). A receipt printer takes ~10 KB/s at 250 mm/s; the model must stay far above that, so a
// load test of many simulated printers is never limited by parsing.
//   ./build/bench/escpos_bench
#include "atmbench/escpos/parser.hpp"
#include "atmbench/escpos/printer.hpp"

#include <benchmark/benchmark.h>

#include <string>

namespace {

using namespace atmbench::escpos;

Bytes typical_receipt() {
    // "交易成功 金额 100.00" and "卡号" (card number) in GB18030.
    const Bytes trade_ok{0xBD, 0xBB, 0xD2, 0xD7, 0xB3, 0xC9, 0xB9, 0xA6, ' ', 0xBD, 0xF0, 0xB6, 0xEE,
                         ' ',  '1',  '0',  '0',  '.',  '0',  '0'};
    const Bytes card{0xBF, 0xA8, 0xBA, 0xC5};
    Bytes r{0x1B, '@', 0x1C, '&', 0x1B, 'a', 1, 0x1B, 'E', 1, 0x1D, '!', 0x11};
    const std::string title = "ATMBENCH BANK\n";
    r.insert(r.end(), title.begin(), title.end());
    r.insert(r.end(), {0x1B, 'E', 0, 0x1D, '!', 0, 0x1B, 'a', 0});
    for (int i = 0; i < 18; ++i) {
        r.insert(r.end(), i % 2 ? trade_ok.begin() : card.begin(), i % 2 ? trade_ok.end() : card.end());
        const std::string rest = " 6222 **** **** 0018  2026-12-05 21:00:" + std::to_string(10 + i) + "\n";
        r.insert(r.end(), rest.begin(), rest.end());
    }
    const std::string qr = "https://atmbench/r/0018";
    r.insert(r.end(), {0x1D, '(', 'k', static_cast<std::uint8_t>(qr.size() + 3), 0, 49, 80, 48});
    r.insert(r.end(), qr.begin(), qr.end());
    r.insert(r.end(), {0x1D, '(', 'k', 3, 0, 49, 81, 48, 0x1B, 'd', 3, 0x1D, 'V', 66, 0});
    return r;
}

void BM_Parse_Receipt(benchmark::State& state) {
    const Bytes receipt = typical_receipt();
    Parser parser;
    std::vector<Event> events;
    for (auto _ : state) {
        events.clear();
        parser.feed(receipt, events);
        benchmark::DoNotOptimize(events.data());
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * receipt.size()));
}
BENCHMARK(BM_Parse_Receipt);

// As bytes arrive from a USB-serial line: 64-byte reads.
void BM_Parse_Receipt_64ByteReads(benchmark::State& state) {
    const Bytes receipt = typical_receipt();
    Parser parser;
    std::vector<Event> events;
    for (auto _ : state) {
        for (std::size_t i = 0; i < receipt.size(); i += 64) {
            events.clear();
            parser.feed(std::span(receipt).subspan(i, std::min<std::size_t>(64, receipt.size() - i)), events);
        }
        benchmark::DoNotOptimize(events.data());
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * receipt.size()));
}
BENCHMARK(BM_Parse_Receipt_64ByteReads);

// The whole model: parse, GB18030 decode, lines, cut.
void BM_Printer_Receipt(benchmark::State& state) {
    const Bytes receipt = typical_receipt();
    PrinterSettings settings;
    settings.max_receipts = 16;
    Printer printer(settings);
    for (auto _ : state) benchmark::DoNotOptimize(printer.receive(receipt));
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * receipt.size()));
    state.counters["receipts/s"] = benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_Printer_Receipt);

}  // namespace

BENCHMARK_MAIN();
