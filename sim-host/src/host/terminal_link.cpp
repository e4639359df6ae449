#include "atmbench/host/terminal_link.hpp"

#include "atmbench/crypto/pin_block.hpp"
#include "atmbench/crypto/working_keys.hpp"
#include "atmbench/host/host_server.hpp"
#include "atmbench/host/message_mac.hpp"

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace atmbench::host {

using iso8583::Message;
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

std::string reply_mismatch(const Message& req, const Message& reply) {
    if (reply.mti != iso8583::response_mti(req.mti))
        return "MTI " + reply.mti + " does not answer " + req.mti;
    for (auto [field, name] : {std::pair{3, "processing code"}, {11, "STAN"}, {2, "PAN"}, {4, "amount"},
                               {41, "terminal id"}}) {
        const std::string* a = req.find(field);
        const std::string* b = reply.find(field);
        if (!a) continue;
        if (!b) return std::string(name) + " (F" + std::to_string(field) + ") missing from the reply";
        if (*a != *b) return std::string(name) + " (F" + std::to_string(field) + ") differs";
    }
    return "";
}

TerminalLink::TerminalLink(const iso8583::Profile& profile, TerminalKeys keys)
    : codec_(profile), framer_(profile.framing), keys_(std::move(keys)) {}

TerminalLink::~TerminalLink() { close(); }

void TerminalLink::close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
    inbox_.clear();
}

void TerminalLink::connect(const std::string& address, std::chrono::milliseconds timeout) {
    close();
    auto [addr, port] = parse_endpoint(address);
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_port = htons(port);
    if (inet_pton(AF_INET, addr.c_str(), &sa.sin_addr) != 1) throw LinkError(address + ": only IPv4 addresses are supported");
    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) throw LinkError(std::string("socket: ") + std::strerror(errno));
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) != 0 && errno != EINPROGRESS) {
        int e = errno;
        ::close(fd);
        throw LinkError("connect to " + address + ": " + std::strerror(e));
    }
    pollfd p{fd, POLLOUT, 0};
    int r = ::poll(&p, 1, static_cast<int>(timeout.count()));
    int err = 0;
    socklen_t len = sizeof err;
    if (r <= 0) {
        ::close(fd);
        throw LinkError("connect to " + address + " timed out after " + std::to_string(timeout.count()) + " ms");
    }
    getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
    if (err == ECONNRESET) {
        // The handshake completed (the host accepted) and the host reset the connection at once: the connection
        // was made (not 7.3.6.7 c 1). Keep it: the first write into it fails (EPIPE), which is what the host did —
        // a request that cannot be sent (c 2).
        fd_ = fd;
        return;
    }
    if (err) {
        ::close(fd);
        throw LinkError("connect to " + address + ": " + std::strerror(err));
    }
    fd_ = fd;
}

std::string TerminalLink::next_stan() {
    stan_ = stan_ % 999999 + 1;
    std::string s = std::to_string(stan_);
    return std::string(6 - s.size(), '0') + s;
}

Message TerminalLink::network(const std::string& code) {
    Message m;
    m.mti = "0800";
    m.set(11, next_stan());
    m.set(41, keys_.terminal_id);
    m.set(42, keys_.merchant_id);
    if (codec_.profile().field(60))
        m.set(60, "00000001" + code);  // 60.1 type 00, 60.2 batch 000001, 60.3 code
    else if (codec_.profile().field(70))
        m.set(70, code);
    return m;
}

Message TerminalLink::settlement(const std::string& batch, const BatchTotals& totals) {
    Message m = network(kSettlementCode);
    m.mti = "0500";
    if (codec_.profile().field(60)) m.set(60, "00" + batch + kSettlementCode);
    m.set(48, totals.to_f48());
    return m;
}

LinkResult TerminalLink::sign_on(Message& req, std::chrono::milliseconds timeout) {
    const std::string* f60 = req.find(60);
    std::string code = f60 && f60->size() >= 11 ? f60->substr(8, 3) : req.find(70) ? req.at(70) : "";
    LinkResult r = exchange(req, timeout);
    if (r.kind == LinkResult::Kind::Reply && r.mismatch.empty() && r.reply->find(39) && r.reply->at(39) == "00") {
        const std::string* f62 = r.reply->find(62);
        if (!f62) {
            r.error = "sign-on approved without F62 working keys";
            return r;
        }
        crypto::BlockKey tmk = crypto::BlockKey::make(keys_.cipher, keys_.master_key);
        try {
            crypto::WorkingKeys k = crypto::parse_f62(tmk, view_of(*f62), code == "004");
            pik_ = crypto::BlockKey::make(keys_.cipher, k.pik);
            mak_ = crypto::BlockKey::make(keys_.cipher, k.mak);
        } catch (const crypto::CryptoError& e) {
            r.error = std::string("F62 rejected: ") + e.what();
        }
    }
    return r;
}

