// The terminal's side of the ISO 8583 link, all its own: a blocking TCP client with bounded waits that builds the
// requests of its dialect, MACs them (F64/F128 over MTI..the field before the MAC, §3.1), packs and frames them,
// unpacks replies strictly, checks their MAC and matches them to the request (7.3.5 e/f). HostChannel decides what
// the results mean.
#pragma once

#include "atmbench/host/settlement.hpp"
#include "atmbench/terminal/dialect.hpp"
#include "atmbench/terminal/key_file.hpp"
#include "atmbench/terminal/message_packer.hpp"

#include <chrono>
#include <optional>
#include <stdexcept>
#include <string>

namespace atmbench::terminal {

class LinkError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct LinkResult {
    enum class Kind { Reply, Timeout, Closed, Undecodable };
    Kind kind = Kind::Timeout;
    std::optional<HostMessage> reply;
    std::string error;      // unpack error, or what the wait ended on
    std::string mismatch;   // non-empty: the reply does not match its request
    std::string mac_check;  // "valid", "invalid", "missing", "not required", "no key"
    // Closed by a reset (ECONNRESET) before any byte of the reply: the host discarded the request unread (7.3.6.7 c 2).
    bool reset = false;
};

std::string to_string(LinkResult::Kind k);

// 7.3.5 e: the reply's MTI answers the request's; processing code, STAN, PAN, amount, terminal id are echoed.
// "" when it matches, else which field differs.
std::string reply_mismatch(const HostMessage& request, const HostMessage& reply);

class HostLink {
public:
    HostLink(const Dialect& dialect, TerminalKeyEntry keys, PackFlaws flaws);
    ~HostLink();
    HostLink(const HostLink&) = delete;
    HostLink& operator=(const HostLink&) = delete;

    // Throws LinkError: refused, timed out after N ms, not an IPv4 HOST:PORT.
    void connect(const std::string& address, std::chrono::milliseconds timeout);
    void close();
    bool connected() const { return fd_ >= 0; }
    int native_handle() const { return fd_; }

    // Sends an 0800 from network("001"|"003"|"004") and loads PIK/MAK from F62 when approved; a bad F62 keeps the
    // old keys and says why in `error`.
    LinkResult sign_on(HostMessage& request, std::chrono::milliseconds timeout);
    bool signed_on() const { return mak_.has_value(); }

    std::string next_stan();
    void resume_stan(unsigned last) { stan_ = last % 999999; }
    unsigned last_stan() const { return stan_; }
    // 0200: kind 31 inquiry, 01 withdrawal, 21 deposit, 40 transfer; amount in minor units. No PIN block: the caller
    // puts the PIN pad's in F52.
    HostMessage financial(const std::string& kind, const std::string& pan, std::int64_t amount, const std::string& to_pan = "");
    // 0400/0421 of `original`: its key fields, F90 original data elements, F39 98 (§2.2).
    HostMessage reversal(const HostMessage& original, const std::string& mti);
    // 0800: the code in F60.3 when the dialect has F60, else F70.
    HostMessage network(const std::string& code);
    // 0500 of batch `batch` (60.2) with the totals in F48.
    HostMessage settlement(const std::string& batch, const host::BatchTotals& totals);

    LinkResult exchange(HostMessage& request, std::chrono::milliseconds timeout);
    void send(HostMessage& request);  // MACs (when keys are loaded and it is not network management), packs, frames
    LinkResult receive(std::chrono::milliseconds timeout);

private:
    void sign(HostMessage& request) const;
    std::string check_mac(ByteView body, const HostMessage& reply) const;
    const Dialect& dialect_;
    TerminalKeyEntry keys_;
    PackFlaws flaws_;
    std::optional<CipherKey> mak_;
    int fd_ = -1;
    Bytes inbox_;
    unsigned stan_ = 0;
};

}  // namespace atmbench::terminal
