// ISO 8583 codec throughput on a typical CUP ATM 0200 (20 fields, cup-atm profile). Target: ≥ 1,000,000
// encode+decode pairs a second on one core, so the codec is never what limits a load test of the host.
//   ./build/bench/codec_bench --benchmark_filter=Cup0200
#include "atmbench/iso8583/codec.hpp"
#include "atmbench/iso8583/profile.hpp"

#include <benchmark/benchmark.h>

namespace {

using namespace atmbench;
using namespace atmbench::iso8583;

const Profile& cup() {
    static const Profile p = Profile::load(ATMBENCH_FIXTURES_DIR "/iso8583/cup-atm.json");
    return p;
}

std::string raw(const char* hex) {
    const Bytes b = from_hex(hex);
    return std::string(b.begin(), b.end());
}

// A withdrawal as a CUP ATM sends it: 20 fields, BCD numerics, track 2, PIN block, F55 chip data, MAC.
Message typical_0200() {
    Message m;
    m.mti = "0200";
    m.set(2, "6222021234567890123");
    m.set(3, "010000");
    m.set(4, "000000050000");
    m.set(11, "000123");
    m.set(12, "120005");
    m.set(13, "0101");
    m.set(14, "2512");
    m.set(22, "051");
    m.set(23, "001");
    m.set(25, "00");
    m.set(26, "12");
    m.set(35, "6222021234567890123=25121011234");
    m.set(41, "ATM00001");
    m.set(42, "123456789012345");
    m.set(49, "156");
    m.set(52, raw("0102030405060708"));
    m.set(53, "2600000000000000");
    m.set(55, raw("9F2608A1B2C3D4E5F6A7B89F2701809F101307010103A0A802010A010000000000A1B2C3D49F3704"
                  "12345678"));
    m.set(60, "22000001000");
    m.set(64, raw("A1A2A3A4A5A6A7A8"));
    return m;
}

void BM_Encode_Cup0200(benchmark::State& state) {
    const Codec codec(cup());
    const Message m = typical_0200();
    Bytes out;
    out.reserve(512);
    for (auto _ : state) {
        out.clear();
        codec.encode_body(m, out);
        benchmark::DoNotOptimize(out.data());
    }
    state.SetItemsProcessed(state.iterations());
    state.counters["bytes"] = static_cast<double>(out.size());
}
BENCHMARK(BM_Encode_Cup0200);

void BM_Decode_Cup0200(benchmark::State& state) {
    const Codec codec(cup());
    Bytes body;
    codec.encode_body(typical_0200(), body);
    Message m;  // reused: clear() keeps capacity
    for (auto _ : state) {
        codec.decode_body(body, m);
        benchmark::DoNotOptimize(m.fields().data());
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Decode_Cup0200);

void BM_EncodeDecode_Cup0200(benchmark::State& state) {
    const Codec codec(cup());
    const Message m = typical_0200();
    Bytes out;
    out.reserve(512);
    Message back;
    for (auto _ : state) {
        out.clear();
        codec.encode_body(m, out);
        codec.decode_body(out, back);
        benchmark::DoNotOptimize(back.fields().data());
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_EncodeDecode_Cup0200);

// The whole payload path as the host uses it: TPDU + header + body, fresh output buffer each time.
void BM_PayloadRoundTrip_Cup0200(benchmark::State& state) {
    const Codec codec(cup());
    const Message m = typical_0200();
    Message back;
    for (auto _ : state) {
        const Bytes payload = codec.encode_payload(m);
        codec.decode_payload(payload, back);
        benchmark::DoNotOptimize(back.fields().data());
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_PayloadRoundTrip_Cup0200);

}  // namespace

BENCHMARK_MAIN();
