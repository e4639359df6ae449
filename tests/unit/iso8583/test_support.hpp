// Shared helpers for the iso8583 unit tests: the shipped profiles, small inline profiles, and the hand-written
// CUP 0200 that several tests check bytes against.
#pragma once

#include "atmbench/bytes.hpp"
#include "atmbench/iso8583/codec.hpp"
#include "atmbench/iso8583/profile.hpp"

#include <gtest/gtest.h>

#include <string>

namespace atmbench::iso8583::test {

inline const Profile& cup() {
    static const Profile p = Profile::load(ATMBENCH_FIXTURES_DIR "/iso8583/cup-atm.json");
    return p;
}

inline const Profile& ascii87() {
    static const Profile p = Profile::load(ATMBENCH_FIXTURES_DIR "/iso8583/ascii-1987.json");
    return p;
}

// A profile with ASCII MTI, binary bitmap, no framing extras and the given "fields" members, e.g.
// R"("2": {"name":"x","type":"n","length":6})".
inline Profile inline_profile(const std::string& fields, const std::string& top = "") {
    return Profile::parse(R"({"name":"inline",)" + top + R"("fields":{)" + fields + "}}", "inline.json");
}

inline std::string raw(const std::string& hex) {
    const Bytes b = from_hex(hex);
    return std::string(b.begin(), b.end());
}

// The golden CUP 0200 (withdrawal with PIN, magstripe) — fields as a terminal would send them.
inline Message cup_0200() {
    Message m;
    m.mti = "0200";
    m.tpdu = from_hex("6000010000");
    m.header = from_hex("603100000000");
    m.set(2, "6222021234567890123");
    m.set(3, "010000");
    m.set(4, "000000010000");
    m.set(11, "000123");
    m.set(22, "021");
    m.set(25, "00");
    m.set(26, "12");
    m.set(35, "6222021234567890123=25121011234");
    m.set(41, "ATM00001");
    m.set(42, "123456789012345");
    m.set(49, "156");
    m.set(52, raw("0102030405060708"));
    m.set(53, "2600000000000000");
    m.set(60, "22000001000");
    m.set(64, raw("A1A2A3A4A5A6A7A8"));
    return m;
}

// cup_0200() packed by hand from docs/references.md [ISO8583] §1.2/§1.6 and the profile's documented choices —
// not produced by the codec — one element per line.
inline const std::string kCup0200Body =
    "0200"                                   // MTI, BCD
    "702004C020C09811"                       // bitmap: 2 3 4 11 22 25 26 35 41 42 49 52 53 60 64
    "19" "06222021234567890123"              // F2: LL BCD = 19 digits, odd -> 0 nibble on the left
    "010000"                                 // F3 n6
    "000000010000"                           // F4 n12
    "000123"                                 // F11 n6
    "0021"                                   // F22 n3 -> 0 nibble + 021
    "00"                                     // F25 n2
    "12"                                     // F26 n2
    "31" "6222021234567890123D25121011234F"  // F35: 31 chars, '=' as D, odd -> F nibble on the right
    "41544D3030303031"                       // F41 "ATM00001" ASCII
    "313233343536373839303132333435"         // F42 "123456789012345"
    "313536"                                 // F49 "156"
    "0102030405060708"                       // F52 PIN block, raw
    "2600000000000000"                       // F53 n16
    "0011" "022000001000"                    // F60: LLL BCD = 11 digits, 0 nibble + 22 000001 000
    "A1A2A3A4A5A6A7A8";                      // F64 MAC, raw

// TPDU + header + body, and the frame with its 2-byte binary length (6+5+112 = 123 = 0x7B).
inline const std::string kCup0200Payload = "6000010000" "603100000000" + kCup0200Body;
inline const std::string kCup0200Frame = "007B" + kCup0200Payload;

}  // namespace atmbench::iso8583::test
