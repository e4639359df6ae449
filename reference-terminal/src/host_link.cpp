#include "atmbench/terminal/host_link.hpp"

#include "atmbench/common/host_port.hpp"
#include "atmbench/terminal/link_frame.hpp"

#include <openssl/crypto.h>

#include <algorithm>
#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace atmbench::terminal {

using Clock = std::chrono::steady_clock;

std::string to_string(LinkResult::Kind k) {
    switch (k) {
        case LinkResult::Kind::Reply: return "reply";
        case LinkResult::Kind::Timeout: return "timeout";
        case LinkResult::Kind::Closed: return "closed";
        case LinkResult::Kind::Undecodable: return "undecodable";
    }
    return "?";
}

std::string reply_mismatch(const HostMessage& req, const HostMessage& reply) {
    if (reply.mti != reply_mti(req.mti)) return "MTI " + reply.mti + " does not answer " + req.mti;
    for (auto [field, name] : {std::pair{3, "processing code"}, {11, "STAN"}, {2, "PAN"}, {4, "amount"}, {41, "terminal id"}}) {
        const std::string* a = req.find(field);
        const std::string* b = reply.find(field);
        if (!a) continue;
        if (!b) return std::string(name) + " (F" + std::to_string(field) + ") missing from the reply";
        if (*a != *b) return std::string(name) + " (F" + std::to_string(field) + ") differs";
    }
    return "";
}

HostLink::HostLink(const Dialect& dialect, TerminalKeyEntry keys, PackFlaws flaws)
    : dialect_(dialect), keys_(std::move(keys)), flaws_(flaws) {}

HostLink::~HostLink() { close(); }

void HostLink::close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
    inbox_.clear();
}

void HostLink::connect(const std::string& address, std::chrono::milliseconds timeout) {
    close();
    common::HostPort at;
    try {
        at = common::parse_host_port(address);
    } catch (const common::HostPortError& e) {
        throw LinkError(std::string("host address ") + e.what());
    }
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    if (inet_pton(AF_INET, at.address.c_str(), &sa.sin_addr) != 1)
        throw LinkError("host address '" + address + "': expected IPv4 HOST:PORT");
    sa.sin_port = htons(at.port);
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) throw LinkError(std::string("socket: ") + std::strerror(errno));
    const int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) != 0 && errno != EINPROGRESS) {
        const int e = errno;
        ::close(fd);
        throw LinkError("connect to " + address + ": " + std::strerror(e));
    }
    pollfd p{fd, POLLOUT, 0};
    if (::poll(&p, 1, static_cast<int>(timeout.count())) <= 0) {
        ::close(fd);
        throw LinkError("connect to " + address + " timed out after " + std::to_string(timeout.count()) + " ms");
    }
    int err = 0;
    socklen_t len = sizeof err;
    getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
    // A host that accepted and reset at once: the connection was made (not 7.3.6.7 c 1); the first write fails (c 2).
    if (err && err != ECONNRESET) {
        ::close(fd);
        throw LinkError("connect to " + address + ": " + std::strerror(err));
    }
    fd_ = fd;
}

std::string HostLink::next_stan() {
    stan_ = stan_ % 999999 + 1;
    std::string s = std::to_string(stan_);
    return std::string(6 - s.size(), '0') + s;
}

HostMessage HostLink::network(const std::string& code) {
    HostMessage m;
    m.mti = "0800";
    m.set(11, next_stan());
    m.set(41, keys_.terminal_id);
    m.set(42, keys_.merchant_id);
    if (dialect_.field(60)) m.set(60, "00000001" + code);  // 60.1 type 00, 60.2 batch 000001, 60.3 code (§1.6)
    else m.set(70, code);
    return m;
}

HostMessage HostLink::settlement(const std::string& batch, const host::BatchTotals& totals) {
    HostMessage m = network(host::kSettlementCode);
    m.mti = "0500";
    if (dialect_.field(60)) m.set(60, "00" + batch + host::kSettlementCode);
    m.set(48, totals.to_f48());
    return m;
}

HostMessage HostLink::financial(const std::string& kind, const std::string& pan, std::int64_t amount, const std::string& to_pan) {
    HostMessage m;
    m.mti = "0200";
    m.set(2, pan);
    m.set(3, kind + "0000");
    if (kind != "31") {
        const std::string a = std::to_string(amount);
        m.set(4, std::string(12 - std::min<std::size_t>(12, a.size()), '0') + a);
    }
    m.set(11, next_stan());
    m.set(22, "022");  // no PIN yet; HostChannel sets 021 with the PIN pad's block
    m.set(25, "02");
    m.set(41, keys_.terminal_id);
    m.set(42, keys_.merchant_id);
    m.set(49, "156");
    if (!to_pan.empty()) m.set(103, to_pan);
    return m;
}

HostMessage HostLink::reversal(const HostMessage& original, const std::string& mti) {
    HostMessage m;
    m.mti = mti;
    for (int f : {2, 3, 4, 11, 22, 25, 41, 42, 49})
        if (const std::string* v = original.find(f)) m.set(f, *v);
    // §1.6 F90: original MTI 4, STAN 6, transmission date-time 10 (not sent: zeros), acquirer and forwarder ids 11+11.
    if (dialect_.field(90)) m.set(90, original.mti + original.at(11) + std::string(10, '0') + std::string(22, '0'));
    m.set(39, "98");  // reason: no reply in time (CUP POS practice, §2.2)
    return m;
}

