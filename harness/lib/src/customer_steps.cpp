// The customer's steps (through the devices' control API) and what they share with the other steps: bounded
// retries, screen waits, the admin port. Customer macros use the terminal profile's keys and screens, so one
// scenario drives any terminal that has a profile. The step table (step_table.cpp) names each handler.
#include "scenario_run.hpp"
#include "step_args.hpp"

#include "atmbench/common/host_port.hpp"
#include "atmbench/devices/simulated_device.hpp"
#include "atmbench/host/yaml_source.hpp"

#include <boost/json.hpp>

#include <arpa/inet.h>
#include <charconv>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace atmbench::harness {

namespace json = boost::json;
using std::chrono::milliseconds;


// A short HTTP/1.1 request to the terminal's loopback admin port; returns the status code (0 = no answer). It
// carries the port's token when the profile says where the terminal prints one, and a JSON content type on
// state-changing methods, as the bench's request guard asks (docs/security.md).
int http_request(const std::string& address, const std::string& method, const std::string& path, const std::string& token,
                 std::string& body) {
    common::HostPort at;
    try {
        at = common::parse_host_port(address);
    } catch (const common::HostPortError&) {
        return 0;  // the terminal reported no usable admin address: nobody to ask
    }
    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    timeval tv{3, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_port = htons(at.port);
    ::inet_pton(AF_INET, at.address.c_str(), &sa.sin_addr);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) != 0) {
        ::close(fd);
        return 0;
    }
    std::string req = method + " " + path + " HTTP/1.1\r\nHost: " + address + "\r\n";
    if (!token.empty()) req += "Authorization: Bearer " + token + "\r\n";
    if (method != "GET" && method != "HEAD") req += "Content-Type: application/json\r\n";
    req += "Content-Length: 0\r\nConnection: close\r\n\r\n";
    (void)!::write(fd, req.data(), req.size());
    std::string resp;
    char buf[4096];
    for (ssize_t n; (n = ::read(fd, buf, sizeof buf)) > 0;) resp.append(buf, static_cast<std::size_t>(n));
    ::close(fd);
    if (resp.rfind("HTTP/1.", 0) != 0 || resp.size() < 12) return 0;
    auto sep = resp.find("\r\n\r\n");
    body = sep == std::string::npos ? "" : resp.substr(sep + 4);
    int status = 0;  // "HTTP/1.1 NNN": a status that is not 3 digits is no answer
    auto [end, ec] = std::from_chars(resp.data() + 9, resp.data() + 12, status);
    return ec == std::errc() && end == resp.data() + 12 ? status : 0;
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

std::string ScenarioRun::admin_token() {
    const std::string& key = options_.profile.admin_token_key;
    return key.empty() || !terminal_ ? "" : terminal_->last_value(key);
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
    int status = http_request(address, it->second.substr(0, space), it->second.substr(space + 1), admin_token(), body);
    bool refused = status == options_.profile.admin_refused_status;
    trace_->add("admin", refused ? "refused" : status >= 200 && status < 300 ? "accepted" : "other", command,
                json::object{{"command", command}, {"status", status}, {"body", body}});
}

void ScenarioRun::step(const Step& s) {
    const StepSpec* spec = find_step_spec(s.kind);
    if (!spec) throw BenchError("unknown step " + s.kind + " (expected one of: " + [] {
        std::string names;
        for (const auto& n : step_names()) names += (names.empty() ? "" : ", ") + n;
        return names;
    }() + ")");
    (this->*spec->handler)(s);
}

void ScenarioRun::present_card(const std::string& card, milliseconds bound) {
    wait_screen("idle", bound);
    act("cardReader", "insertCard", json::object{{"card", card}}, bound);
}

void ScenarioRun::type_pin(const std::string& pin, milliseconds bound) {
    wait_screen("pin", bound);
    // The screen comes before the terminal opens the PIN entry: keys typed in between are not taken, so the
    // customer types again until the PIN pad accepts them.
    auto deadline = std::chrono::steady_clock::now() + bound;
    while (true) {
        json::value r = act("pinPad", "enterPin", json::object{{"pin", pin}, {"then", options_.profile.pin_then}}, bound);
        std::size_t since = trace_->appended();  // after act()'s own customer event
        const json::value* acc = r.is_object() ? r.as_object().if_contains("accepted") : nullptr;
        if (acc && acc->is_int64() && acc->as_int64() > 0) return;
        if (std::chrono::steady_clock::now() >= deadline) throw StepTimeout("the PIN pad took no key within " + std::to_string(bound.count()) + " ms");
        retry_pause(since, deadline);
    }
}

