// xfs_load: command round trips (acknowledge + completion) against an XFS4IoT service over loopback — a benchmark
// program, never a test. Each of N WebSocket connections sends a command, reads its acknowledge and completion,
// and sends the next; every completion must say "success" and carry the command's requestId, else it counts as
// an error. Prints round trips per second (req/s) and the latency percentiles p50, p99 and p99.9.
//
//   xfs_load --uri ws://127.0.0.1:PORT/xfs4iot/v1.0/Lights1/ --connections 32 --seconds 10
//            [--command Common.Status] [--payload '{}'] [--warmup 1]
//
// The generator shares the machine with the server, so it keeps its own cost low: the request text is made once
// with a placeholder for the requestId, and replies are parsed into a stack arena (no allocation per reply).
#include "latency_stats.hpp"

#include "atmbench/common/host_port.hpp"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/json.hpp>
#include <boost/program_options.hpp>

#include <algorithm>
#include <iostream>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace po = boost::program_options;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;
using atmbench::bench::percentile;

namespace {

struct Stats {
    std::vector<double> latencies_us;
    std::uint64_t errors = 0;
    Clock::time_point measure_from;  // round trips that complete before this (warm-up) are not counted
    Clock::time_point end;
};

class Client : public std::enable_shared_from_this<Client> {
public:
    Client(asio::io_context& io, Stats& stats, const std::string& command, const boost::json::value& payload)
        : ws_(io), stats_(stats) {
        // {"header":{…,"requestId":0,…},"payload":…} split around the 0, so each send only writes the id.
        std::string text = boost::json::serialize(boost::json::object{
            {"header", {{"type", "command"}, {"name", command}, {"requestId", 0}, {"version", "2.0"}}},
            {"payload", payload}});
        std::size_t at = text.find("\"requestId\":0") + std::string_view("\"requestId\":").size();
        prefix_ = text.substr(0, at);
        suffix_ = text.substr(at + 1);
    }

    void connect(const tcp::endpoint& ep, const std::string& host, const std::string& path) {
        ws_.next_layer().connect(ep);
        ws_.next_layer().set_option(tcp::no_delay(true));
        ws_.handshake(host, path);
        ws_.text(true);
    }

    void start() { send(); }

private:
    void send() {
        if (Clock::now() >= stats_.end) return;
        ++id_;
        out_ = prefix_;
        out_ += std::to_string(id_);
        out_ += suffix_;
        sent_at_ = Clock::now();
        ws_.async_write(asio::buffer(out_), [self = shared_from_this()](beast::error_code ec, std::size_t) {
            if (ec) return;
            self->read();
        });
    }

    void read() {
        ws_.async_read(in_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
            if (ec) return;
            auto data = self->in_.cdata();
            Reply r = self->classify(std::string_view(static_cast<const char*>(data.data()), data.size()));
            self->in_.consume(self->in_.size());
            if (r == Reply::Other) {
                self->read();  // the acknowledge (and any events) come first
                return;
            }
            auto now = Clock::now();
            if (r == Reply::Bad) ++self->stats_.errors;
            if (now >= self->stats_.measure_from)
                self->stats_.latencies_us.push_back(std::chrono::duration<double, std::micro>(now - self->sent_at_).count());
            self->send();
        });
    }

    enum class Reply { Other, Success, Bad };

    // The completion of the command in flight: success, or anything else (an error); acknowledges and events: Other.
    Reply classify(std::string_view text) const {
        unsigned char arena[8192];
        boost::json::monotonic_resource mr(arena, sizeof arena);
        boost::json::error_code ec;
        boost::json::value v = boost::json::parse(text, ec, &mr);
        if (ec || !v.is_object()) return Reply::Bad;
        const auto* h = v.as_object().if_contains("header");
        if (!h || !h->is_object()) return Reply::Bad;
        const auto* type = h->as_object().if_contains("type");
        if (!type || !type->is_string() || type->as_string() != "completion") return Reply::Other;
        const auto* code = h->as_object().if_contains("completionCode");
        const auto* id = h->as_object().if_contains("requestId");
        bool ok = code && code->is_string() && code->as_string() == "success" && id && id->is_int64() &&
                  id->as_int64() == id_;
        return ok ? Reply::Success : Reply::Bad;
    }