Message TerminalLink::financial(const std::string& kind, const std::string& pan, const std::optional<std::string>& pin,
                                std::int64_t amount, const std::string& to_pan) {
    Message m;
    m.mti = "0200";
    m.set(2, pan);
    m.set(3, kind + "0000");
    if (kind != "31") {
        std::string a = std::to_string(amount);
        m.set(4, std::string(12 - std::min<std::size_t>(12, a.size()), '0') + a);
    }
    m.set(11, next_stan());
    m.set(22, pin ? "021" : "022");
    m.set(25, "02");
    m.set(41, keys_.terminal_id);
    m.set(42, keys_.merchant_id);
    m.set(49, "156");
    if (pin && pik_) {
        Bytes block = crypto::encrypt_pin_block(*pik_, *pin, pan);
        m.set(52, std::string(block.begin(), block.end()));
    }
    if (!to_pan.empty()) m.set(103, to_pan);
    return m;
}

Message TerminalLink::reversal(const Message& original, const std::string& mti) {
    Message m;
    m.mti = mti;
    for (int f : {2, 3, 4, 11, 22, 25, 41, 42, 49})
        if (const std::string* v = original.find(f)) m.set(f, *v);
    if (codec_.profile().field(90)) {
        // 90.1 original MTI, 90.2 original STAN, 90.3 transmission date-time (not sent here: zeros), 90.4/90.5 ids.
        m.set(90, original.mti + original.at(11) + std::string(10, '0') + std::string(22, '0'));
    }
    if (codec_.profile().field(39)) m.set(39, "98");  // reason: no reply in time (CUP POS practice, §2.2)
    return m;
}

void TerminalLink::send_raw(ByteView frame) {
    if (fd_ < 0) throw LinkError("not connected");
    std::size_t sent = 0;
    while (sent < frame.size()) {
        ssize_t n = ::send(fd_, frame.data() + sent, frame.size() - sent, MSG_NOSIGNAL);
        if (n < 0 && errno == EAGAIN) {
            pollfd p{fd_, POLLOUT, 0};
            if (::poll(&p, 1, 5000) <= 0) throw LinkError("send blocked for 5 s");
            continue;
        }
        if (n <= 0) throw LinkError(std::string("send: ") + std::strerror(errno));
        sent += static_cast<std::size_t>(n);
    }
}

Bytes TerminalLink::frame_for(Message& request) const {
    if (mak_ && request.mti[1] != '8') sign_message(request, codec_, keys_.mac, *mak_);
    Bytes payload = codec_.encode_payload(request);
    return framer_.frame(ByteView(payload));
}

void TerminalLink::send(Message& request) { send_raw(ByteView(frame_for(request))); }

LinkResult TerminalLink::receive(std::chrono::milliseconds timeout) {
    LinkResult r;
    auto deadline = Clock::now() + timeout;
    const std::size_t hs = framer_.header_size();
    for (;;) {
        std::optional<std::size_t> len;
        try {
            len = framer_.payload_length(ByteView(inbox_));
        } catch (const iso8583::DecodeError& e) {
            r.kind = LinkResult::Kind::Undecodable;
            r.frame = inbox_;
            r.error = std::string("length header: ") + e.what();
            inbox_.clear();
            return r;
        }
        if (len && inbox_.size() >= hs + *len) {
            r.frame.assign(inbox_.begin(), inbox_.begin() + static_cast<std::ptrdiff_t>(hs + *len));
            inbox_.erase(inbox_.begin(), inbox_.begin() + static_cast<std::ptrdiff_t>(hs + *len));
            Message reply;
            try {
                codec_.decode_payload(ByteView(r.frame).subspan(hs), reply);
                r.kind = LinkResult::Kind::Reply;
                if (!mak_ || reply.mti[1] == '8') {
                    r.mac_check = mak_ ? "not required" : "no key";
                } else {
                    ByteView body = ByteView(r.frame).subspan(hs + codec_.envelope_length());
                    MacCheck c = verify_message(body, reply, codec_, keys_.mac, *mak_);
                    r.mac_check = c == MacCheck::Valid ? "valid" : c == MacCheck::Missing ? "missing" : "invalid";
                }
                r.reply = std::move(reply);
            } catch (const iso8583::DecodeError& e) {
                r.kind = LinkResult::Kind::Undecodable;
                r.error = e.what();
            }
            return r;
        }
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
        if (left.count() <= 0) {
            r.kind = LinkResult::Kind::Timeout;
            r.frame = inbox_;
            r.error = "no complete reply within " + std::to_string(timeout.count()) + " ms";
            return r;
        }
        pollfd p{fd_, POLLIN, 0};
        int pr = ::poll(&p, 1, static_cast<int>(left.count()));
        if (pr <= 0) continue;
        std::uint8_t buf[4096];
        ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
        const int err = errno;
        if (n == 0 || (n < 0 && err != EAGAIN && err != EINTR)) {
            r.kind = LinkResult::Kind::Closed;
            r.frame = inbox_;
            r.error = n == 0 ? "host closed the connection" : std::string("recv: ") + std::strerror(err);
            r.reset = n < 0 && err == ECONNRESET && inbox_.empty();
            close();
            return r;
        }
        if (n > 0) inbox_.insert(inbox_.end(), buf, buf + n);
    }
}

LinkResult TerminalLink::exchange(Message& request, std::chrono::milliseconds timeout) {
    auto t0 = Clock::now();
    send(request);
    LinkResult r = receive(timeout);
    r.latency_ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
    if (r.reply) r.mismatch = reply_mismatch(request, *r.reply);
    return r;
}

}  // namespace atmbench::host