void ScenarioRun::choose_function(const std::string& function, milliseconds bound) {
    auto k = options_.profile.menu.find(function);
    if (k == options_.profile.menu.end()) throw BenchError("the profile's menu has no '" + function + "'");
    wait_screen("menu", bound);
    press({k->second}, bound);
}

void ScenarioRun::key_amount(const std::string& value, milliseconds bound) {
    const TerminalProfile& p = options_.profile;
    wait_screen("amount", bound);
    auto k = p.fast_cash.find(value);
    if (k != p.fast_cash.end()) return press({k->second}, bound);
    std::vector<std::string> keys;
    for (char c : value) keys.push_back(std::string(1, c));
    keys.push_back(p.amount_then);
    press(keys, bound);
}

void ScenarioRun::feed_notes(const json::value& notes, milliseconds bound) {
    wait_screen("insert_notes", bound);
    // The screen comes before the terminal opens the acceptor (CashAcceptor.CashIn): the customer puts the notes
    // in when the shutter opens. Put in before it, they are counted the instant CashIn starts, and the deposit
    // wait looks like one only the clock ended (TMO-DEPOSIT-INSERT, 7.3.6.6 b).
    wait_state([&] { return acceptor_open(); }, bound, "the acceptor to open (CashAcceptor.CashIn)");
    act("cash", "insertNotes", json::object{{"notes", notes}}, bound);
}

void ScenarioRun::insert_card(const Step& s) { present_card(text_arg(s.args, "card", "zhang-mag"), bound_of(s)); }

void ScenarioRun::enter_pin(const Step& s) { type_pin(text_arg(s.args, "pin", "123456"), bound_of(s)); }

void ScenarioRun::choose(const Step& s) { choose_function(text_arg(s.args, "function"), bound_of(s)); }

void ScenarioRun::amount(const Step& s) { key_amount(text_arg(s.args, "value"), bound_of(s)); }

void ScenarioRun::withdraw(const Step& s) {
    const milliseconds bound = bound_of(s);
    present_card(text_arg(s.args, "card", "zhang-mag"), bound);
    type_pin(text_arg(s.args, "pin", "123456"), bound);
    choose_function("withdrawal", bound);
    key_amount(text_arg(s.args, "amount"), bound);
}

void ScenarioRun::deposit(const Step& s) {
    const milliseconds bound = bound_of(s);
    present_card(text_arg(s.args, "card", "zhang-mag"), bound);
    type_pin(text_arg(s.args, "pin", "123456"), bound);
    choose_function("deposit", bound);
    feed_notes(json_arg(s.args, "notes", json::array{}), bound);
}

void ScenarioRun::insert_notes(const Step& s) { feed_notes(json_arg(s.args, "notes", json::array{}), bound_of(s)); }

void ScenarioRun::confirm_deposit(const Step& s) {
    wait_screen("confirm_deposit", bound_of(s));
    press({options_.profile.confirm_deposit}, bound_of(s));
}

void ScenarioRun::cancel(const Step& s) { press({options_.profile.cancel}, bound_of(s)); }

void ScenarioRun::press(const Step& s) {
    std::vector<std::string> keys;
    if (const json::value* ks = s.args.if_contains("keys"); ks && ks->is_array())
        for (const auto& x : ks->as_array()) keys.push_back(x.is_string() ? std::string(x.as_string()) : json::serialize(x));
    press(keys, bound_of(s));
}

void ScenarioRun::take_cash(const Step& s) {
    json::object args;
    if (s.args.contains("count")) args["count"] = s.args.at("count");
    act("cash", "takeCash", args, bound_of(s));
}

void ScenarioRun::take_card(const Step& s) { act("cardReader", "takeCard", {}, bound_of(s)); }

void ScenarioRun::take_receipt(const Step& s) { act("printer", "takeReceipt", {}, bound_of(s)); }

void ScenarioRun::take_refused(const Step& s) { act("cash", "takeRefused", {}, bound_of(s)); }

void ScenarioRun::act(const Step& s) {
    json::value args = json_arg(s.args, "args", json::object{});
    act(text_arg(s.args, "device"), text_arg(s.args, "action"), args.is_object() ? args.as_object() : json::object{}, bound_of(s));
}

}  // namespace atmbench::harness
