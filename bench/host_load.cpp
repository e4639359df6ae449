// host_load: a load generator for the simulated host (a benchmark program, never a test). It signs on once,
// precomputes MACed balance inquiries with PIN blocks, then keeps N loopback connections busy — as fast as the
// host answers (closed loop) or paced to a target rate — and prints throughput and latency percentiles.
// Every reply is decoded and must carry F39 = 00, else it counts as an error.
//
//   host_load --connect 127.0.0.1:PORT --connections 64 --seconds 10            # throughput
//   host_load --connect 127.0.0.1:PORT --connections 64 --seconds 10 --rate 10000  # latency at a fixed rate
#include "atmbench/host/terminal_link.hpp"
#include "latency_stats.hpp"

#include <boost/program_options.hpp>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <iostream>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace po = boost::program_options;
using namespace atmbench;
using Clock = std::chrono::steady_clock;
using atmbench::bench::percentile;

namespace {

struct Conn {
    std::unique_ptr<host::TerminalLink> link;  // owns the socket
    int fd = -1;
    std::vector<Bytes> frames;
    std::size_t next = 0;
    Bytes inbox;
    Clock::time_point sent_at{};
    Clock::time_point due{};
    bool waiting = false;
};

}  // namespace

int main(int argc, char** argv) {
    po::options_description opts("host_load options");
    opts.add_options()("help", "show help")
        ("connect", po::value<std::string>()->required(), "host address")
        ("profile", po::value<std::string>()->default_value("cup-atm"), "ISO 8583 profile")
        ("keys", po::value<std::string>()->default_value(std::string(ATMBENCH_FIXTURES_DIR) + "/keys/terminals.yaml"), "terminal keys")
        ("terminal", po::value<std::string>()->default_value("ATM00001"), "terminal id")
        ("pan", po::value<std::string>()->default_value("6222020000000000018"), "card")
        ("pin", po::value<std::string>()->default_value("123456"), "PIN")
        ("connections", po::value<int>()->default_value(64), "concurrent connections")
        ("seconds", po::value<double>()->default_value(10), "measurement time")
        ("rate", po::value<double>()->default_value(0), "target requests/s over all connections; 0 = closed loop");
    po::variables_map vm;
    try {
        po::store(po::parse_command_line(argc, argv, opts), vm);
        if (vm.count("help")) {
            std::cout << opts << "\n";
            return 0;
        }
        po::notify(vm);
    } catch (const po::error& e) {
        std::cerr << "host_load: " << e.what() << "\n";
        return 2;
    }
    try {
        iso8583::Profile profile = iso8583::Profile::find(vm["profile"].as<std::string>());
        host::TerminalDirectory dir = host::TerminalDirectory::load({vm["keys"].as<std::string>()});
        const host::TerminalKeys* keys = dir.find(vm["terminal"].as<std::string>());
        if (!keys) throw std::runtime_error("unknown terminal");
        const std::string address = vm["connect"].as<std::string>();
        const int n = vm["connections"].as<int>();
        const double rate = vm["rate"].as<double>();
        const auto interval = rate > 0 ? std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(n / rate))
                                       : Clock::duration::zero();

        // One sign-on gives the working keys every connection uses (one terminal, many links).
        host::TerminalLink signer(profile, *keys);
        signer.connect(address, std::chrono::seconds(3));
        iso8583::Message so = signer.network("003");
        host::LinkResult r = signer.sign_on(so, std::chrono::seconds(3));
        if (!r.reply || r.reply->at(39) != "00" || !signer.signed_on()) throw std::runtime_error("sign-on failed");

        std::vector<Conn> conns(static_cast<std::size_t>(n));
        int ep = epoll_create1(EPOLL_CLOEXEC);
        for (int i = 0; i < n; ++i) {
            Conn& c = conns[static_cast<std::size_t>(i)];
            for (int k = 0; k < 256; ++k) {
                iso8583::Message m = signer.financial("31", vm["pan"].as<std::string>(), vm["pin"].as<std::string>(), 0);
                c.frames.push_back(signer.frame_for(m));
            }
            c.link = std::make_unique<host::TerminalLink>(profile, *keys);
            c.link->connect(address, std::chrono::seconds(3));
            c.fd = c.link->native_handle();
            epoll_event ev{};
            ev.events = EPOLLIN;
            ev.data.u32 = static_cast<std::uint32_t>(i);
            epoll_ctl(ep, EPOLL_CTL_ADD, c.fd, &ev);
        }
        iso8583::Codec codec(profile);
        iso8583::Framer framer(profile.framing);
        std::vector<double> latencies_us;
        latencies_us.reserve(2'000'000);
        std::uint64_t errors = 0;
        auto start = Clock::now();
        auto end = start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(vm["seconds"].as<double>()));
        for (int i = 0; i < n; ++i)  // spread the first sends over one interval
            conns[static_cast<std::size_t>(i)].due = start + interval * i / std::max(1, n);
        iso8583::Message reply;
        epoll_event events[128];
        for (;;) {
            auto now = Clock::now();
            if (now >= end) break;
            auto next_due = end;
            for (auto& c : conns) {
                if (c.waiting) continue;
                if (c.due <= now) {
                    const Bytes& f = c.frames[c.next++ % c.frames.size()];
                    if (::send(c.fd, f.data(), f.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(f.size()))
                        throw std::runtime_error(std::string("send: ") + std::strerror(errno));
                    c.sent_at = now;
                    c.waiting = true;
                    c.due = std::max(c.due + interval, now);
                } else {
                    next_due = std::min(next_due, c.due);
                }
            }
            int wait_ms = static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(next_due - Clock::now()).count());
            int k = epoll_wait(ep, events, 128, std::clamp(wait_ms, 0, 100));
            for (int e = 0; e < k; ++e) {
                Conn& c = conns[events[e].data.u32];
                std::uint8_t buf[8192];
                ssize_t got = ::recv(c.fd, buf, sizeof buf, MSG_DONTWAIT);
                if (got <= 0) {
                    if (got < 0 && errno == EAGAIN) continue;
                    throw std::runtime_error("host closed a connection");
                }
                c.inbox.insert(c.inbox.end(), buf, buf + got);
                for (;;) {
                    auto len = framer.payload_length(ByteView(c.inbox));
                    std::size_t total = framer.header_size() + (len ? *len : 0);
                    if (!len || c.inbox.size() < total) break;
                    auto t = Clock::now();
                    codec.decode_payload(ByteView(c.inbox.data() + framer.header_size(), *len), reply);
                    const std::string* rc = reply.find(39);
                    if (!rc || *rc != "00") ++errors;
                    latencies_us.push_back(std::chrono::duration<double, std::micro>(t - c.sent_at).count());
                    c.inbox.erase(c.inbox.begin(), c.inbox.begin() + static_cast<std::ptrdiff_t>(total));
                    c.waiting = false;
                }
            }
        }
        double secs = std::chrono::duration<double>(Clock::now() - start).count();
        std::size_t done = latencies_us.size();
        double p50 = percentile(latencies_us, 50), p90 = percentile(latencies_us, 90),
               p99 = percentile(latencies_us, 99), p999 = percentile(latencies_us, 99.9);
        double max = latencies_us.empty() ? 0 : *std::max_element(latencies_us.begin(), latencies_us.end());
        std::cout << "connections " << n << ", " << (rate > 0 ? "target rate " + std::to_string(static_cast<int>(rate)) + "/s" : std::string("closed loop"))
                  << ", " << secs << " s\n"
                  << "replies " << done << ", errors " << errors << ", throughput " << static_cast<long>(done / secs) << " req/s\n"
                  << "latency us: p50 " << p50 << ", p90 " << p90 << ", p99 " << p99 << ", p99.9 " << p999 << ", max " << max << "\n";
        ::close(ep);
        return errors ? 1 : 0;
    } catch (const std::exception& e) {
        std::cerr << "host_load: " << e.what() << "\n";
        return 2;
    }
}
