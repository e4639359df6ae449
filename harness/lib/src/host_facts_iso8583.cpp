#include "host_facts.hpp"

#include "atmbench/host/response_codes.hpp"
#include "atmbench/iso8583/profile.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <memory>
#include <mutex>
#include <stdexcept>

namespace atmbench::harness {

namespace {

bool listed(const std::vector<std::string>& codes, const std::string& c) {
    return !c.empty() && std::find(codes.begin(), codes.end(), c) != codes.end();
}

bool digits(const std::string& t) {
    return !t.empty() && t.size() <= 18 && std::all_of(t.begin(), t.end(), [](unsigned char c) { return std::isdigit(c); });
}

}  // namespace

const iso8583::Dialect& dialect_of_run(const std::vector<TraceEvent>& events) {
    std::string profile = "cup-atm";
    for (const TraceEvent& e : events)
        if (e.source == "bench" && e.kind == "config" && e.name == "host" && e.data.is_object())
            if (const auto* p = e.data.as_object().if_contains("profile"); p && p->is_string()) profile = std::string(p->as_string());
    // Loaded once per profile: facts are built per scenario, possibly on several runner threads at once.
    static std::mutex mutex;
    static std::map<std::string, std::unique_ptr<iso8583::Profile>> loaded;
    std::lock_guard lock(mutex);
    auto& slot = loaded[profile];
    if (!slot) {
        auto p = std::make_unique<iso8583::Profile>(iso8583::Profile::find(profile));
        if (!p->dialect) throw std::runtime_error(p->source + ": no 'dialect' section: the host messages of this run cannot be read");
        slot = std::move(p);
    }
    return *slot->dialect;
}

void read_meaning(HostMessage& m, const iso8583::Dialect& d) {
    if (m.mti.empty()) return;  // a connection event or an undecodable frame
    auto field_of = [&m](int f) -> const std::string* {
        auto it = m.fields.find(f);
        return it == m.fields.end() ? nullptr : &it->second;
    };
    auto value = [&](const iso8583::FieldPlace& p) { return p.in(field_of(p.field)).value_or(""); };
    m.kind = d.kind_of(m.mti, field_of);
    m.stan = value(d.stan);
    m.pan = value(d.pan);
    m.amount = value(d.amount);
    if (m.is(HostKind::Reversal)) m.original_stan = d.first_of(d.original_stan, field_of);
    if (d.batch) m.batch = value(*d.batch);
    if (m.dir == "out") {
        m.response = value(d.response_code);
        m.approved = d.is_approved(m.response);
        m.reversal_done = listed(d.reversal_done, m.response);
        m.reconcile = listed(d.reconcile, m.response);
        m.mac_refused = listed(d.mac_refused, m.response);
        m.response_known = host::find_response_code(m.response) != nullptr;
        m.carries_keys = field_of(d.keys.field) != nullptr;
        // Balances (CUP F54): 20-character groups ending in a 12-digit amount.
        if (d.balance)
            if (std::string b = value(*d.balance); !b.empty())
                for (std::size_t i = 0; i + 20 <= b.size(); i += 20)
                    if (std::string v = b.substr(i + 8, 12); digits(v)) m.balances.push_back(std::stoll(v));
    }
}

const HostMessage* Facts::reply_to(const HostMessage& request) const {
    // ISO 8583: the response MTI is the request's with position 3 + 1 and position 4 without its repeat bit
    // (0200 → 0210, 0420/0421 → 0430, 0800 → 0810; 1993: 1804 → 1814); the reply echoes the STAN.
    std::string want;
    if (request.mti.size() == 4) {
        want = request.mti;
        want[2] = static_cast<char>(want[2] + 1);
        want[3] = static_cast<char>(want[3] - (want[3] - '0') % 2);
    }
    for (const auto& m : host)
        if (m.dir == "out" && m.t >= request.t && m.connection == request.connection && m.mti == want && m.stan == request.stan)
            return &m;
    return nullptr;
}

std::vector<const HostMessage*> Facts::wire_requests(const std::string& mti, const std::string& processing) const {
    std::vector<const HostMessage*> out;
    for (const auto& m : host)
        if (m.request() && m.mti.rfind(mti, 0) == 0 && (processing.empty() || m.field(3).substr(0, 2) == processing))
            out.push_back(&m);
    return out;
}

}  // namespace atmbench::harness
