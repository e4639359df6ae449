// The HTML report's view of a trace: escaping, one-line summaries of events, trimmed event data for the page, and
// the rows of the sequence diagram (which events become arrows between which lifelines, which are collapsed).
#include "html_support.hpp"
#include "markup_text.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <map>

namespace atmbench::reports::html {

using namespace atmbench::harness;

namespace json = boost::json;

// ---------------------------------------------------------------------------------------------------- text helpers

std::string esc(std::string_view s) { return markup_text(s, Apostrophe::Escape); }

std::string script_json(const json::value& v) {
    std::string s = json::serialize(v);
    std::string out;
    out.reserve(s.size() + 64);
    for (std::size_t i = 0; i < s.size(); ++i) {
        char c = s[i];
        if (c == '<') out += "\\u003c";
        else if (c == '>') out += "\\u003e";
        else if (c == '&') out += "\\u0026";
        // U+2028 / U+2029 (E2 80 A8/A9): legal in JSON, but keep them out of script text anyway.
        else if (static_cast<unsigned char>(c) == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
                 (static_cast<unsigned char>(s[i + 2]) == 0xA8 || static_cast<unsigned char>(s[i + 2]) == 0xA9)) {
            out += static_cast<unsigned char>(s[i + 2]) == 0xA8 ? "\\u2028" : "\\u2029";
            i += 2;
        } else out += c;
    }
    return out;
}

std::string cut(std::string_view s, std::size_t max) {
    if (s.size() <= max) return std::string(s);
    std::size_t n = max;
    while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;  // not inside a UTF-8 sequence
    return std::string(s.substr(0, n)) + "…";
}

std::string duration_text(double seconds) {
    char b[64];
    if (seconds < 1) std::snprintf(b, sizeof b, "%.0f ms", seconds * 1000);
    else if (seconds < 60) std::snprintf(b, sizeof b, "%.2f s", seconds);
    else std::snprintf(b, sizeof b, "%d min %d s", static_cast<int>(seconds / 60), static_cast<int>(seconds) % 60);
    return b;
}

std::string ms_text(double ms) {
    char b[32];
    std::snprintf(b, sizeof b, "%.1f", ms);
    return b;
}

namespace {

// ---------------------------------------------------------------------------------------------------- JSON helpers

const json::value* get(const json::value& v, std::string_view key) {
    return v.is_object() ? v.as_object().if_contains(key) : nullptr;
}

const json::value* get(const json::value* v, std::string_view key) { return v ? get(*v, key) : nullptr; }

// A scalar as text ("" for null, objects and arrays).
std::string text(const json::value* v) {
    if (!v) return "";
    if (v->is_string()) return std::string(v->as_string());
    if (v->is_int64()) return std::to_string(v->as_int64());
    if (v->is_uint64()) return std::to_string(v->as_uint64());
    if (v->is_double()) return ms_text(v->as_double());
    if (v->is_bool()) return v->as_bool() ? "true" : "false";
    return "";
}

// A copy small enough for the page: long strings, arrays and objects shortened, deep nesting cut.
json::value trim(const json::value& v, std::size_t max_string, std::size_t max_items, int depth) {
    if (v.is_string()) {
        std::string_view s = v.as_string();
        if (s.size() <= max_string) return v;
        return json::string(cut(s, max_string) + " (" + std::to_string(s.size()) + " bytes)");
    }
    if (v.is_array()) {
        const json::array& a = v.as_array();
        if (depth <= 0) return json::string("[… " + std::to_string(a.size()) + " items]");
        json::array out;
        for (std::size_t i = 0; i < a.size() && i < max_items; ++i) out.push_back(trim(a[i], max_string, max_items, depth - 1));
        if (a.size() > max_items) out.push_back(json::string("… " + std::to_string(a.size() - max_items) + " more"));
        return out;
    }
    if (v.is_object()) {
        const json::object& o = v.as_object();
        if (depth <= 0) return json::string("{… " + std::to_string(o.size()) + " keys}");
        json::object out;
        std::size_t n = 0;
        for (const auto& kv : o) {
            if (n++ >= max_items * 3) {
                out["…"] = json::string(std::to_string(o.size() - max_items * 3) + " more keys");
                break;
            }
            out[kv.key()] = trim(kv.value(), max_string, max_items, depth - 1);
        }
        return out;
    }
    return v;
}

// A compact one-line rendering of a value: {a: 1, b: [x, y]}.
void compact_into(const json::value& v, std::string& out, std::size_t max) {
    if (out.size() > max) return;
    if (v.is_object()) {
        out += "{";
        bool first = true;
        for (const auto& kv : v.as_object()) {
            if (out.size() > max) break;
            if (!first) out += ", ";
            first = false;
            out += std::string(kv.key()) + ": ";
            compact_into(kv.value(), out, max);
        }
        out += "}";
    } else if (v.is_array()) {
        out += "[";
        bool first = true;
        for (const auto& x : v.as_array()) {
            if (out.size() > max) break;
            if (!first) out += ", ";
            first = false;
            compact_into(x, out, max);
        }
        out += "]";
    } else if (v.is_null()) {
        out += "null";
    } else {
        out += text(&v);
    }
}

std::string compact(const json::value& v, std::size_t max = 200) {
    if (v.is_null()) return "";
    if (v.is_object() && v.as_object().empty()) return "";
    std::string out;
    compact_into(v, out, max);
    return cut(out, max);
}

std::string compact(const json::value* v, std::size_t max = 200) { return v ? compact(*v, max) : ""; }

// An object without some of its keys.
json::value without(const json::value& v, std::initializer_list<std::string_view> keys) {
    if (!v.is_object()) return v;
    json::object o = v.as_object();
    for (auto k : keys) o.erase(k);
    return o;
}

std::string base64_decode(std::string_view in) {
    auto val = [](char c) -> int {
        if (c >= 'A' && c <= 'Z') return c - 'A';
        if (c >= 'a' && c <= 'z') return c - 'a' + 26;
        if (c >= '0' && c <= '9') return c - '0' + 52;
        if (c == '+' || c == '-') return 62;
        if (c == '/' || c == '_') return 63;
        return -1;
    };
    std::string out;
    int bits = 0, acc = 0;
    for (char c : in) {
        int x = val(c);
        if (x < 0) continue;
        acc = (acc << 6) | x;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out += static_cast<char>((acc >> bits) & 0xFF);
        }
    }
    return out;
}

// The printable text of a receipt a terminal sent with Printer.PrintRaw / PrintForm (base64 or plain).
std::string receipt_text(const json::value* payload) {
    const json::value* d = get(payload, "data");
    if (!d || !d->is_string()) return "";
    std::string_view s = d->as_string();
    std::string t = base64_decode(s);
    std::size_t printable = 0;
    for (char c : t)
        if (c == '\n' || c == '\r' || c == '\t' || static_cast<unsigned char>(c) >= 0x20) ++printable;
    if (t.empty() || printable < t.size() * 9 / 10) return std::string(s);
    return t;
}

// The first line of a screen written with TextTerminal.Write ("[PIN]").
std::string screen_tag(const json::value* payload) {
    std::string t = text(get(payload, "text"));
    std::string first = t.substr(0, t.find('\n'));
    return cut(first, 40);
}

// Leaves of a status payload as "key=value" pairs: "media=present, shutter=open".
void leaves(const json::value& v, std::string& out, std::size_t max) {
    if (out.size() > max) return;
    if (v.is_object()) {
        for (const auto& kv : v.as_object()) {
            if (kv.value().is_object() || kv.value().is_array()) leaves(kv.value(), out, max);
            else {
                if (!out.empty()) out += ", ";
                out += std::string(kv.key()) + "=" + (kv.value().is_null() ? "null" : text(&kv.value()));
            }
        }
    } else if (v.is_array()) {
        for (const auto& x : v.as_array()) leaves(x, out, max);
    }
}

std::string short_name(const std::string& name) {
    auto dot = name.find('.');
    return dot == std::string::npos ? name : name.substr(dot + 1);
}

std::string iso_amount(const std::string& f4) {
    // ISO 8583 field 4: 12 digits in minor units.
    if (f4.empty() || f4.find_first_not_of("0123456789") != std::string::npos) return f4;
    long long v = std::stoll(f4);
    char b[48];
    std::snprintf(b, sizeof b, "%lld.%02lld", v / 100, v % 100);
    return b;
}

}  // namespace

