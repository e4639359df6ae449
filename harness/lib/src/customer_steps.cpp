// The steps of a scenario: the customer (through the devices' control API), faults, host rules, waits on the
// trace, monitoring commands. Customer macros use the terminal profile's keys and screens, so one scenario
// drives any terminal that has a profile.
#include "scenario_run.hpp"
#include "trace_match.hpp"

#include "atmbench/devices/simulated_device.hpp"
#include "atmbench/host/yaml_source.hpp"

#include <boost/json.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace atmbench::harness {

namespace json = boost::json;
using std::chrono::milliseconds;

namespace {

std::string text_arg(const json::object& a, const char* key, const std::string& dflt = "") {
    const json::value* v = a.if_contains(key);
    if (!v) {
        if (const json::value* x = a.if_contains("value"); x && std::string(key) != "value" && a.size() == 1) v = x;
    }
    if (!v) return dflt;
    if (v->is_string()) return std::string(v->as_string());
    if (v->is_int64()) return std::to_string(v->as_int64());
    return json::serialize(*v);
}

milliseconds bound_of(const json::object& a, milliseconds dflt) {
    const json::value* v = a.if_contains("timeout_ms");
    return v && v->is_int64() ? milliseconds(v->as_int64()) : dflt;
}

}  // namespace

// A short HTTP/1.1 request to the terminal's loopback admin port; returns the status code (0 = no answer).
int http_request(const std::string& address, const std::string& method, const std::string& path, std::string& body) {
    auto colon = address.rfind(':');
    if (colon == std::string::npos) return 0;
    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    timeval tv{3, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_port = htons(static_cast<std::uint16_t>(std::stoi(address.substr(colon + 1))));
    ::inet_pton(AF_INET, address.substr(0, colon).c_str(), &sa.sin_addr);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) != 0) {
        ::close(fd);
        return 0;
    }
    std::string req = method + " " + path + " HTTP/1.1\r\nHost: " + address + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
    (void)!::write(fd, req.data(), req.size());
    std::string resp;
    char buf[4096];
    for (ssize_t n; (n = ::read(fd, buf, sizeof buf)) > 0;) resp.append(buf, static_cast<std::size_t>(n));
    ::close(fd);
    if (resp.rfind("HTTP/1.", 0) != 0 || resp.size() < 12) return 0;
    auto sep = resp.find("\r\n\r\n");
    body = sep == std::string::npos ? "" : resp.substr(sep + 4);
    return std::stoi(resp.substr(9, 3));
}


void ScenarioRun::wait_event(const std::function<bool(const TraceEvent&)>& match, std::size_t since, milliseconds bound,
                             const std::string& what) {
    TerminalProcess* terminal = terminal_.get();
    auto found = trace_->wait_for(match, since, std::chrono::steady_clock::now() + bound,
                                  [terminal] { return terminal && terminal->exited(); });
    if (found) return;
    if (terminal && terminal->exited()) throw StepTimeout(what + ": the terminal exited");
    throw StepTimeout(what + " did not happen within " + std::to_string(bound.count()) + " ms");
}

void ScenarioRun::retry_pause(std::size_t since, std::chrono::steady_clock::time_point deadline) {
    trace_->wait_for([](const TraceEvent&) { return true; }, since,
                     std::min(deadline, std::chrono::steady_clock::now() + milliseconds(20)));
}

void ScenarioRun::wait_state(const std::function<bool()>& holds, milliseconds bound, const std::string& what) {
    // What the customer sees is noted before its trace event is added (on_wire_record): the check runs once now,
    // then for every event appended from here on.
    std::size_t from = trace_->appended();
    if (holds()) return;
    wait_event([&](const TraceEvent&) { return holds(); }, from, bound, what);
}

bool ScenarioRun::acceptor_open() {
    std::lock_guard lock(screens_mutex_);
    return acceptor_open_;
}

std::string ScenarioRun::current_screen() {
    std::lock_guard lock(screens_mutex_);
    return screens_.empty() ? "" : screens_.back().second;
}

std::int64_t ScenarioRun::screen_time(const std::string& id, std::int64_t since) {
    std::lock_guard lock(screens_mutex_);
    for (const auto& [t, s] : screens_)
        if (s == id && t >= since) return t;
    return 0;
}

