// The terminal's side of the ISO 8583 link: a blocking TCP client with bounded waits that signs on, builds
// MACed requests with PIN blocks, and checks every reply against its request (7.3.5 e/f). The `atmbench link`
// command drives a host with it; the reference terminal and the load generator reuse it.
#pragma once

#include "atmbench/host/settlement.hpp"
#include "atmbench/host/terminal_keys.hpp"
#include "atmbench/iso8583/codec.hpp"
#include "atmbench/iso8583/framing.hpp"

#include <chrono>
#include <optional>
#include <stdexcept>
#include <string>

namespace atmbench::host {

class LinkError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct LinkResult {
    enum class Kind { Reply, Timeout, Closed, Undecodable };
    Kind kind = Kind::Timeout;
    std::optional<iso8583::Message> reply;
    Bytes frame;            // what arrived (may be partial on timeout/close)
    std::string error;      // decode error, or what the wait ended on
    std::string mismatch;   // non-empty: the reply does not match its request (field and values)
    std::string mac_check;  // "valid", "invalid", "missing", "no key"
    double latency_ms = 0;
    // Closed by a reset (ECONNRESET) before any byte of the reply: the host's side discarded the request unread
    // (a host that read it and then went away closes with FIN, or never answers) — 7.3.6.7 c 2, not sent.
    bool reset = false;
};

std::string to_string(LinkResult::Kind k);

// 7.3.5 e: MTI (must be the request's response MTI), processing code, STAN, PAN, amount, terminal id.
// Returns "" when the reply matches, else which field differs.
std::string reply_mismatch(const iso8583::Message& request, const iso8583::Message& reply);

class TerminalLink {
public:
    TerminalLink(const iso8583::Profile& profile, TerminalKeys keys);
    ~TerminalLink();
    TerminalLink(const TerminalLink&) = delete;
    TerminalLink& operator=(const TerminalLink&) = delete;

    // Throws LinkError: "connection refused", "connect timed out after N ms", …
    void connect(const std::string& address, std::chrono::milliseconds timeout);
    void close();
    bool connected() const { return fd_ >= 0; }
    int native_handle() const { return fd_; }  // for callers that multiplex many links (bench/host_load)

    // Sends `request` (from network("001"|"003"|"004")) and loads the working keys from F62 when the host
    // approves; a bad F62 leaves the old keys and says why in `error`.
    LinkResult sign_on(iso8583::Message& request, std::chrono::milliseconds timeout);
    bool signed_on() const { return mak_.has_value(); }

    std::string next_stan();
    // Continues the STAN sequence after `last` (a terminal that restarts must not reuse STANs the host has seen).
    void resume_stan(unsigned last) { stan_ = last % 999999; }
    unsigned last_stan() const { return stan_; }
    // A financial request: kind 31 inquiry, 01 withdrawal, 21 deposit, 40 transfer. Amount in minor units.
    iso8583::Message financial(const std::string& kind, const std::string& pan, const std::optional<std::string>& pin,
                               std::int64_t amount, const std::string& to_pan = "");
    // A reversal (0400, 0420 or 0421) of `original`, carrying its STAN in F11 and F90.
    iso8583::Message reversal(const iso8583::Message& original, const std::string& mti);
    // 0800 network management: the code goes in F60.3 when the profile has F60, else in F70.
    iso8583::Message network(const std::string& code);
    // 0500 batch settlement of batch `batch` (N6, F60.2; 60.3 201) with the terminal's totals in F48; MACed by
    // `send`/`exchange` like a financial request.
    iso8583::Message settlement(const std::string& batch, const BatchTotals& totals);

    // Signs (when keys are loaded), sends, and waits at most `timeout` for the reply, which is MAC-checked and
    // matched. Replies that do not match are still returned, with `mismatch` set.
    LinkResult exchange(iso8583::Message& request, std::chrono::milliseconds timeout);
    void send(iso8583::Message& request);
    // The frame `send` would write: signed when keys are loaded (not network management), encoded, framed.
    Bytes frame_for(iso8583::Message& request) const;
    void send_raw(ByteView frame);
    LinkResult receive(std::chrono::milliseconds timeout);

    const iso8583::Codec& codec() const { return codec_; }
    const TerminalKeys& keys() const { return keys_; }

private:
    iso8583::Codec codec_;
    iso8583::Framer framer_;
    TerminalKeys keys_;
    std::optional<crypto::BlockKey> pik_, mak_;
    int fd_ = -1;
    Bytes inbox_;
    unsigned stan_ = 0;
};

}  // namespace atmbench::host
