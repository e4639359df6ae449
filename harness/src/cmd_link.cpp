// `atmbench link`: plays a terminal's side of the host link from a YAML script — its actions are the table of
// link_steps.cpp — and prints each exchange, checked against its request.
// Script format: fixtures/link-scripts/README.md. Exit 0: every step met its expectation; 1: one did not;
// 2: the script or the connection could not be used.
#include "cli_common.hpp"
#include "link_steps.hpp"

#include "atmbench/host/response_codes.hpp"
#include "atmbench/host/terminal_link.hpp"
#include "atmbench/host/yaml_source.hpp"
#include "atmbench/iso8583/message_json.hpp"

#include <boost/json.hpp>

#include <map>
#include <optional>

namespace atmbench::cli {

namespace {

using host::LinkResult;
using host::YamlReader;
using iso8583::Message;

struct StepOutcome {
    std::string outcome;  // the response code, or timeout / closed / undecodable / mismatch / mac-invalid
    bool ok = true;
};

std::string outcome_of(const LinkResult& r) {
    if (r.kind != LinkResult::Kind::Reply) return to_string(r.kind);
    if (!r.mismatch.empty()) return "mismatch";
    if (r.mac_check == "invalid" || r.mac_check == "missing") return "mac-" + r.mac_check;
    const std::string* rc = r.reply->find(39);
    return rc ? *rc : "no-code";
}

void print_pretty(int step, const std::string& action, const Message* request, const LinkResult* r,
                  const iso8583::Profile& profile, const std::string& outcome, bool ok, const std::string& expected) {
    std::cout << "\n[" << step << "] " << action << "\n";
    auto dump = [&](const char* arrow, const Message& m) {
        boost::json::object j = iso8583::to_json(m, profile, iso8583::View::Redacted);
        std::cout << "  " << arrow << " " << m.mti << "\n";
        for (const auto& [k, v] : j["fields"].as_object())
            std::cout << "      F" << std::string(k).append(4 - std::min<std::size_t>(4, k.size()), ' ') << " "
                      << (v.is_string() ? std::string(v.as_string()) : boost::json::serialize(v)) << "\n";
    };
    if (request) dump("->", *request);
    if (r && r->reply) dump("<-", *r->reply);
    std::string meaning;
    if (const host::ResponseCode* rc = host::find_response_code(outcome)) meaning = " (" + std::string(rc->meaning) + ")";
    std::cout << "  result: " << outcome << meaning;
    if (r) {
        std::cout << ", " << r->latency_ms << " ms";
        if (!r->mac_check.empty()) std::cout << ", MAC " << r->mac_check;
        if (!r->mismatch.empty()) std::cout << ", reply does not match: " << r->mismatch;
        if (!r->error.empty()) std::cout << ", " << r->error;
    }
    if (!expected.empty()) std::cout << (ok ? "  [as expected]" : "  [EXPECTED " + expected + "]");
    std::cout << "\n";
}

}  // namespace

int run_link(int argc, char** argv) {
    po::options_description opts("options");
    opts.add_options()
        ("connect", po::value<std::string>()->required(), "host address, e.g. 127.0.0.1:5000")
        ("profile", po::value<std::string>()->required(), "ISO 8583 profile name or file")
        ("keys", po::value<std::string>()->required(), "terminal keys YAML (the terminal's master key)")
        ("terminal", po::value<std::string>()->required(), "terminal id (F41) in the keys file")
        ("script", po::value<std::string>()->required(), "YAML script of steps")
        ("timeout-ms", po::value<int>()->default_value(3000), "wait for each reply at most this long")
        ("length-header", po::value<std::string>(), "override the profile's length header")
        ("pretty", "print decoded messages for people instead of JSON lines");
    po::variables_map vm;
    int code = 0;
    if (!parse_options("link", "atmbench link --connect ADDR --profile P --keys K --terminal ID --script FILE", opts, argc,
                       argv, vm, code))
        return code;
    return guarded("link", [&]() -> int {
        iso8583::Profile profile = iso8583::Profile::find(vm["profile"].as<std::string>());
        if (vm.count("length-header"))
            profile.framing.length_header = iso8583::parse_length_header(vm["length-header"].as<std::string>());
        host::TerminalDirectory dir = host::TerminalDirectory::load({vm["keys"].as<std::string>()});
        const host::TerminalKeys* keys = dir.find(vm["terminal"].as<std::string>());
        if (!keys) throw std::invalid_argument("terminal " + vm["terminal"].as<std::string>() + " is not in the keys file");
        std::string script_path = vm["script"].as<std::string>();
        YamlReader script(host::load_yaml_file(script_path), script_path);
        script.require_map("a link script (top-level key 'steps')");
        script.allow_only({"steps"});
        YAML::Node steps = script["steps"];
        if (!steps.IsSequence()) script.fail(steps, "steps", "expected a list of steps");

        const bool pretty = vm.count("pretty") > 0;
        const std::string address = vm["connect"].as<std::string>();
        const auto default_timeout = std::chrono::milliseconds(vm["timeout-ms"].as<int>());
        host::TerminalLink link(profile, *keys);
        link.connect(address, std::chrono::milliseconds(3000));
        std::map<int, Message> sent;  // step number → request, for reversals
        bool all_ok = true;
        int n = 0;
        for (const auto& node : steps) {
            ++n;
            YamlReader step(node, script_path);
            step.require_map("a step");
            // The action is the one key that is not an option, wherever it stands: YAML maps have no order, and a
            // tool that sorts keys (yaml.safe_dump) writes `expect` first.
            std::optional<YAML::Node> action_key;
            for (const auto& kv : node) {
                std::string k = kv.first.as<std::string>();
                if (k == "expect" || k == "timeout_ms") continue;
                if (action_key)
                    step.fail(kv.first, k, "a second action in one step (a step is one action plus optional expect, timeout_ms; first was " +
                                               action_key->as<std::string>() + ")");
                action_key = kv.first;
            }
            if (!action_key) step.fail("", "a step with no action (a step is one action plus optional expect, timeout_ms)");
            std::string action = action_key->as<std::string>();
            YamlReader args(node[action], script_path);
            std::string expected = step.string_or("expect", "");
            auto timeout = std::chrono::milliseconds(step.integer_or("timeout_ms", default_timeout.count(), 1, 600000));
            const LinkAction* act = find_link_action(action);
            if (!act) {
                std::string names;
                for (const auto& x : link_actions()) names += (names.empty() ? "" : ", ") + x.name;
                step.fail(*action_key, action, "unknown step (expected " + names + ")");
            }
            LinkStepContext ctx{link, address, sent, n, timeout, step, args};
            std::optional<LinkResult> result = act->run(ctx);
            const Message& request = ctx.request;
            if (request.mti == "0200") sent[n] = request;
            std::string outcome = result ? outcome_of(*result) : "done";
            bool ok = expected.empty() || expected == outcome;
            all_ok = all_ok && ok;
            if (pretty) {
                print_pretty(n, action, result ? &request : nullptr, result ? &*result : nullptr, profile, outcome, ok,
                             expected);
                continue;
            }
            boost::json::object line{{"step", n}, {"action", action}, {"outcome", outcome}, {"ok", ok}};
            if (!expected.empty()) line["expected"] = expected;
            if (result) {
                line["request"] = iso8583::to_json(request, profile, iso8583::View::Redacted);
                if (result->reply) line["reply"] = iso8583::to_json(*result->reply, profile, iso8583::View::Redacted);
                line["result"] = to_string(result->kind);
                line["latency_ms"] = result->latency_ms;
                if (!result->mac_check.empty()) line["mac"] = result->mac_check;
                if (!result->mismatch.empty()) line["mismatch"] = result->mismatch;
                if (!result->error.empty()) line["error"] = result->error;
            }
            std::cout << boost::json::serialize(line) << std::endl;
        }
        return all_ok ? kExitOk : kExitFail;
    });
}

}  // namespace atmbench::cli