    websocket::stream<tcp::socket> ws_;
    Stats& stats_;
    std::string prefix_, suffix_;
    std::int64_t id_ = 0;
    std::string out_;
    beast::flat_buffer in_;
    Clock::time_point sent_at_;
};

}  // namespace

int main(int argc, char** argv) {
    po::options_description opts("xfs_load options");
    opts.add_options()("help", "show help")
        ("uri", po::value<std::string>()->required(), "service URI, ws://127.0.0.1:PORT/xfs4iot/v1.0/NAME/")
        ("connections", po::value<int>()->default_value(32), "WebSocket connections")
        ("seconds", po::value<double>()->default_value(10), "measurement time")
        ("warmup", po::value<double>()->default_value(1), "seconds of load before measuring")
        ("command", po::value<std::string>()->default_value("Common.Status"), "command name")
        ("payload", po::value<std::string>()->default_value("null"), "command payload (JSON)");
    po::variables_map vm;
    try {
        po::store(po::parse_command_line(argc, argv, opts), vm);
        if (vm.count("help")) {
            std::cout << opts << "\n";
            return 0;
        }
        po::notify(vm);
        std::string uri = vm["uri"].as<std::string>();
        if (uri.rfind("ws://", 0) != 0) throw std::invalid_argument("--uri must start with ws://");
        std::string rest = uri.substr(5);
        std::string hostport = rest.substr(0, rest.find('/')), path = rest.substr(rest.find('/'));
        const atmbench::common::HostPort at = atmbench::common::parse_host_port(hostport);
        tcp::endpoint ep(asio::ip::make_address(at.address), at.port);
        asio::io_context io{1};  // one thread: handlers it posts skip the scheduler's lock
        Stats stats;
        boost::json::value payload = boost::json::parse(vm["payload"].as<std::string>());
        std::vector<std::shared_ptr<Client>> clients;
        for (int i = 0; i < vm["connections"].as<int>(); ++i) {
            clients.push_back(std::make_shared<Client>(io, stats, vm["command"].as<std::string>(), payload));
            clients.back()->connect(ep, hostport, path);
        }
        auto seconds = [](double s) { return std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(s)); };
        auto start = Clock::now();
        stats.measure_from = start + seconds(vm["warmup"].as<double>());
        stats.end = stats.measure_from + seconds(vm["seconds"].as<double>());
        stats.latencies_us.reserve(1 << 20);
        for (auto& c : clients) c->start();
        // Bounded: the clients stop sending at `end`; what is still in flight gets 2 s more.
        io.run_for(std::chrono::duration_cast<std::chrono::milliseconds>(stats.end - start) + std::chrono::seconds(2));
        double secs = std::chrono::duration<double>(stats.end - stats.measure_from).count();
        auto& l = stats.latencies_us;
        std::size_t n = l.size();
        double p50 = percentile(l, 50), p99 = percentile(l, 99), p999 = percentile(l, 99.9);
        std::cout << "connections " << clients.size() << ", command " << vm["command"].as<std::string>() << ", "
                  << secs << " s measured after " << vm["warmup"].as<double>() << " s warm-up\n"
                  << "round trips " << n << ", errors " << stats.errors << ", "
                  << static_cast<long>(static_cast<double>(n) / secs) << " req/s\n"
                  << "latency us: p50 " << p50 << ", p99 " << p99 << ", p99.9 " << p999 << "\n";
        return stats.errors ? 1 : 0;
    } catch (const std::exception& e) {
        std::cerr << "xfs_load: " << e.what() << "\n";
        return 2;
    }
}