// ---------------------------------------------------------------------------------------------------- summaries

std::string event_summary(const TraceEvent& e) {
    const json::value& d = e.data;
    if (e.source == "xfs") {
        const json::value* msg = get(d, "message");
        const json::value* header = get(msg, "header");
        const json::value* payload = get(msg, "payload");
        std::string service = text(get(d, "service"));
        std::string s = service.empty() ? "" : service + " · ";
        auto with = [&](const std::string& rest) { return rest.empty() ? service : s + rest; };
        if (e.kind == "command") {
            if (e.name == "TextTerminal.Write") {
                std::string t = text(get(payload, "text"));
                std::replace(t.begin(), t.end(), '\n', ' ');
                return s + "screen: " + cut(t, 160);
            }
            if (e.name.rfind("Printer.Print", 0) == 0) {
                std::string t = receipt_text(payload);
                std::replace(t.begin(), t.end(), '\n', ' ');
                if (!t.empty()) return s + "receipt: " + cut(t, 180);
            }
            return with(compact(payload));
        }
        if (e.kind == "acknowledge") {
            const json::value* st = get(header, "status");
            return s + "ack " + (st && !st->is_null() ? text(st) : "accepted");
        }
        if (e.kind == "completion") {
            std::string code = text(get(header, "completionCode"));
            std::string err = text(get(header, "errorDescription"));
            std::string ec = text(get(payload, "errorCode"));
            std::string out = s + code;
            if (!ec.empty()) out += " (" + ec + ")";
            if (!err.empty()) out += ": " + err;
            std::string p = compact(payload, 160);
            if (!p.empty()) out += " · " + p;
            return out;
        }
        return with(compact(payload));
    }
    if (e.source == "host") {
        std::string note = text(get(d, "note"));
        if (e.kind == "in" || e.kind == "out") {
            const json::value* f = get(get(d, "message"), "fields");
            std::string out = e.name.empty() ? "unparsed message" : e.name;
            if (!f) out += " (" + text(get(d, "length")) + " bytes)";
            auto add = [&](const char* id, const char* label) {
                std::string v = text(get(f, id));
                if (!v.empty()) out += std::string(" · ") + label + v;
            };
            add("3", "proc ");
            if (std::string a = text(get(f, "4")); !a.empty()) out += " · amount " + iso_amount(a);
            add("11", "STAN ");
            add("37", "RRN ");
            add("39", "F39=");
            if (!note.empty()) out += " · " + note;
            return out;
        }
        return note.empty() ? compact(d) : note;
    }
    if (e.source == "journal") {
        if (e.kind == "final") return compact(d);
        return compact(without(d, {"seq", "time", "type"}), 220);
    }
    if (e.source == "customer") {
        std::string out = compact(get(d, "args"));
        if (e.kind == "refused") return (out.empty() ? "" : out + " · ") + "refused: " + text(get(d, "error"));
        std::string r = compact(get(d, "result"));
        if (!r.empty()) out += (out.empty() ? "→ " : " → ") + r;
        return out;
    }
    if (e.source == "bench") {
        if (e.kind == "step") return "line " + text(get(d, "line")) + " · " + e.name + " " + compact(get(d, "args"));
        if (e.kind == "step-error" || e.kind == "step-skipped")
            return "line " + text(get(d, "line")) + " · " + e.name + ": " + text(get(d, "why"));
        return compact(d);
    }
    if (e.source == "terminal") {
        if (e.kind == "start") return "process started, pid " + text(get(d, "pid"));
        if (e.kind == "exit") return "process exited, status " + text(get(d, "status"));
        if (const json::value* line = get(d, "line")) return cut(text(line), 240);
        return compact(d, 240);
    }
    if (e.source == "admin") return "HTTP " + text(get(d, "status")) + " " + cut(text(get(d, "body")), 160);
    if (e.source == "ledger" && e.kind == "final") {
        const json::value* p = get(d, "postings");
        std::size_t n = p && p->is_array() ? p->as_array().size() : 0;
        std::string out = std::to_string(n) + " posting(s)";
        if (p && p->is_array())
            for (const auto& x : p->as_array()) {
                if (out.size() > 200) break;
                out += " · " + text(get(x, "kind")) + " " + text(get(x, "mti")) + " " + text(get(x, "amount"));
            }
        return out;
    }
    if (e.source == "truth") return "physical truth at the end: " + compact(d, 160);
    return compact(d);
}

