// The pcapng blocks byte for byte (draft-ietf-opsawg-pcapng §3.1 block frame, §4.1 SHB, §4.2 IDB, §4.3 EPB), and the
// file as the writer leaves it after each packet.
#include "atmbench/usb/pcapng_writer.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <iterator>

#include <unistd.h>

using atmbench::usb::PcapngWriter;
using namespace atmbench::usb::pcapng;

namespace {

Bytes file_bytes(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::filesystem::path temp_file(const char* name) {
    return std::filesystem::temp_directory_path() / (std::string("atmbench-") + std::to_string(::getpid()) + "-" + name);
}

}  // namespace

TEST(PcapngBlocks, SectionHeaderWithoutOptionsIsTheMinimal28Bytes) {
    EXPECT_EQ(section_header_block(""), (Bytes{0x0A, 0x0D, 0x0D, 0x0A, 28, 0, 0, 0,                      // type, length
                                               0x4D, 0x3C, 0x2B, 0x1A, 1, 0, 0, 0,                      // magic, 1.0
                                               0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,          // length -1
                                               28, 0, 0, 0}));
}

TEST(PcapngBlocks, SectionHeaderCarriesTheApplicationPaddedAndEndOfOptions) {
    EXPECT_EQ(section_header_block("abcde"),
              (Bytes{0x0A, 0x0D, 0x0D, 0x0A, 44, 0, 0, 0, 0x4D, 0x3C, 0x2B, 0x1A, 1, 0, 0, 0,
                     0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
                     4, 0, 5, 0, 'a', 'b', 'c', 'd', 'e', 0, 0, 0,  // shb_userappl, 5 bytes, padded to 8
                     0, 0, 0, 0,                                    // opt_endofopt
                     44, 0, 0, 0}));
}

TEST(PcapngBlocks, InterfaceDescriptionHasLinkType220AndSnaplen) {
    EXPECT_EQ(interface_description_block(kLinkTypeUsbLinuxMmapped, 262144, ""),
              (Bytes{1, 0, 0, 0, 20, 0, 0, 0, 220, 0, 0, 0, 0x00, 0x00, 0x04, 0x00, 20, 0, 0, 0}));
    EXPECT_EQ(interface_description_block(220, 64, "usb1"),
              (Bytes{1, 0, 0, 0, 32, 0, 0, 0, 220, 0, 0, 0, 64, 0, 0, 0,
                     2, 0, 4, 0, 'u', 's', 'b', '1',  // if_name, exactly 32 bits: no padding
                     0, 0, 0, 0, 32, 0, 0, 0}));
}

TEST(PcapngBlocks, EnhancedPacketSplitsTheTimestampAndPadsTheDataTo32Bits) {
    const Bytes data{0xA1, 0xA2, 0xA3, 0xA4, 0xA5};
    EXPECT_EQ(enhanced_packet_block(0, 0x0000000100000002ULL, data, 9),
              (Bytes{6, 0, 0, 0, 40, 0, 0, 0,
                     0, 0, 0, 0,              // interface 0
                     1, 0, 0, 0, 2, 0, 0, 0,  // timestamp upper, lower
                     5, 0, 0, 0, 9, 0, 0, 0,  // captured 5 of 9
                     0xA1, 0xA2, 0xA3, 0xA4, 0xA5, 0, 0, 0, 40, 0, 0, 0}));
    for (std::size_t n = 0; n <= 8; ++n) {
        Bytes b = enhanced_packet_block(0, 0, Bytes(n, 0x55), static_cast<std::uint32_t>(n));
        EXPECT_EQ(b.size() % 4, 0u) << n;
        EXPECT_EQ(b.size(), 32 + (n + 3) / 4 * 4) << n;
        EXPECT_EQ(Bytes(b.begin() + 4, b.begin() + 8), Bytes(b.end() - 4, b.end())) << "total length at both ends";
    }
}

TEST(PcapngWriter, TheFileIsHeaderInterfaceThenEachPacketFlushedAsWritten) {
    const auto path = temp_file("writer.pcapng");
    {
        PcapngWriter w(path, kLinkTypeUsbLinuxMmapped, 4, "sniff", "atmbench");
        const Bytes start = file_bytes(path);
        EXPECT_EQ(start, [] {
            Bytes b = section_header_block("atmbench");
            Bytes i = interface_description_block(220, 4, "sniff");
            b.insert(b.end(), i.begin(), i.end());
            return b;
        }());
        w.write(1'700'000'000'123'456ULL, Bytes{1, 2, 3});
        w.write(1'700'000'000'200'000ULL, Bytes{1, 2, 3, 4, 5, 6});  // cut at the snaplen, its length kept
        EXPECT_EQ(w.packets(), 2u);
        Bytes expected = start;
        for (const Bytes& epb : {enhanced_packet_block(0, 1'700'000'000'123'456ULL, Bytes{1, 2, 3}, 3),
                                 enhanced_packet_block(0, 1'700'000'000'200'000ULL, Bytes{1, 2, 3, 4}, 6)})
            expected.insert(expected.end(), epb.begin(), epb.end());
        EXPECT_EQ(file_bytes(path), expected) << "on disk before the writer is closed";
    }
    std::filesystem::remove(path);
}

TEST(PcapngWriter, AFileThatCannotBeCreatedNamesIt) {
    try {
        PcapngWriter w("/nonexistent-dir/x.pcapng", 220, 64, "", "");
        FAIL() << "no error";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("pcapng /nonexistent-dir/x.pcapng: cannot create"), std::string::npos) << e.what();
    }
}