void ScenarioRun::wait_screen(const std::string& meaning_or_id, milliseconds bound, std::int64_t since) {
    std::string id = options_.profile.has_screen(meaning_or_id) ? options_.profile.screen(meaning_or_id) : meaning_or_id;
    if (id.empty() || options_.profile.screen_id_pattern.empty())
        throw BenchError("the profile declares no screen '" + meaning_or_id + "' (screens." + meaning_or_id + ")");
    wait_state([&] { return current_screen() == id || (since > 0 && screen_time(id, since) > 0); }, bound, "screen " + id);
}

json::value ScenarioRun::act(const std::string& device, const std::string& action, const json::object& args, milliseconds bound) {
    // The customer tries until the device lets them (a card can be taken once it is at the exit, …).
    auto deadline = std::chrono::steady_clock::now() + bound;
    std::string last_error;
    while (true) {
        std::size_t since = trace_->appended();
        try {
            // Stamped when the device performs the action (on its I/O thread), not when it has answered: by then
            // the terminal may already have reacted, and rules ask what the screen showed when the key was pressed.
            // Not before the call either: the device may first handle a command already on its way (a Move of the
            // card to the exit before the takeCard), and the action would appear to precede it.
            std::int64_t t = 0;
            json::value r = devices_->act(device, action, args, &t);
            trace_->add(TraceEvent{t, "customer", "action", device + "." + action,
                                   json::object{{"device", device}, {"action", action}, {"args", args}, {"result", r}}, 0});
            return r;
        } catch (const devices::ActionError& e) {
            last_error = e.what();
            std::string what = e.what();
            // An unknown device, action or argument is the scenario's mistake: no point in trying again.
            if (what.find("no device") != std::string::npos || what.find("no action") != std::string::npos ||
                what.find("unknown") != std::string::npos)
                throw BenchError(device + "." + action + ": " + what);
        }
        if (std::chrono::steady_clock::now() >= deadline) {
            trace_->add("customer", "refused", device + "." + action,
                        json::object{{"device", device}, {"action", action}, {"args", args}, {"error", last_error}});
            throw StepTimeout(device + "." + action + " was not possible within " + std::to_string(bound.count()) + " ms (" + last_error + ")");
        }
        if (terminal_ && !terminal_->running()) throw StepTimeout(device + "." + action + ": the terminal exited");
        retry_pause(since, deadline);
    }
}

void ScenarioRun::press(const std::vector<std::string>& keys, milliseconds bound) {
    json::array k;
    for (const auto& x : keys) k.push_back(json::string(x));
    auto deadline = std::chrono::steady_clock::now() + bound;
    while (true) {
        json::value r = act("pinPad", "pressKeys", json::object{{"keys", k}}, bound);
        std::size_t since = trace_->appended();  // after act()'s own customer event, or the pause would end on it
        const json::value* acc = r.is_object() ? r.as_object().if_contains("accepted") : nullptr;
        if (acc && acc->is_int64() && acc->as_int64() > 0) return;
        if (std::chrono::steady_clock::now() >= deadline)
            throw StepTimeout("keys " + json::serialize(k) + " were not accepted within " + std::to_string(bound.count()) + " ms");
        retry_pause(since, deadline);
    }
}

TerminalProcess& ScenarioRun::bench_terminal() {
    if (!terminal_) throw BenchError("this step needs the terminal the bench starts, and it started none");
    return *terminal_;
}

void ScenarioRun::admin(const std::string& command) {
    auto it = options_.profile.admin_commands.find(command);
    if (it == options_.profile.admin_commands.end()) throw BenchError("the profile declares no admin command '" + command + "'");
    std::string address = bench_terminal().last_value(options_.profile.admin_address_key);
    if (address.empty()) throw BenchError("the terminal printed no admin address (" + options_.profile.admin_address_key + ")");
    auto space = it->second.find(' ');
    std::string body;
    int status = http_request(address, it->second.substr(0, space), it->second.substr(space + 1), body);
    bool refused = status == options_.profile.admin_refused_status;
    trace_->add("admin", refused ? "refused" : status >= 200 && status < 300 ? "accepted" : "other", command,
                json::object{{"command", command}, {"status", status}, {"body", body}});
}