// ---------------------------------------------------------------------------------------------------- diagram rows

namespace {

struct Row {
    char type = 'a';          // a: arrow, b: band across all lanes, n: note on one lane
    int from = -1;            // arrow source lane
    std::vector<int> to;      // arrow target lane(s)
    int lane = -1;            // note lane; band marker lane (fault), or -1
    std::string base, label;  // label: text drawn; base: text for a collapsed run ("name" → "name ×3")
    std::string cls;          // style class
    bool dashed = false, both = false;
    std::vector<std::size_t> ev;
    double ms = 0;
    std::string ckey;         // consecutive rows with the same non-empty key collapse
    int count = 1;
};

// Preferred left-to-right order of XFS services between the customer and the terminal.
int service_rank(const std::string& s) {
    static const char* order[] = {"cardreader", "pinpad", "keyboard", "textterminal", "cashmodule", "cashdispenser",
                                  "cashacceptor", "deposit", "printer", "camera", "auxiliaries", "lights", "servicepublisher"};
    std::string l;
    for (char c : s) l += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (std::size_t i = 0; i < std::size(order); ++i)
        if (l.rfind(order[i], 0) == 0) return static_cast<int>(i);
    return 50;
}

std::string lower_alpha(std::string_view s) {
    std::string l;
    for (char c : s)
        if (std::isalpha(static_cast<unsigned char>(c))) l += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return l;
}

class Diagram {
public:
    explicit Diagram(const ScenarioResult& r) : r_(r) {
        if (!r.trace.empty()) t0_ = r.trace.front().t_ns;
        std::vector<std::string> services;
        for (const auto& e : r.trace)
            if (e.source == "xfs") {
                std::string s = text(get(e.data, "service"));
                if (!s.empty() && std::find(services.begin(), services.end(), s) == services.end()) services.push_back(s);
            }
        std::stable_sort(services.begin(), services.end(), [](const std::string& a, const std::string& b) {
            int ra = service_rank(a), rb = service_rank(b);
            return ra != rb ? ra < rb : a < b;
        });
        lanes_.push_back({"Customer", "cust"});
        if (services.empty()) lanes_.push_back({"Devices", "dev"});
        for (const auto& s : services) lanes_.push_back({s, "dev"});
        terminal_ = static_cast<int>(lanes_.size());
        lanes_.push_back({"Terminal", "term"});
        host_ = static_cast<int>(lanes_.size());
        lanes_.push_back({"Host", "host"});
    }

