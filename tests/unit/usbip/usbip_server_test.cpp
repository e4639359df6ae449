// The USB/IP server at the wire level, as a host's usbip client speaks to it (docs.kernel.org/usb/usbip_protocol.html).
// No vhci-hcd here: this checks the protocol, not a kernel attaching the device (usbip/README.md says what ran where).
#include "atmbench/usbip/usbip_server.hpp"

#include "../device_link/line_reverser.hpp"

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <mutex>
#include <string>

using namespace atmbench;
using Bytes = std::vector<std::uint8_t>;

namespace {

using Reverser = device_link::test_devices::LineReverser;

usbip::UsbDescription printer_like() {
    usbip::UsbDescription d;
    d.vendor_id = 0x0416;
    d.product_id = 0x5011;
    d.interface_class = 7;
    d.interface_subclass = 1;
    d.interface_protocol = 2;
    d.manufacturer = "atmbench";
    d.product = "receipt printer";
    d.serial = "SIM0001";
    d.ieee1284_id = "MFG:atmbench;MDL:sim;CMD:ESC/POS;";
    return d;
}

void put32(Bytes& b, std::uint32_t v) {
    for (int s = 24; s >= 0; s -= 8) b.push_back(static_cast<std::uint8_t>(v >> s));
}
std::uint32_t get32(const std::uint8_t* p) { return std::uint32_t{p[0]} << 24 | p[1] << 16 | p[2] << 8 | p[3]; }

class Client {
public:
    explicit Client(const std::string& address) {
        auto colon = address.rfind(':');
        fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in sa{};
        sa.sin_family = AF_INET;
        sa.sin_port = htons(static_cast<std::uint16_t>(std::stoi(address.substr(colon + 1))));
        ::inet_pton(AF_INET, address.substr(0, colon).c_str(), &sa.sin_addr);
        if (::connect(fd_, reinterpret_cast<sockaddr*>(&sa), sizeof sa) != 0) throw std::runtime_error("connect");
    }
    ~Client() { ::close(fd_); }
    void send(const Bytes& b) { ASSERT_EQ(::send(fd_, b.data(), b.size(), MSG_NOSIGNAL), static_cast<ssize_t>(b.size())); }
    // Exactly n bytes within 3 s, or fewer when the server closed / went silent.
    Bytes recv(std::size_t n, int timeout_ms = 3000) {
        Bytes out;
        while (out.size() < n) {
            pollfd p{fd_, POLLIN, 0};
            if (::poll(&p, 1, timeout_ms) <= 0) break;
            std::uint8_t buf[4096];
            ssize_t got = ::recv(fd_, buf, std::min(n - out.size(), sizeof buf), 0);
            if (got <= 0) break;
            out.insert(out.end(), buf, buf + got);
        }
        return out;
    }
    bool closed_by_server() {
        pollfd p{fd_, POLLIN, 0};
        if (::poll(&p, 1, 3000) <= 0) return false;
        std::uint8_t b;
        return ::recv(fd_, &b, 1, 0) <= 0;
    }

