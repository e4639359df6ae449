// The certifier's side of the wire: WebSocket connections (ws:// or wss://) to a publisher and its services, and a
// record of every message in both directions, in order, with its time. The record is the evidence a certificate
// quotes and what the wire audit judges (docs/references.md [XFS4IoT] §1 transport: one JSON message per WebSocket
// text message, fragments reassembled). Beast and OpenSSL stay in wire.cpp.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace atmbench::certify {

// The bench could not run the certification (connect refused, TLS handshake failed, the publisher vanished): an
// ERROR, never a FAIL of the service.
class CertifyError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct TlsClientOptions {
    std::string ca_file;    // PEM bundle that signed the service's certificate; empty = the system's store
    bool verify = true;     // false: encrypted but not authenticated (reported in the certificate)
};

struct WireMessage {
    std::size_t seq = 0;        // 0-based position in the record
    int connection = 0;
    std::string service;        // "ServicePublisher" or the service name
    bool outbound = false;      // sent by the certifier
    std::int64_t time_us = 0;   // since the wire was created
    std::string text;
};

class XfsWire {
public:
    explicit XfsWire(TlsClientOptions tls = {});
    ~XfsWire();
    XfsWire(const XfsWire&) = delete;
    XfsWire& operator=(const XfsWire&) = delete;

    // Connects to ws[s]://HOST:PORT/PATH within `bound`. Throws CertifyError naming the URI and what failed.
    int open(const std::string& uri, const std::string& service, std::chrono::milliseconds bound);
    // Sends one text message (recorded first). Throws CertifyError when the connection is closed.
    void send(int connection, const std::string& text);
    void close(int connection);
    bool is_open(int connection) const;

    // The first message at or after `from` (record position) received on `connection` for which `match` holds,
    // waiting at most `bound`; nullopt when none came. A closed connection ends the wait early.
    std::optional<WireMessage> wait(int connection, std::size_t from,
                                    const std::function<bool(const WireMessage&)>& match,
                                    std::chrono::milliseconds bound) const;
    std::size_t size() const;  // messages recorded so far (the next position)
    std::vector<WireMessage> record(std::size_t from = 0) const;
    // "ws" or "wss", and for wss what was verified: the certificate's environment section.
    std::string transport() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace atmbench::certify