    json::object build() {
        for (std::size_t i = 0; i < r_.trace.size(); ++i) add(r_.trace[i], i);
        collapse();
        json::array lanes, rows;
        for (const auto& [name, kind] : lanes_) lanes.push_back(json::array{json::string(name), json::string(kind)});
        for (const auto& row : rows_) rows.push_back(to_json(row));
        return {{"lanes", lanes}, {"rows", rows}};
    }

private:
    double ms(const TraceEvent& e) const { return static_cast<double>(e.t_ns - t0_) / 1e6; }

    int service_lane(const std::string& service) const {
        for (int i = 1; i < terminal_; ++i)
            if (lanes_[i].first == service) return i;
        return 1;
    }

    // The lane of a customer's or a fault's device ("cash", "cardReader", "card_reader", "pinPad").
    int device_lane(const std::string& device) const {
        std::string d = lower_alpha(device);
        static const std::map<std::string, std::vector<std::string>> aliases{
            {"cash", {"cashmodule", "cashdispenser", "cashacceptor", "deposit"}},
            {"dispenser", {"cashdispenser", "cashmodule"}},
            {"acceptor", {"cashacceptor", "cashmodule", "deposit"}},
            {"card", {"cardreader"}},
            {"pin", {"pinpad", "keyboard"}},
            {"keyboard", {"keyboard", "pinpad"}},
            {"gate", {"auxiliaries"}},
            {"sensors", {"auxiliaries"}},
            {"screen", {"textterminal"}},
            {"display", {"textterminal"}},
        };
        std::vector<std::string> wanted{d};
        if (auto it = aliases.find(d); it != aliases.end()) wanted.insert(wanted.end(), it->second.begin(), it->second.end());
        for (const auto& w : wanted)
            for (int i = 1; i < terminal_; ++i) {
                std::string l = lower_alpha(lanes_[i].first);
                if (!w.empty() && (l.rfind(w, 0) == 0 || w.rfind(l, 0) == 0)) return i;
            }
        return 1;
    }

