// Trace events in the shapes the real recorders write them (see to_json in harness/lib/src/trace.cpp and a
// `atmbench run --trace` file): host messages with decoded fields as the host's recorder keeps them, XFS4IoT
// envelopes with header and payload, journal records, customer actions, faults and bench steps. The clock is a
// cursor in milliseconds; every event takes 0.1 ms, so the index of an event is its place in the story.
#pragma once

#include "atmbench/harness/trace.hpp"

#include <boost/json.hpp>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace atmbench::harness::test {

namespace json = boost::json;

// An XFS4IoT command on its way: what its completion and events must repeat.
struct XfsCall {
    std::string service;
    int connection = 0;
    std::int64_t request_id = 0;
    std::size_t ev = 0;  // the command's trace index
};

class TraceBuilder {
public:
    double now_ms() const { return static_cast<double>(t_ns_ - kStart) / 1e6; }
    // Time passes: the next event happens `ms` later.
    TraceBuilder& wait_ms(double ms) {
        t_ns_ += static_cast<std::int64_t>(ms * 1e6);
        return *this;
    }

    std::size_t add(std::string source, std::string kind, std::string name, json::value data) {
        events_.push_back(TraceEvent{t_ns_, std::move(source), std::move(kind), std::move(name), std::move(data), events_.size()});
        t_ns_ += kStep;
        return events_.size() - 1;
    }

    // The host's recorder: direction in (terminal → host) or out, decoded fields, note/rule of the simulated host.
    std::size_t host(const std::string& dir, const std::string& mti, const std::map<int, std::string>& fields,
                     json::object extra = {}, int connection = 1) {
        json::object f;
        for (const auto& [k, v] : fields) f[std::to_string(k)] = v;
        json::object d{{"seq", ++host_seq_}, {"time_ns", t_ns_}, {"direction", dir}, {"connection", connection}, {"mti", mti},
                       {"message", json::object{{"mti", mti}, {"fields", std::move(f)}}}};
        for (auto& kv : extra) d[kv.key()] = kv.value();
        return add("host", dir, mti, std::move(d));
    }
    std::size_t host_note(const std::string& note, int connection = 1) {
        return add("host", "event", "", json::object{{"seq", ++host_seq_}, {"direction", "event"}, {"connection", connection}, {"note", note}});
    }

    // XFS4IoT: command (application → device), then its events and completion (device → application).
    XfsCall command(const std::string& service, const std::string& name, json::value payload = json::object{}) {
        XfsCall c{service, connection_of(service), ++request_id_, 0};
        c.ev = xfs("in", c, "command", name, std::move(payload));
        names_[c.request_id] = name;
        return c;
    }
    std::size_t completion(const XfsCall& c, const std::string& code = "success", json::value payload = nullptr) {
        return xfs("out", c, "completion", names_[c.request_id], std::move(payload), code);
    }
    std::size_t event(const XfsCall& c, const std::string& name, json::value payload = nullptr) {
        return xfs("out", c, "event", name, std::move(payload));
    }
    // A command that completes at once; returns the command's index.
    std::size_t call(const std::string& service, const std::string& name, json::value payload = json::object{},
                     const std::string& code = "success", json::value result = nullptr) {
        XfsCall c = command(service, name, std::move(payload));
        completion(c, code, std::move(result));
        return c.ev;
    }
    // A screen as the reference terminal draws it: first line "[ID]" (the profile's id_pattern), then the text.
    std::size_t screen(const std::string& id, const std::string& text = "") {
        return call("TextTerminal1", "TextTerminal.Write",
                    json::object{{"mode", "absolute"}, {"posX", 0}, {"posY", 0}, {"text", "[" + id + "]\n" + text}});
    }

    std::size_t journal(const std::string& type, json::object fields = {}, bool exception = false) {
        fields["seq"] = ++journal_seq_;
        fields["type"] = type;
        if (exception) fields["exception"] = true;
        return add("journal", "record", type, std::move(fields));
    }
    // What the harness reads from the journal file when the scenario ends.
    std::size_t journal_final(int records, int exceptions) {
        return add("journal", "final", "", json::object{{"records", records}, {"exceptions", exceptions}});
    }

    // The bench's customer, stamped when the customer acts.
    std::size_t customer(const std::string& device, const std::string& action, json::object args = {}, json::value result = json::object{}) {
        return add("customer", "action", device + "." + action,
                   json::object{{"device", device}, {"action", action}, {"args", std::move(args)}, {"result", std::move(result)}});
    }
    std::size_t press(const std::string& key) { return customer("pinPad", "pressKeys", {{"keys", json::array{key}}}); }

    std::size_t fault(const std::string& device, const std::string& name, json::object spec = {}) {
        return add("fault", device, name, std::move(spec));
    }
    std::size_t step(const std::string& kind, json::object args = {}) {
        return add("bench", "step", kind, json::object{{"line", ++line_}, {"args", std::move(args)}});
    }

    const std::vector<TraceEvent>& events() const { return events_; }

private:
    static constexpr std::int64_t kStart = 1'000'000'000'000;  // a monotonic clock far from zero, as in real traces
    static constexpr std::int64_t kStep = 100'000;             // 0.1 ms per event

    static int connection_of(const std::string& service) {
        static const std::map<std::string, int> c{{"Auxiliaries1", 2}, {"CardReader1", 3}, {"CashModule1", 4},
                                                  {"Lights1", 5},      {"PinPad1", 6},     {"Printer1", 7},
                                                  {"TextTerminal1", 8}};
        auto it = c.find(service);
        return it == c.end() ? 9 : it->second;
    }

    std::size_t xfs(const std::string& dir, const XfsCall& c, const std::string& type, const std::string& name, json::value payload,
                    const std::string& code = "") {
        json::object header{{"type", type}, {"name", name}, {"requestId", c.request_id}, {"version", "2.0"}};
        if (!code.empty()) header["completionCode"] = code;
        json::object d{{"seq", ++xfs_seq_}, {"time_ns", t_ns_}, {"service", c.service}, {"connection", c.connection}, {"direction", dir},
                       {"message", json::object{{"header", std::move(header)}, {"payload", std::move(payload)}}}};
        return add("xfs", type, name, std::move(d));
    }

    std::vector<TraceEvent> events_;
    std::int64_t t_ns_ = kStart;
    std::int64_t request_id_ = 0;
    std::map<std::int64_t, std::string> names_;
    int host_seq_ = 0, xfs_seq_ = 0, journal_seq_ = 0, line_ = 0;
};

}  // namespace atmbench::harness::test