    Bytes op(std::uint16_t code, const std::string& busid = "") {
        Bytes b{0x01, 0x11, static_cast<std::uint8_t>(code >> 8), static_cast<std::uint8_t>(code), 0, 0, 0, 0};
        if (code == 0x8003) {
            Bytes id(32, 0);
            std::memcpy(id.data(), busid.data(), busid.size());
            b.insert(b.end(), id.begin(), id.end());
        }
        return b;
    }
    // Imports `busid`; true when the server said status 0.
    bool import(const std::string& busid) {
        send(op(0x8003, busid));
        Bytes h = recv(8);
        if (h.size() < 8 || get32(h.data() + 4) != 0) return false;
        return recv(312).size() == 312;
    }
    Bytes submit(std::uint32_t seq, std::uint32_t dir, std::uint32_t ep, std::uint32_t length, Bytes setup = Bytes(8, 0),
                 const Bytes& data = {}) {
        Bytes b;
        put32(b, 1);
        put32(b, seq);
        put32(b, 0x00010002);
        put32(b, dir);
        put32(b, ep);
        put32(b, 0);
        put32(b, length);
        put32(b, 0);
        put32(b, 0);
        put32(b, 0);
        b.insert(b.end(), setup.begin(), setup.end());
        b.insert(b.end(), data.begin(), data.end());
        return b;
    }
    struct Ret {
        std::uint32_t command = 0, seqnum = 0;
        std::int32_t status = 0;
        std::uint32_t actual = 0;
        Bytes data;
    };
    // One RET_*: its data is read when its seqnum is one of `in_seqnums` (a RET_SUBMIT for an OUT transfer carries
    // actual_length but no data).
    Ret ret(std::initializer_list<std::uint32_t> in_seqnums = {}) {
        Bytes h = recv(48);
        Ret r;
        if (h.size() < 48) return r;
        r.command = get32(h.data());
        r.seqnum = get32(h.data() + 4);
        r.status = static_cast<std::int32_t>(get32(h.data() + 20));
        r.actual = get32(h.data() + 24);
        bool in = std::find(in_seqnums.begin(), in_seqnums.end(), r.seqnum) != in_seqnums.end();
        if (in && r.status == 0 && r.actual > 0) r.data = recv(r.actual);
        return r;
    }

private:
    int fd_ = -1;
};

Bytes get_descriptor(std::uint8_t kind, std::uint8_t index, std::uint16_t length) {
    return {0x80, 6, index, kind, 0, 0, static_cast<std::uint8_t>(length), static_cast<std::uint8_t>(length >> 8)};
}

struct Bench {
    Reverser device;
    usbip::UsbipServer server{"127.0.0.1:0"};
    Bench() {
        server.add({"1-1", printer_like(), &device});
        server.start();
    }
};

}  // namespace

TEST(UsbipServer, ListsItsDevicesWithTheirInterfacesAndCloses) {
    Bench b;
    Client c(b.server.address());
    c.send(c.op(0x8005));
    Bytes r = c.recv(12 + 312 + 4);
    ASSERT_EQ(r.size(), 12u + 312 + 4);
    EXPECT_EQ(r[0], 0x01);
    EXPECT_EQ(r[1], 0x11);
    EXPECT_EQ(r[3], 0x05);  // OP_REP_DEVLIST
    EXPECT_EQ(get32(r.data() + 8), 1u);
    const std::uint8_t* dev = r.data() + 12;
    EXPECT_STREQ(reinterpret_cast<const char*>(dev + 256), "1-1");
    EXPECT_EQ(dev[300], 0x04);  // idVendor 0x0416, big-endian
    EXPECT_EQ(dev[301], 0x16);
    EXPECT_EQ(dev[311], 1);  // one interface
    EXPECT_EQ(r[12 + 312], 7);  // printer class
    EXPECT_TRUE(c.closed_by_server());
}

TEST(UsbipServer, AnImportedDeviceAnswersItsDescriptorsAndDeviceId) {
    Bench b;
    Client c(b.server.address());
    ASSERT_TRUE(c.import("1-1"));
    c.send(c.submit(1, 1, 0, 18, get_descriptor(1, 0, 18)));
    auto r = c.ret({1});
    EXPECT_EQ(r.command, 3u);
    EXPECT_EQ(r.seqnum, 1u);
    ASSERT_EQ(r.data.size(), 18u);
    EXPECT_EQ(r.data[8], 0x16);  // idVendor little-endian in the descriptor itself
    EXPECT_EQ(r.data[9], 0x04);
    c.send(c.submit(2, 1, 0, 9, get_descriptor(2, 0, 9)));  // the host reads 9 bytes first, then wTotalLength
    r = c.ret({2});
    ASSERT_EQ(r.data.size(), 9u);
    std::uint16_t total = static_cast<std::uint16_t>(r.data[2] | r.data[3] << 8);
    EXPECT_EQ(total, 9 + 9 + 7 + 7);
    c.send(c.submit(3, 1, 0, total, get_descriptor(2, 0, total)));
    r = c.ret({3});
    ASSERT_EQ(r.data.size(), total);
    EXPECT_EQ(r.data[9 + 5], 7);  // bInterfaceClass printer
    c.send(c.submit(4, 1, 0, 255, get_descriptor(3, 2, 255)));
    r = c.ret({4});
    ASSERT_GE(r.data.size(), 4u);
    EXPECT_EQ(r.data[2], 'r');  // "receipt printer" in UTF-16LE
    c.send(c.submit(5, 1, 0, 6, get_descriptor(6, 0, 10)));  // device qualifier: a full-speed device stalls
    EXPECT_EQ(c.ret().status, -32);
    c.send(c.submit(6, 1, 0, 1024, Bytes{0xA1, 0, 0, 0, 0, 0, 0x00, 0x04}));  // GET_DEVICE_ID
    r = c.ret({6});
    ASSERT_GE(r.data.size(), 2u);
    EXPECT_EQ(std::string(r.data.begin() + 2, r.data.end()), "MFG:atmbench;MDL:sim;CMD:ESC/POS;");
}

