// xfs_load: command round trips (acknowledge + completion) against an XFS4IoT service over loopback — a benchmark
// program, never a test. Each of N WebSocket connections sends a command, reads its acknowledge and completion,
// and sends the next; every completion must say "success", else it counts as an error.
//
//   xfs_load --uri ws://127.0.0.1:PORT/xfs4iot/v1.0/Lights1/ --connections 32 --seconds 10
//            [--command Common.Status] [--payload '{}']
#include "latency_stats.hpp"

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
    Clock::time_point end;
};

class Client : public std::enable_shared_from_this<Client> {
public:
    Client(asio::io_context& io, Stats& stats, std::string command, boost::json::value payload)
        : ws_(io), stats_(stats), command_(std::move(command)), payload_(std::move(payload)) {}

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
        out_ = boost::json::serialize(boost::json::object{
            {"header", {{"type", "command"}, {"name", command_}, {"requestId", id_}, {"version", "2.0"}}},
            {"payload", payload_}});
        sent_at_ = Clock::now();
        ws_.async_write(asio::buffer(out_), [self = shared_from_this()](beast::error_code ec, std::size_t) {
            if (ec) return;
            self->read();
        });
    }

    void read() {
        ws_.async_read(in_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
            if (ec) return;
            auto msg = boost::json::parse(beast::buffers_to_string(self->in_.data())).as_object();
            self->in_.consume(self->in_.size());
            const auto& h = msg.at("header").as_object();
            if (h.at("type").as_string() != "completion") {
                self->read();  // the acknowledge (and any events) come first
                return;
            }
            if (h.at("completionCode").as_string() != "success") ++self->stats_.errors;
            self->stats_.latencies_us.push_back(
                std::chrono::duration<double, std::micro>(Clock::now() - self->sent_at_).count());
            self->send();
        });
    }

    websocket::stream<tcp::socket> ws_;
    Stats& stats_;
    std::string command_;
    boost::json::value payload_;
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
        tcp::endpoint ep(asio::ip::make_address(hostport.substr(0, hostport.find(':'))),
                         static_cast<unsigned short>(std::stoi(hostport.substr(hostport.find(':') + 1))));
        asio::io_context io;
        Stats stats;
        boost::json::value payload = boost::json::parse(vm["payload"].as<std::string>());
        std::vector<std::shared_ptr<Client>> clients;
        for (int i = 0; i < vm["connections"].as<int>(); ++i) {
            clients.push_back(std::make_shared<Client>(io, stats, vm["command"].as<std::string>(), payload));
            clients.back()->connect(ep, hostport, path);
        }
        auto start = Clock::now();
        stats.end = start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(vm["seconds"].as<double>()));
        for (auto& c : clients) c->start();
        io.run_for(std::chrono::duration_cast<std::chrono::milliseconds>(stats.end - start) + std::chrono::seconds(2));
        double secs = std::chrono::duration<double>(Clock::now() - start).count();
        auto& l = stats.latencies_us;
        std::size_t n = l.size();
        double p50 = percentile(l, 50), p99 = percentile(l, 99), p999 = percentile(l, 99.9);
        std::cout << "connections " << clients.size() << ", command " << vm["command"].as<std::string>() << ", "
                  << secs << " s\n"
                  << "round trips " << n << ", errors " << stats.errors << ", throughput "
                  << static_cast<long>(static_cast<double>(n) / secs) << " /s\n"
                  << "latency us: p50 " << p50 << ", p99 " << p99 << ", p99.9 " << p999 << "\n";
        return stats.errors ? 1 : 0;
    } catch (const std::exception& e) {
        std::cerr << "xfs_load: " << e.what() << "\n";
        return 2;
    }
}