LinkResult HostLink::sign_on(HostMessage& req, std::chrono::milliseconds timeout) {
    const std::string* f60 = req.find(60);
    const std::string code = f60 && f60->size() >= 11 ? f60->substr(8, 3) : req.find(70) ? req.at(70) : "";
    LinkResult r = exchange(req, timeout);
    if (r.kind != LinkResult::Kind::Reply || !r.mismatch.empty() || !r.reply->find(39) || r.reply->at(39) != "00") return r;
    const std::string* f62 = r.reply->find(62);
    if (!f62) {
        r.error = "sign-on approved without F62 working keys";
        return r;
    }
    try {
        const CipherKey tmk(keys_.cipher, keys_.master_key);
        SessionKeys k = unwrap_session_keys(tmk, view_of(*f62), code == "004");
        mak_.emplace(keys_.cipher, std::move(k.mak));
    } catch (const KeyError& e) {
        r.error = std::string("F62 rejected: ") + e.what();
    }
    return r;
}

void HostLink::sign(HostMessage& m) const {
    // The MAC is the last field: F128 when a secondary bitmap travels, else F64 (§1.6, §3.1); the MAB is the packed
    // message from the MTI up to the MAC field, so the MAC is computed over the bytes that really go out.
    bool secondary = false;
    for (const auto& [n, v] : m.fields) secondary = secondary || (n > 64 && n < 128);
    const int field = secondary ? 128 : 64;
    m.erase(field == 64 ? 128 : 64);
    m.set(field, std::string(8, '\0'));
    const Bytes body = pack_message(dialect_, m, flaws_);
    const Bytes mac = link_mac(keys_.mac, *mak_, ByteView(body).first(body.size() - dialect_.mac_wire_length()));
    m.set(field, std::string(mac.begin(), mac.end()));
}

void HostLink::send(HostMessage& request) {
    if (fd_ < 0) throw LinkError("not connected");
    if (mak_ && request.mti[1] != '8') sign(request);
    const Bytes frame = frame_message(dialect_, ByteView(pack_message(dialect_, request, flaws_)));
    std::size_t sent = 0;
    while (sent < frame.size()) {
        const ssize_t n = ::send(fd_, frame.data() + sent, frame.size() - sent, MSG_NOSIGNAL);
        if (n < 0 && errno == EAGAIN) {
            pollfd p{fd_, POLLOUT, 0};
            if (::poll(&p, 1, 5000) <= 0) throw LinkError("send blocked for 5 s");
            continue;
        }
        if (n <= 0) throw LinkError(std::string("send: ") + std::strerror(errno));
        sent += static_cast<std::size_t>(n);
    }
}

std::string HostLink::check_mac(ByteView body, const HostMessage& reply) const {
    if (!mak_) return "no key";
    if (reply.mti[1] == '8') return "not required";
    bool secondary = false;
    for (const auto& [n, v] : reply.fields) secondary = secondary || (n > 64 && n < 128);
    const int field = secondary ? 128 : 64;
    const std::string* mac = reply.find(field);
    if (!mac || reply.fields.rbegin()->first != field) return "missing";
    const std::size_t wire = dialect_.mac_wire_length();
    if (body.size() < wire || mac->size() != 8) return "invalid";
    const Bytes expected = link_mac(keys_.mac, *mak_, body.first(body.size() - wire));
    return CRYPTO_memcmp(expected.data(), mac->data(), 8) == 0 ? "valid" : "invalid";
}

LinkResult HostLink::receive(std::chrono::milliseconds timeout) {
    LinkResult r;
    const auto deadline = Clock::now() + timeout;
    for (;;) {
        const std::optional<std::size_t> size = frame_size(ByteView(inbox_));
        if (size && inbox_.size() >= *size) {
            const Bytes frame(inbox_.begin(), inbox_.begin() + static_cast<std::ptrdiff_t>(*size));
            inbox_.erase(inbox_.begin(), inbox_.begin() + static_cast<std::ptrdiff_t>(*size));
            try {
                const ByteView body = message_of(dialect_, ByteView(frame));
                HostMessage reply = unpack_message(dialect_, body);
                r.kind = LinkResult::Kind::Reply;
                r.mac_check = check_mac(body, reply);
                r.reply = std::move(reply);
            } catch (const PackError& e) {
                r.kind = LinkResult::Kind::Undecodable;
                r.error = e.what();
            }
            return r;
        }
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
        if (left.count() <= 0) {
            r.kind = LinkResult::Kind::Timeout;
            r.error = "no complete reply within " + std::to_string(timeout.count()) + " ms";
            return r;
        }
        pollfd p{fd_, POLLIN, 0};
        if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) continue;
        std::uint8_t buf[4096];
        const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
        const int err = errno;
        if (n == 0 || (n < 0 && err != EAGAIN && err != EINTR)) {
            r.kind = LinkResult::Kind::Closed;
            r.error = n == 0 ? "host closed the connection" : std::string("recv: ") + std::strerror(err);
            r.reset = n < 0 && err == ECONNRESET && inbox_.empty();
            close();
            return r;
        }
        if (n > 0) inbox_.insert(inbox_.end(), buf, buf + n);
    }
}

LinkResult HostLink::exchange(HostMessage& request, std::chrono::milliseconds timeout) {
    send(request);
    LinkResult r = receive(timeout);
    if (r.reply) r.mismatch = reply_mismatch(request, *r.reply);
    return r;
}

}  // namespace atmbench::terminal