TEST(UsbipServer, BulkOutReachesTheDeviceAndAPendingInUrbCompletesWithItsAnswer) {
    Bench b;
    Client c(b.server.address());
    ASSERT_TRUE(c.import("1-1"));
    c.send(c.submit(10, 1, 1, 64));  // the host's read waits first, as a driver's does
    EXPECT_TRUE(c.recv(48, 200).empty()) << "nothing to say yet: the IN URB stays pending";
    Bytes line{'a', 'b', 'c', '\n'};
    c.send(c.submit(11, 0, 1, 4, Bytes(8, 0), line));
    auto first = c.ret({10});
    auto second = c.ret({10});
    auto& out = first.seqnum == 11 ? first : second;
    auto& in = first.seqnum == 10 ? first : second;
    EXPECT_EQ(out.status, 0);
    EXPECT_EQ(out.actual, 4u);
    EXPECT_EQ(in.status, 0);
    EXPECT_EQ(in.data, (Bytes{'c', 'b', 'a', '\n'}));
}

TEST(UsbipServer, AnUnlinkedUrbEndsWithConnResetAndAStallUntilClearHalt) {
    Bench b;
    Client c(b.server.address());
    ASSERT_TRUE(c.import("1-1"));
    c.send(c.submit(20, 1, 1, 64));
    Bytes unlink;
    put32(unlink, 2);
    put32(unlink, 21);
    put32(unlink, 0x00010002);
    put32(unlink, 0);
    put32(unlink, 1);
    put32(unlink, 20);
    unlink.resize(48, 0);
    c.send(unlink);
    auto r = c.ret();
    EXPECT_EQ(r.command, 4u);
    EXPECT_EQ(r.status, -104);  // -ECONNRESET: it was pending and is now gone
    b.server.stall("1-1", 0x01);
    c.send(c.submit(22, 0, 1, 2, Bytes(8, 0), Bytes{'x', '\n'}));
    EXPECT_EQ(c.ret().status, -32);  // -EPIPE
    c.send(c.submit(23, 0, 0, 0, Bytes{0x02, 1, 0, 0, 0x01, 0, 0, 0}));  // CLEAR_FEATURE(ENDPOINT_HALT) ep 0x01
    EXPECT_EQ(c.ret().status, 0);
    c.send(c.submit(24, 0, 1, 2, Bytes(8, 0), Bytes{'x', '\n'}));
    EXPECT_EQ(c.ret().status, 0);
}

TEST(UsbipServer, UnplugEndsPendingUrbsWithShutdownAndClosesTheConnection) {
    Bench b;
    Client c(b.server.address());
    ASSERT_TRUE(c.import("1-1"));
    c.send(c.submit(30, 1, 1, 64));
    EXPECT_TRUE(c.recv(48, 100).empty());
    b.server.unplug("1-1");
    auto r = c.ret();
    EXPECT_EQ(r.seqnum, 30u);
    EXPECT_EQ(r.status, -108);  // -ESHUTDOWN
    EXPECT_TRUE(c.closed_by_server());
    Client again(b.server.address());
    EXPECT_FALSE(again.import("1-1")) << "an unplugged device cannot be attached";
}

TEST(UsbipServer, RefusesAnUnknownBusidASecondImportAndHostileInput) {
    Bench b;
    Client c(b.server.address());
    EXPECT_FALSE(c.import("9-9"));
    Client first(b.server.address());
    ASSERT_TRUE(first.import("1-1"));
    Client second(b.server.address());
    EXPECT_FALSE(second.import("1-1")) << "one client at a time, as a real device";
    first.send(first.submit(40, 0, 1, 0x7FFFFFFF));  // 2 GiB announced: closed, not buffered
    EXPECT_TRUE(first.closed_by_server());
    Client wrong(b.server.address());
    wrong.send(Bytes{0x01, 0x06, 0x80, 0x05, 0, 0, 0, 0});
    EXPECT_TRUE(wrong.closed_by_server());
    Client reattach(b.server.address());
    EXPECT_TRUE(reattach.import("1-1")) << "the closed client released the device";
}

