#include "atmbench/harness/facts.hpp"

#include "atmbench/common/json_path.hpp"
#include "host_facts.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <cctype>
#include <regex>
#include <stdexcept>

namespace atmbench::harness {

namespace json = boost::json;

namespace {

std::string str(const json::value* v) { return v && v->is_string() ? std::string(v->as_string()) : ""; }

const json::value* at(const json::value& v, std::initializer_list<std::string_view> path) { return json_at(v, path); }

}  // namespace

std::string HostMessage::field(int f) const {
    auto it = fields.find(f);
    return it == fields.end() ? "" : it->second;
}

std::vector<const HostMessage*> Facts::requests(HostKind kind) const {
    std::vector<const HostMessage*> out;
    for (const auto& m : host)
        if (m.request() && m.is(kind)) out.push_back(&m);
    return out;
}

std::vector<const HostMessage*> Facts::requests(bool (*family)(HostKind)) const {
    std::vector<const HostMessage*> out;
    for (const auto& m : host)
        if (m.request() && m.kind && family(*m.kind)) out.push_back(&m);
    return out;
}

std::vector<HostExchange> Facts::approved(HostKind kind) const {
    std::vector<HostExchange> out;
    for (const HostMessage* req : requests(kind)) {
        const HostMessage* rep = reply_to(*req);
        // A reply a host rule only delayed, split or repeated still approves: only a fault that changed its meaning
        // (key field, MAC, frame) disqualifies it (7.3.5 e/f).
        if (rep && rep->approved && rep->error.empty() && rep->spoiled.empty()) out.push_back({req, rep});
    }
    return out;
}

std::vector<const HostMessage*> Facts::reversals_of(const std::string& stan) const {
    std::vector<const HostMessage*> out;
    for (const HostMessage* r : requests(HostKind::Reversal))
        if (r->stan == stan || r->original_stan == stan) out.push_back(r);
    return out;
}

const HostMessage* Facts::original_of(const HostMessage& reversal) const {
    const HostMessage* orig = nullptr;
    for (const HostMessage* o : requests(host::is_financial))
        if (o->stan == reversal.original_stan && o->t < reversal.t) orig = o;
    return orig;
}

std::vector<const XfsMessage*> Facts::commands(const std::string& name) const {
    std::vector<const XfsMessage*> out;
    for (const auto& m : xfs)
        if (m.dir == "in" && m.type == "command" && m.name == name) out.push_back(&m);
    return out;
}

const XfsMessage* Facts::completion_of(const XfsMessage& command) const {
    for (const auto& m : xfs)
        if (m.dir == "out" && m.type == "completion" && m.service == command.service && m.connection == command.connection &&
            m.request_id == command.request_id && m.t >= command.t)
            return &m;
    return nullptr;
}

std::vector<const JournalRecord*> Facts::records(const std::string& type) const {
    std::vector<const JournalRecord*> out;
    for (const auto& r : journal)
        if (r.type == type) out.push_back(&r);
    return out;
}

std::vector<std::size_t> Facts::screens_meaning(const std::string& meaning) const {
    std::vector<std::size_t> out;
    auto it = profile->screens.find(meaning);
    if (it == profile->screens.end()) return out;
    for (const auto& s : screens)
        if (std::find(it->second.begin(), it->second.end(), s.id) != it->second.end()) out.push_back(s.ev);
    return out;
}

bool Facts::screen_shown(const std::string& meaning, std::int64_t after) const {
    for (std::size_t ev : screens_meaning(meaning))
        if (events[ev].t_ns >= after) return true;
    return false;
}

int Facts::cards_inserted() const {
    return static_cast<int>(std::count_if(actions.begin(), actions.end(), [](const CustomerAction& a) {
        return a.ok && a.device == "cardReader" && a.action == "insertCard";
    }));
}

Facts build_facts(const Scenario& scenario, const TerminalProfile& profile, std::vector<TraceEvent> events) {
    Facts f;
    f.scenario = &scenario;
    f.profile = &profile;
    f.events = std::move(events);
    f.journal_declared = !profile.journal_path.empty();
    for (const auto& [name, bound] : profile.timeouts) f.timeouts_ms[name] = bound.count();
    std::optional<std::regex> screen_re;
    if (!profile.screen_id_pattern.empty()) screen_re.emplace(profile.screen_id_pattern);
    const iso8583::Dialect& dialect = dialect_of_run(f.events);
    for (const TraceEvent& e : f.events) {
        if (e.source == "host") {
            HostMessage m;
            m.ev = e.index;
            m.t = e.t_ns;
            m.dir = e.kind;
            const json::value& d = e.data;
            if (const json::value* c = at(d, {"connection"}); c && c->is_int64()) m.connection = static_cast<int>(c->as_int64());
            m.mti = str(at(d, {"mti"}));
            if (const json::value* fl = at(d, {"message", "fields"}); fl && fl->is_object())
                for (const auto& kv : fl->as_object()) {
                    // The recorder keys fields by number; anything else is not a field and cannot be read as one.
                    std::string key(kv.key());
                    if (key.empty() || key.size() > 3 || !std::all_of(key.begin(), key.end(), [](unsigned char c) { return std::isdigit(c); }))
                        throw std::runtime_error("host message " + std::to_string(e.index) + " has a field keyed \"" + key + "\", not a field number");
                    m.fields[std::stoi(key)] = kv.value().is_string() ? std::string(kv.value().as_string()) : json::serialize(kv.value());
                }
            m.note = str(at(d, {"note"}));
            m.rule = str(at(d, {"rule"}));
            m.error = str(at(d, {"error"}));
            if (const json::value* sp = at(d, {"spoiled"}); sp && sp->is_array())
                for (const auto& x : sp->as_array())
                    if (x.is_string()) m.spoiled.emplace_back(x.as_string());
            const json::value* rc = at(d, {"retain_cash"});
            m.retain_cash = rc && rc->is_bool() && rc->as_bool();
            read_meaning(m, dialect);
            f.host.push_back(std::move(m));
        } else if (e.source == "xfs") {
            XfsMessage m;
            m.ev = e.index;
            m.t = e.t_ns;
            m.dir = str(at(e.data, {"direction"}));
            m.service = str(at(e.data, {"service"}));
            if (const json::value* c = at(e.data, {"connection"}); c && c->is_int64()) m.connection = static_cast<int>(c->as_int64());
            m.type = str(at(e.data, {"message", "header", "type"}));
            m.name = str(at(e.data, {"message", "header", "name"}));
            if (const json::value* r = at(e.data, {"message", "header", "requestId"}); r && r->is_int64()) m.request_id = r->as_int64();
            m.completion = str(at(e.data, {"message", "header", "completionCode"}));
            if (const json::value* p = at(e.data, {"message", "payload"})) m.payload = *p;
            m.error_code = str(at(m.payload, {"errorCode"}));
            if (screen_re && m.dir == "in" && m.type == "command" && m.name == "TextTerminal.Write") {
                std::string text = str(at(m.payload, {"text"}));
                std::smatch sm;
                std::string first = text.substr(0, text.find('\n'));
                if (std::regex_search(first, sm, *screen_re) && sm.size() > 1) f.screens.push_back({e.index, e.t_ns, sm[1].str(), text});
            }
            f.xfs.push_back(std::move(m));
        } else if (e.source == "journal" && e.data.is_object()) {
            JournalRecord r;
            r.ev = e.index;
            r.t = e.t_ns;
            r.record = e.data.as_object();
            r.type = str(r.record.if_contains("type"));
            const json::value* x = r.record.if_contains(profile.journal_exception_field);
            r.exception = x && x->is_bool() && x->as_bool();
            f.journal.push_back(std::move(r));
        } else if (e.source == "customer") {
            CustomerAction a;
            a.ev = e.index;
            a.t = e.t_ns;
            a.device = str(at(e.data, {"device"}));
            a.action = str(at(e.data, {"action"}));
            a.ok = e.kind == "action";
            f.actions.push_back(a);
        } else if (e.source == "bench" && e.kind == "config" && e.name == "timeouts") {
            if (const json::value* w = at(e.data, {"timeouts_ms"}); w && w->is_object()) {
                f.timeouts_ms.clear();
                for (const auto& kv : w->as_object()) {
                    if (!kv.value().is_int64()) throw std::runtime_error("configured wait " + std::string(kv.key()) + " is not a number of ms");
                    f.timeouts_ms[std::string(kv.key())] = kv.value().as_int64();
                }
                f.timeouts_from = "this run's configuration (" + str(at(e.data, {"from"})) + ")";
            }
        } else if (e.source == "fault") {
            f.faults.push_back(e.index);
        } else if (e.source == "admin") {
            f.admin.push_back(e.index);
        } else if (e.source == "terminal" && e.kind == "stdout" && e.data.is_object() && e.data.as_object().contains("mode")) {
            f.modes.push_back(e.index);
        } else if (e.source == "truth" && e.data.is_object()) {
            f.truth = e.data.as_object();
            // What reached paper: a simulated ESC/POS printer under the Printer service (issue 14) says it itself —
            // each cut receipt, and what is printed on the roll but not cut (a receipt the paper ran out on is
            // still in the customer's reach). Otherwise the Printer service's own receipts are the paper.
            const json::value* paper = at(e.data, {"printer", "mechanism", "receipts"});
            if (paper && paper->is_array()) {
                for (const auto& rec : paper->as_array()) f.receipts.push_back(str(at(rec, {"text"})));
                if (std::string roll = str(at(e.data, {"printer", "mechanism", "onRoll"})); !roll.empty())
                    f.receipts.push_back(roll);
            } else if (const json::value* r = at(e.data, {"printer", "receipts"}); r && r->is_array())
                for (const auto& rec : r->as_array()) {
                    std::string text;
                    const json::value* lines = at(rec, {"lines"});
                    if (lines && lines->is_array())
                        for (const auto& l : lines->as_array()) text += str(&l) + "\n";
                    else text = json::serialize(rec);
                    f.receipts.push_back(text);
                }
        } else if (e.source == "ledger" && e.data.is_object()) {
            // A host that was restarted leaves one ledger per life: the postings of all of them count.
            const json::value* p = e.data.as_object().if_contains("postings");
            if (!f.ledger.contains("postings")) f.ledger["postings"] = json::array{};
            if (p && p->is_array())
                for (const auto& x : p->as_array()) f.ledger["postings"].as_array().push_back(x);
        }
    }
    return f;
}

}  // namespace atmbench::harness