    Row& push(Row row) {
        rows_.push_back(std::move(row));
        return rows_.back();
    }

    Row make(char type, const TraceEvent& e, std::size_t i, std::string label, std::string cls) {
        Row row;
        row.type = type;
        row.label = std::move(label);
        row.base = row.label;
        row.cls = std::move(cls);
        row.ev.push_back(i);
        row.ms = ms(e);
        return row;
    }

    void add(const TraceEvent& e, std::size_t i) {
        if (e.source == "xfs") xfs(e, i);
        else if (e.source == "host") host(e, i);
        else if (e.source == "customer") customer(e, i);
        else if (e.source == "fault") fault(e, i);
        else if (e.source == "bench") bench(e, i);
        else if (e.source == "journal" && e.kind == "record") {
            bool exception = false;
            if (const json::value* x = get(e.data, "exception"); x && x->is_bool()) exception = x->as_bool();
            Row row = make('n', e, i, "journal: " + (e.name.empty() ? std::string("?") : e.name), exception ? "jx" : "j");
            row.lane = terminal_;
            push(std::move(row));
        } else if (e.source == "terminal") terminal(e, i);
        else if (e.source == "admin") {
            // An operator's monitoring command on the terminal's admin port: a note on the terminal.
            Row row = make('n', e, i, "admin " + e.name + " → " + e.kind + " (HTTP " + text(get(e.data, "status")) + ")", "adm");
            row.lane = terminal_;
            push(std::move(row));
        }
        // truth, ledger and journal "final": the timeline shows them; the diagram ends with the terminal's exit.
    }

    void xfs(const TraceEvent& e, std::size_t i) {
        const json::value* msg = get(e.data, "message");
        const json::value* header = get(msg, "header");
        const json::value* payload = get(msg, "payload");
        std::string service = text(get(e.data, "service"));
        int lane = service_lane(service);
        std::string key = service + "#" + text(get(header, "requestId"));
        if (e.kind == "command") {
            std::string label = e.name;
            if (e.name == "TextTerminal.Write") {
                std::string tag = screen_tag(payload);
                if (!tag.empty()) label += " " + tag;
            } else if (e.name == "CashDispenser.Dispense") {
                if (const json::value* c = get(get(payload, "denomination"), "currencies"); c && c->is_object())
                    for (const auto& kv : c->as_object()) label += " " + std::string(kv.key()) + " " + text(&kv.value());
            }
            Row row = make('a', e, i, label, "cmd");
            row.from = terminal_;
            row.to = {lane};
            push(std::move(row));
            pending_[key] = rows_.size() - 1;
            return;
        }
        auto pend = pending_.find(key);
        if (e.kind == "acknowledge") {
            const json::value* st = get(header, "status");
            if (!st || st->is_null()) {
                // Skipped: an accepted command; its index joins the command's row.
                if (pend != pending_.end()) rows_[pend->second].ev.push_back(i);
                return;
            }
            Row row = make('a', e, i, short_name(e.name) + " ✗ ack " + text(st), "err");
            row.from = lane;
            row.to = {terminal_};
            push(std::move(row));
            return;
        }
        if (e.kind == "completion") {
            std::string code = text(get(header, "completionCode"));
            bool ok = code == "success";
            if (pend != pending_.end()) {
                std::size_t at = pend->second;
                pending_.erase(pend);
                Row& cmd = rows_[at];
                if (ok && at + 1 == rows_.size() && cmd.count == 1) {
                    // Answered before anything else happened: one row, both ways.
                    double took = ms(e) - cmd.ms;
                    cmd.both = true;
                    cmd.ev.push_back(i);
                    cmd.cls = "rt";
                    cmd.ckey = "rt:" + e.name;
                    cmd.base = e.name;
                    cmd.label += " ✓";
                    if (took >= 50) cmd.label += " (" + ms_text(took) + " ms)";
                    return;
                }
            }
            std::string label = e.name + (ok ? " ✓" : " ✗ " + code);
            if (!ok) {
                std::string ec = text(get(payload, "errorCode"));
                if (!ec.empty()) label += " " + ec;
            }
            Row row = make('a', e, i, label, ok ? "cpl" : code == "canceled" ? "warn" : "err");
            row.from = lane;
            row.to = {terminal_};
            push(std::move(row));
            return;
        }
        // event (solicited, part of a command) or unsolicited
        bool uns = e.kind == "unsolicited";
        std::string label = e.name;
        if (e.name == "Common.StatusChangedEvent") {
            std::string l;
            leaves(payload ? *payload : json::value(), l, 60);
            label = "StatusChanged" + (l.empty() ? std::string() : ": " + cut(l, 60));
        }
        bool bad = e.name.find("Error") != std::string::npos || e.name.find("Incomplete") != std::string::npos;
        Row row = make('a', e, i, label, bad ? "err" : uns ? "uns" : "evt");
        row.from = lane;
        row.to = {terminal_};
        row.dashed = true;
        row.base = e.name;
        row.ckey = "ev:" + e.kind + e.name + "@" + service;
        push(std::move(row));
    }