void ScenarioRun::step(const Step& s) {
    const json::object& a = s.args;
    const TerminalProfile& p = options_.profile;
    const milliseconds bound = bound_of(a, milliseconds(8000));
    auto insert_card = [&](const std::string& card) {
        wait_screen("idle", bound);
        act("cardReader", "insertCard", json::object{{"card", card}}, bound);
    };
    auto enter_pin = [&](const std::string& pin) {
        wait_screen("pin", bound);
        // The screen comes before the terminal opens the PIN entry: keys typed in between are not taken, so the
        // customer types again until the PIN pad accepts them.
        auto deadline = std::chrono::steady_clock::now() + bound;
        while (true) {
            json::value r = act("pinPad", "enterPin", json::object{{"pin", pin}, {"then", p.pin_then}}, bound);
            std::size_t since = trace_->appended();  // after act()'s own customer event
            const json::value* acc = r.is_object() ? r.as_object().if_contains("accepted") : nullptr;
            if (acc && acc->is_int64() && acc->as_int64() > 0) return;
            if (std::chrono::steady_clock::now() >= deadline) throw StepTimeout("the PIN pad took no key within " + std::to_string(bound.count()) + " ms");
            retry_pause(since, deadline);
        }
    };
    auto choose = [&](const std::string& function) {
        auto k = p.menu.find(function);
        if (k == p.menu.end()) throw BenchError("the profile's menu has no '" + function + "'");
        wait_screen("menu", bound);
        press({k->second}, bound);
    };
    auto amount = [&](const std::string& value) {
        wait_screen("amount", bound);
        auto k = p.fast_cash.find(value);
        if (k != p.fast_cash.end()) return press({k->second}, bound);
        std::vector<std::string> keys;
        for (char c : value) keys.push_back(std::string(1, c));
        keys.push_back(p.amount_then);
        press(keys, bound);
    };
    auto insert_notes = [&](const json::value& notes) {
        wait_screen("insert_notes", bound);
        // The screen comes before the terminal opens the acceptor (CashAcceptor.CashIn): the customer puts the notes
        // in when the shutter opens. Put in before it, they are counted the instant CashIn starts, and the deposit
        // wait looks like one only the clock ended (TMO-DEPOSIT-INSERT, 7.3.6.6 b).
        wait_state([&] { return acceptor_open(); }, bound, "the acceptor to open (CashAcceptor.CashIn)");
        act("cash", "insertNotes", json::object{{"notes", notes}}, bound);
    };
    const std::string& k = s.kind;
    if (k == "insert_card") insert_card(text_arg(a, "card", "zhang-mag"));
    else if (k == "enter_pin") enter_pin(text_arg(a, "pin", "123456"));
    else if (k == "choose") choose(text_arg(a, "function"));
    else if (k == "amount") amount(text_arg(a, "value"));
    else if (k == "withdraw") {
        insert_card(text_arg(a, "card", "zhang-mag"));
        enter_pin(text_arg(a, "pin", "123456"));
        choose("withdrawal");
        amount(text_arg(a, "amount"));
    } else if (k == "deposit") {
        insert_card(text_arg(a, "card", "zhang-mag"));
        enter_pin(text_arg(a, "pin", "123456"));
        choose("deposit");
        insert_notes(a.contains("notes") ? a.at("notes") : json::value(json::array{}));
    } else if (k == "insert_notes") insert_notes(a.contains("notes") ? a.at("notes") : json::value(json::array{}));
    else if (k == "confirm_deposit") {
        wait_screen("confirm_deposit", bound);
        press({p.confirm_deposit}, bound);
    } else if (k == "cancel") press({p.cancel}, bound);
    else if (k == "press") {
        std::vector<std::string> keys;
        if (const json::value* ks = a.if_contains("keys"); ks && ks->is_array())
            for (const auto& x : ks->as_array()) keys.push_back(x.is_string() ? std::string(x.as_string()) : json::serialize(x));
        press(keys, bound);
    } else if (k == "take_cash") {
        json::object args;
        if (a.contains("count")) args["count"] = a.at("count");
        act("cash", "takeCash", args, bound);
    } else if (k == "take_card") act("cardReader", "takeCard", {}, bound);
    else if (k == "take_receipt") act("printer", "takeReceipt", {}, bound);
    else if (k == "take_refused") act("cash", "takeRefused", {}, bound);
    else if (k == "act") {
        json::object args = a.contains("args") && a.at("args").is_object() ? a.at("args").as_object() : json::object{};
        act(text_arg(a, "device"), text_arg(a, "action"), args, bound);
    } else if (k == "fault") {
        json::object spec = a;
        std::string device = text_arg(a, "device");
        spec.erase("device");
        spec.erase("optional");
        try {
            devices_->inject_fault(device, spec);
        } catch (const std::exception& e) {
            throw BenchError("fault on " + device + ": " + e.what());
        }
        trace_->add("fault", device, text_arg(a, "name"), spec);
    } else if (k == "host_rule") {
        json::object rule = a;
        rule.erase("optional");
        std::string doc = "{rules: [" + json::serialize(rule) + "]}";
        host::RuleFile rf = host::parse_rules(host::load_yaml_text(doc, scenario_.file.string() + ":" + std::to_string(s.line)),
                                              scenario_.file.string() + ":" + std::to_string(s.line));
        for (auto& r : rf.rules) host_->add_rule(std::move(r));
        trace_->add("fault", "host", "rule", rule);
    } else if (k == "clear_host_rules") {
        host_->clear_rules();
        trace_->add("fault", "host", "clear-rules", json::object{});
    } else if (k == "stop_host") {
        take_host_down();
        host_stopped_ = true;
        trace_->add("fault", "host", "stopped", json::object{});
    } else if (k == "restart_host") {
        // The host comes back on the same address with the same accounts and ledger-free state: what was posted
        // before stays in the trace; the terminal must reconnect by itself.
        std::string address = host_address_;
        if (!host_stopped_) take_host_down();
        host_.reset();
        start_host(address);  // binds beside the held port (SO_REUSEADDR), then the hold goes
        held_host_port_.reset();
        host_stopped_ = false;
        trace_->add("fault", "host", "restarted", json::object{{"address", address}});
    } else if (k == "sleep_ms") {
        std::int64_t ms = a.contains("value") && a.at("value").is_int64() ? a.at("value").as_int64() : 0;
        std::this_thread::sleep_for(milliseconds(ms));
    } else if (k == "admin") {
        admin(text_arg(a, "command"));
    } else if (k == "restart_terminal") {
        bench_terminal();
        stop_terminal();
        start_terminal();
    } else if (k == "power_cut") {
        power_cut(s);
    } else if (k == "wait") {
        std::int64_t since = monotonic_ns();
        if (a.contains("screen")) {
            wait_screen(text_arg(a, "screen"), bound, 1);
        } else if (a.contains("idle")) {
            wait_screen("idle", bound);
        } else if (a.contains("journal")) {
            std::string type = text_arg(a, "journal");
            json::object match = a.contains("match") && a.at("match").is_object() ? a.at("match").as_object() : json::object{};
            // Any record of the scenario counts, also one written before this step (position 0).
            wait_event([&](const TraceEvent& e) {
                if (e.source != "journal" || e.name != type || !e.data.is_object()) return false;
                for (const auto& kv : match) {
                    const json::value* v = e.data.as_object().if_contains(kv.key());
                    if (!v || *v != kv.value()) return false;
                }
                return true;
            }, 0, bound, "journal record " + type);
        } else if (a.contains("host") || a.contains("event") || a.contains("xfs")) {
            // The same matcher as power_cut's `when` (trace_match.hpp). Host messages count from the start of the
            // scenario, XFS4IoT messages from this step on.
            std::optional<TraceMatcher> m;
            try {
                m = trace_matcher(a);
            } catch (const std::invalid_argument& e) {
                throw BenchError(std::string("wait: ") + e.what());
            }
            static const json::object no_data;
            wait_event([&](const TraceEvent& e) {
                return (m->source == "host" || e.t_ns >= since) &&
                       m->matches(e.source, e.kind, e.name, e.data.is_object() ? e.data.as_object() : no_data);
            }, 0, bound, m->describe());
        } else if (a.contains("mode")) {
            std::string mode = text_arg(a, "mode");
            if (!bench_terminal().wait_line({{"mode", mode}}, bound)) throw StepTimeout("terminal mode " + mode + " not reported");
        } else {
            throw BenchError("wait needs one of screen, idle, journal, host, event, xfs, mode");
        }
    } else {
        throw BenchError("unknown step " + k);
    }
}

}  // namespace atmbench::harness