TEST(UsbipServer, ListeningBeyondLoopbackNeedsExpose) {
    EXPECT_THROW(usbip::UsbipServer("0.0.0.0:0"), std::runtime_error);
    EXPECT_THROW(usbip::UsbipServer("127.0.0.1:99999"), std::exception);
    usbip::UsbipServer exposed("0.0.0.0:0", true);
    EXPECT_NE(exposed.address().find("0.0.0.0:"), std::string::npos);
}

TEST(UsbipServer, TheUrbListenerHearsEachUrbSubmittedThenCompletedWithItsBytes) {
    Reverser device;
    usbip::UsbipServer server("127.0.0.1:0");
    server.add({"1-1", printer_like(), &device});
    std::mutex mutex;
    std::vector<usbip::UrbRecord> heard;
    server.listen_urbs([&](const usbip::UrbRecord& r) {
        std::lock_guard lock(mutex);
        heard.push_back(r);
    });
    server.start();
    Client c(server.address());
    ASSERT_TRUE(c.import("1-1"));
    c.send(c.submit(1, 1, 0, 18, get_descriptor(1, 0, 18)));
    ASSERT_EQ(c.ret({1}).data.size(), 18u);
    c.send(c.submit(2, 0, 1, 3, Bytes(8, 0), Bytes{'a', 'b', '\n'}));
    EXPECT_EQ(c.ret().status, 0);
    c.send(c.submit(3, 1, 1, 64));
    EXPECT_EQ(c.ret({3}).data, (Bytes{'b', 'a', '\n'}));
    c.send(c.submit(4, 1, 1, 64));  // pending, then unlinked: it completes with -ECONNRESET, no RET_SUBMIT
    Bytes unlink;
    for (std::uint32_t v : {2u, 5u, 0x00010002u, 0u, 1u, 4u}) put32(unlink, v);
    unlink.resize(48, 0);
    c.send(unlink);
    EXPECT_EQ(c.ret().command, 4u);
    server.stop();

    using Stage = usbip::UrbRecord::Stage;
    std::lock_guard lock(mutex);
    ASSERT_EQ(heard.size(), 8u);
    const auto& s1 = heard[0];
    EXPECT_EQ(s1.stage, Stage::Submitted);
    EXPECT_EQ(s1.seqnum, 1u);
    EXPECT_EQ(s1.length, 18u);
    EXPECT_EQ(s1.busid, "1-1");
    EXPECT_EQ(s1.endpoint, 0x80) << "GET_DESCRIPTOR is an IN URB on endpoint 0";
    EXPECT_EQ(s1.transfer_type, 0) << "control";
    ASSERT_TRUE(s1.setup.has_value());
    EXPECT_EQ(Bytes(s1.setup->begin(), s1.setup->end()), get_descriptor(1, 0, 18));
    const auto& c1 = heard[1];
    EXPECT_EQ(c1.stage, Stage::Completed);
    EXPECT_EQ(c1.seqnum, 1u);
    EXPECT_EQ(c1.status, 0);
    EXPECT_EQ(c1.length, 18u);
    EXPECT_EQ(c1.data, usbip::device_descriptor(printer_like()));

    EXPECT_EQ(heard[2].stage, Stage::Submitted);
    EXPECT_EQ(heard[2].endpoint, 0x01);
    EXPECT_EQ(heard[2].transfer_type, 2) << "bulk";
    EXPECT_FALSE(heard[2].setup.has_value());
    EXPECT_EQ(heard[2].data, (Bytes{'a', 'b', '\n'}));
    EXPECT_EQ(heard[3].stage, Stage::Completed);
    EXPECT_EQ(heard[3].length, 3u);
    EXPECT_TRUE(heard[3].data.empty());

    EXPECT_EQ(heard[4].endpoint, 0x81);
    EXPECT_EQ(heard[4].length, 64u) << "the IN buffer's length";
    EXPECT_TRUE(heard[4].data.empty());
    EXPECT_EQ(heard[5].stage, Stage::Completed);
    EXPECT_EQ(heard[5].length, 3u);
    EXPECT_EQ(heard[5].data, (Bytes{'b', 'a', '\n'}));

    EXPECT_EQ(heard[6].stage, Stage::Submitted);
    EXPECT_EQ(heard[6].seqnum, 4u);
    EXPECT_EQ(heard[7].stage, Stage::Completed);
    EXPECT_EQ(heard[7].seqnum, 4u);
    EXPECT_EQ(heard[7].status, -104);
}