    void host(const TraceEvent& e, std::size_t i) {
        const json::value* f = get(get(e.data, "message"), "fields");
        if (e.kind == "in" || e.kind == "out") {
            std::string label = e.name.empty() ? "unparsed" : e.name;
            if (!f) label += " (" + text(get(e.data, "length")) + " bytes)";
            bool bad = false;
            if (e.kind == "in") {
                std::string stan = text(get(f, "11"));
                if (!stan.empty()) label += " STAN " + stan;
                std::string amount = text(get(f, "4"));
                if (!amount.empty()) label += " · " + iso_amount(amount);
                std::string rc = text(get(f, "39"));  // a reversal's reason
                if (!rc.empty()) label += " F39=" + rc;
            } else {
                std::string rc = text(get(f, "39"));
                if (!rc.empty()) label += " F39=" + rc;
                bad = !rc.empty() && rc != "00";
            }
            if (!f) bad = true;
            Row row = make('a', e, i, label, bad ? "hbad" : "host");
            row.from = e.kind == "in" ? terminal_ : host_;
            row.to = {e.kind == "in" ? host_ : terminal_};
            row.dashed = e.kind == "out";
            push(std::move(row));
            return;
        }
        std::string note = text(get(e.data, "note"));
        Row row = make('n', e, i, cut(note.empty() ? e.kind : note, 36), "hn");
        row.lane = host_;
        push(std::move(row));
    }

    void customer(const TraceEvent& e, std::size_t i) {
        std::string device = text(get(e.data, "device"));
        std::string action = text(get(e.data, "action"));
        if (action.empty()) action = short_name(e.name);
        const json::value* args = get(e.data, "args");
        std::string label = action;
        if (action == "enterPin") {
            label += " (" + std::to_string(text(get(args, "pin")).size()) + " digits)";
        } else if (const json::value* keys = get(args, "keys")) {
            label += " " + compact(*keys, 30);
        } else if (std::string a = compact(args, 30); !a.empty()) {
            label += " " + a;
        }
        bool refused = e.kind == "refused";
        if (refused) label = "✗ " + label + " (refused)";
        Row row = make('a', e, i, label, refused ? "err" : "cust");
        row.from = 0;
        row.to = {device_lane(device)};
        row.dashed = refused;
        push(std::move(row));
    }

    void fault(const TraceEvent& e, std::size_t i) {
        std::string spec = compact(without(e.data, {"name"}), 80);
        Row row = make('b', e, i, "FAULT " + e.kind + ": " + e.name + (spec.empty() ? "" : " " + spec), "fault");
        row.lane = e.kind == "host" ? host_ : device_lane(e.kind);
        push(std::move(row));
    }

    void bench(const TraceEvent& e, std::size_t i) {
        const json::value* args = get(e.data, "args");
        if (e.kind == "step") {
            std::string a = compact(args, 80);
            push(make('b', e, i, "step " + e.name + (a.empty() ? "" : " " + a) + "  (line " + text(get(e.data, "line")) + ")", "step"));
        } else if (e.kind == "step-error" || e.kind == "step-skipped") {
            push(make('b', e, i, e.kind + " " + e.name + ": " + cut(text(get(e.data, "why")), 90), e.kind == "step-error" ? "serr" : "sskip"));
        } else if (e.kind == "stop-terminal") {
            push(make('b', e, i, "bench stops the terminal", "bench"));
        }
        // "scenario": the section's heading says it.
    }

    void terminal(const TraceEvent& e, std::size_t i) {
        std::string label, cls = "tn";
        if (e.kind == "start") label = "process started";
        else if (e.kind == "exit") {
            std::string st = text(get(e.data, "status"));
            label = "exit " + st;
            if (st != "0") cls = "tx";
        } else if (e.name == "mode") {
            label = "mode: " + text(get(e.data, "mode"));
            std::string m = text(get(e.data, "mode"));
            if (m.find("out") != std::string::npos || m.find("fault") != std::string::npos) cls = "tx";
        } else return;
        Row row = make('n', e, i, label, cls);
        row.lane = terminal_;
        push(std::move(row));
    }

    // Consecutive rows with the same collapse key become one "name ×N" row.
    void collapse() {
        std::vector<Row> out;
        for (auto& row : rows_) {
            if (!out.empty() && !row.ckey.empty() && out.back().ckey == row.ckey) {
                Row& last = out.back();
                last.count += 1;
                last.ev.insert(last.ev.end(), row.ev.begin(), row.ev.end());
                for (int t : row.to)
                    if (std::find(last.to.begin(), last.to.end(), t) == last.to.end()) last.to.push_back(t);
                last.label = last.base + " ×" + std::to_string(last.count) + (last.both ? " ✓" : "");
                continue;
            }
            out.push_back(std::move(row));
        }
        rows_ = std::move(out);
    }

    static json::object to_json(const Row& row) {
        json::object o{{"t", std::string(1, row.type)}, {"x", row.label}, {"c", row.cls}, {"m", std::round(row.ms * 10) / 10}};
        json::array ev;
        for (auto i : row.ev) ev.push_back(static_cast<std::int64_t>(i));
        o["e"] = ev;
        if (row.type == 'a') {
            o["f"] = row.from;
            o["to"] = json::value_from(row.to);
        }
        if (row.lane >= 0) o["l"] = row.lane;
        if (row.dashed) o["d"] = 1;
        if (row.both) o["b"] = 1;
        return o;
    }

    const ScenarioResult& r_;
    std::int64_t t0_ = 0;
    std::vector<std::pair<std::string, std::string>> lanes_;
    int terminal_ = 0, host_ = 0;
    std::vector<Row> rows_;
    std::map<std::string, std::size_t> pending_;  // service#requestId → row of the command
};

json::value event_detail(const TraceEvent& e) {
    json::value d = trim(e.data, 300, 12, 7);
    if (e.source == "xfs" && e.kind == "command" && e.name.rfind("Printer.Print", 0) == 0) {
        std::string t = receipt_text(get(get(e.data, "message"), "payload"));
        if (!t.empty() && d.is_object()) d.as_object()["receipt (decoded)"] = cut(t, 3000);
    }
    return d;
}

}  // namespace

json::object scenario_data(const ScenarioResult& r) {
    json::object out = Diagram(r).build();
    std::int64_t t0 = r.trace.empty() ? 0 : r.trace.front().t_ns;
    json::array ev;
    ev.reserve(r.trace.size());
    for (const auto& e : r.trace)
        ev.push_back(json::array{std::round(static_cast<double>(e.t_ns - t0) / 1e5) / 10, json::string(e.source), json::string(e.kind),
                                 json::string(e.name), json::string(event_summary(e)), event_detail(e)});
    out["ev"] = std::move(ev);
    json::object evi;
    for (const auto& v : r.verdicts)
        for (auto i : v.evidence) {
            std::string k = std::to_string(i);
            if (!evi.contains(k)) evi[k] = json::array{};
            evi[k].as_array().push_back(json::array{json::string(v.rule), json::string(to_string(v.outcome))});
        }
    out["evi"] = std::move(evi);
    return out;
}

}  // namespace atmbench::reports::html
