#include "scenario_run.hpp"

#include "atmbench/common/program_path.hpp"
#include "atmbench/common/strict_json.hpp"
#include "atmbench/devices/card_catalogue.hpp"
#include "atmbench/devices/device_fixture.hpp"
#include "atmbench/host/account_book.hpp"
#include "atmbench/host/terminal_keys.hpp"
#include "atmbench/host/yaml_source.hpp"
#include "atmbench/harness/cancel.hpp"
#include "atmbench/harness/secret_scan.hpp"
#include "atmbench/share_folder.hpp"
#include "yaml_json.hpp"

#include <boost/json.hpp>

#include <fstream>
#include <mutex>
#include <sstream>

namespace atmbench::harness {

namespace json = boost::json;
using std::chrono::milliseconds;

const char* to_string(Outcome o) {
    switch (o) {
        case Outcome::Pass: return "pass";
        case Outcome::Fail: return "fail";
        case Outcome::NotObservable: return "not observable";
        case Outcome::NotApplicable: return "not applicable";
    }
    return "?";
}

const char* to_string(Status s) {
    switch (s) {
        case Status::Passed: return "passed";
        case Status::Failed: return "failed";
        case Status::Error: return "error";
        case Status::NotRun: return "not-run";
    }
    return "?";
}

std::optional<Outcome> outcome_from_string(const std::string& s) {
    for (Outcome o : {Outcome::Pass, Outcome::Fail, Outcome::NotObservable, Outcome::NotApplicable})
        if (s == to_string(o)) return o;
    return std::nullopt;
}

std::optional<Status> status_from_string(const std::string& s) {
    for (Status st : {Status::Passed, Status::Failed, Status::Error, Status::NotRun})
        if (s == to_string(st)) return st;
    return std::nullopt;
}

std::vector<const Verdict*> ScenarioResult::failures() const {
    std::vector<const Verdict*> out;
    for (const auto& v : verdicts)
        if (v.outcome == Outcome::Fail) out.push_back(&v);
    return out;
}

namespace {

void merge(json::object& into, const json::object& from) {
    for (const auto& kv : from) {
        json::value* mine = into.if_contains(kv.key());
        if (mine && mine->is_object() && kv.value().is_object()) merge(mine->as_object(), kv.value().as_object());
        else into[kv.key()] = kv.value();
    }
}

std::string read_file(const std::filesystem::path& p) {
    std::ifstream in(p);
    if (!in) throw BenchError("cannot read " + p.string());
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

std::string safe_name(const std::string& id) {
    std::string out;
    for (char c : id) out += std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.' ? c : '_';
    return out;
}

}  // namespace

ScenarioRun::ScenarioRun(const Scenario& scenario, const RunOptions& options) : scenario_(scenario), options_(options) {
    std::filesystem::path root = options.work_root.empty() ? std::filesystem::temp_directory_path() : options.work_root;
    std::filesystem::create_directories(root);
    std::string tmpl = (root / ("atmbench-" + safe_name(scenario.id) + "-XXXXXX")).string();
    if (!::mkdtemp(tmpl.data())) throw BenchError("cannot make a work folder under " + root.string());
    work_ = tmpl;
    state_dir_ = work_ / "state";
    std::filesystem::create_directories(state_dir_);
    std::filesystem::path trace_file = (options.trace_dir ? *options.trace_dir : work_) / (safe_name(scenario.id) + ".trace.jsonl");
    trace_ = std::make_unique<Trace>(trace_file);
    if (!options.profile.screen_id_pattern.empty()) screen_re_.emplace(options.profile.screen_id_pattern);
}

ScenarioRun::~ScenarioRun() {
    try {
        tear_down();
    } catch (...) {
    }
    // A tear-down cut short leaves host or devices running: their listeners must not outlive what they feed.
    if (devices_) devices_->set_wire_listener({});
    if (host_) host_->set_record_listener({});
    if (!options_.keep_work) {
        std::error_code ec;
        std::filesystem::remove_all(work_, ec);
    }
}

namespace {
// The ISO 8583 profile the scenario's host speaks: terminal.config host.profile, else cup-atm.
std::string host_profile_of(const Scenario& scenario) {
    if (const json::value* h = scenario.terminal_config.if_contains("host"))
        if (const json::value* p = h->is_object() ? h->as_object().if_contains("profile") : nullptr; p && p->is_string())
            return std::string(p->as_string());
    return "cup-atm";
}
}  // namespace

std::unique_ptr<host::HostServer> ScenarioRun::make_host(const std::string& listen) {
    host::HostSetup hs;
    hs.profile = iso8583::Profile::find(host_profile_of(scenario_));
    hs.accounts = host::AccountBook::load({share_folder::fixtures() / "accounts"});
    hs.terminals = host::TerminalDirectory::load({share_folder::fixtures() / "keys" / "terminals.yaml"});
    hs.options.seed = options_.seed;
    hs.rules = scenario_.host_rules.rules;
    if (!scenario_.host_rules.retain_cash_codes.empty()) hs.options.retain_cash_codes = scenario_.host_rules.retain_cash_codes;
    hs.listen = listen;
    hs.control_listen = "";
    hs.record_limits.max_messages = 0;  // the trace gets every record through the listener; nothing reads views
    return std::make_unique<host::HostServer>(std::move(hs));
}

void ScenarioRun::start_host(const std::string& listen) {
    auto h = make_host(listen);
    // Before start(): the host records events from its first moment (a listener closed by a refuse rule).
    h->set_record_listener([this](const json::object& view) { on_host_record(view); });
    try {
        h->start();
    } catch (const std::runtime_error& e) {
        throw BenchError(std::string("the host could not start: ") + e.what());
    }
    host_ = std::move(h);
}

void ScenarioRun::take_host_down() {
    trace_->add("ledger", "final", "", host_->ledger_json());
    host_->set_record_listener({});  // the host's own closing is not part of the scenario (the fault event says it)
    host_->stop();
    try {
        held_host_port_ = std::make_unique<host::HeldPort>(host_address_);
    } catch (const std::runtime_error& e) {
        // Taken in the moment between the host's close and the hold: restart_host will say so if it comes.
        trace_->add("bench", "host-port-not-held", "", json::object{{"address", host_address_}, {"why", e.what()}});
    }
}

void ScenarioRun::set_up() {
    // Port 0: the kernel picks a free port and the host reports it (no guessing, no collision). While a scenario
    // has the host down, a HeldPort keeps it (stop_host / restart_host), so the restarted host gets it back.
    start_host("127.0.0.1:0");
    host_address_ = host_->address();
    // The rules read the host's messages through this profile's dialect (facts.hpp), also when a trace is judged later.
    trace_->add("bench", "config", "host", json::object{{"profile", host_profile_of(scenario_)}});

    devices::DeviceSetup ds;
    ds.fixture = devices::load_device_fixture(scenario_.devices);
    ds.cards = devices::CardCatalogue::load(share_folder::fixtures() / "cards" / "test-cards.yaml");
    ds.control_listen = "";
    ds.wire_limits.max_messages = 0;  // as the host's: the listener feeds the trace
    devices_ = std::make_unique<devices::DeviceSet>(std::move(ds));
    devices_->set_wire_listener([this](json::object view) { on_wire_record(std::move(view)); });
    devices_->start();
    for (const auto& f : scenario_.faults) {
        try {
            devices_->inject_fault(f.device, f.spec);
        } catch (const std::exception& e) {
            throw BenchError(scenario_.file.string() + ": fault on " + f.device + ": " + e.what());
        }
        trace_->add("fault", f.device, std::string(f.spec.at("name").as_string()), f.spec);
    }

    if (!options_.profile.journal_path.empty())
        journal_ = std::make_unique<JournalTail>(fill_placeholders(options_.profile.journal_path, {{"state_dir", state_dir_.string()}}),
                                                 *trace_);

    // The terminal's configuration: the profile's template with this scenario's endpoints, then its overrides.
    if (!options_.profile.config_template.empty()) {
        std::map<std::string, std::string> values{{"state_dir", state_dir_.string()},
                                                  {"host", host_->address()},
                                                  {"publisher", devices_->publisher_uri()},
                                                  {"fixtures", share_folder::fixtures().string()},
                                                  {"admin", "127.0.0.1:0"}};
        std::string text = fill_placeholders(read_file(options_.profile.config_template), values);
        json::value config = yaml_to_json(host::load_yaml_text(text, options_.profile.config_template.string()));
        if (!config.is_object()) throw BenchError(options_.profile.config_template.string() + ": not a mapping");
        merge(config.as_object(), scenario_.terminal_config);
        record_configured_waits(config.as_object());
        config_file_ = work_ / "terminal.yaml";
        std::ofstream(config_file_) << json::serialize(config) << "\n";  // JSON is YAML
    }
}

void ScenarioRun::record_configured_waits(const json::object& config) {
    const std::string& key = options_.profile.config_timeouts;
    if (key.empty()) return;
    const json::value* node = nullptr;
    const json::object* obj = &config;
    for (std::size_t from = 0; obj;) {
        std::size_t dot = key.find('.', from);
        node = obj->if_contains(key.substr(from, dot == std::string::npos ? std::string::npos : dot - from));
        if (dot == std::string::npos || !node) break;
        obj = node->if_object();
        from = dot + 1;
    }
    std::string where = "the terminal's configuration (" + options_.profile.config_template.string() + " with the scenario's terminal.config)";
    if (!node || !node->is_object())
        throw BenchError(where + " has no mapping at '" + key + "', which the profile names as config_timeouts");
    json::object waits;
    for (const auto& kv : node->as_object()) {
        const json::value& v = kv.value();
        if (!v.is_int64() || v.as_int64() <= 0)
            throw BenchError(where + ": " + key + "." + std::string(kv.key()) + " is " + json::serialize(v) + ", expected a wait in ms > 0");
        waits[kv.key()] = v;
    }
    trace_->add("bench", "config", "timeouts", json::object{{"timeouts_ms", std::move(waits)}, {"from", key}});
}

void ScenarioRun::start_terminal() {
    std::map<std::string, std::string> values{{"bin_dir", options_.bin_dir.string()},
                                              {"config", config_file_.string()},
                                              {"state_dir", state_dir_.string()}};
    std::vector<std::string> argv;
    for (const auto& a : options_.profile.command) argv.push_back(fill_placeholders(a, values));
    for (const auto& d : options_.defects)
        for (const auto& a : options_.profile.defect_args) argv.push_back(fill_placeholders(a, {{"defect", d}}));
    // A bare name (`node`) is looked up on PATH as a shell would; the program then starts by its full path, since
    // it starts in the scenario's work folder (terminal_process.cpp), where a relative path would not hold.
    std::optional<std::filesystem::path> program = common::find_program(argv[0]);
    if (!program)
        throw BenchError("terminal program " + argv[0] +
                         (argv[0].find('/') == std::string::npos ? " is not on PATH" : " does not exist") + " (profile " +
                         options_.profile.source.string() + ")");
    argv[0] = std::filesystem::absolute(*program).string();
    {
        std::lock_guard lock(screens_mutex_);
        acceptor_open_ = false;  // a CashIn the previous process left open died with it
    }
    terminal_ = std::make_unique<TerminalProcess>(argv, work_, *trace_);
    if (scenario_.expect_in_service) {
        if (!terminal_->wait_line(options_.profile.ready_json, options_.profile.ready_timeout, false))
            throw BenchError("the terminal did not come into service within " + std::to_string(options_.profile.ready_timeout.count()) +
                             " ms" + (terminal_->running() ? "" : " (it exited with status " + std::to_string(terminal_->exit_status().value_or(-1)) + ")"));
        return;
    }
    // The scenario expects the terminal to stay out of service. Coming into service instead is the terminal's
    // failure (judged by the rules), not the bench's: either line ends the wait.
    if (options_.profile.out_of_service_json.empty())
        throw BenchError("the profile declares no out_of_service line, so this scenario cannot be judged");
    if (terminal_->wait_line_any({options_.profile.out_of_service_json, options_.profile.ready_json}, options_.profile.ready_timeout, false))
        return;
    if (!terminal_->running()) return;  // a crash: INIT-INTEGRITY sees the exit
    throw BenchError("the terminal reported neither in nor out of service within " + std::to_string(options_.profile.ready_timeout.count()) + " ms");
}

void ScenarioRun::stop_terminal() {
    if (!terminal_) return;
    if (terminal_->running()) {
        // The profile's graceful stop first (start.stop.admin: the terminal closes its journal and links itself),
        // bounded by the grace; then SIGTERM and SIGKILL. Recorded as the bench's, not as an admin command the
        // rules judge (OPS-NO-ADMIN-IN-TXN is about the operator's requests).
        // A cancelled run has already sent SIGTERM (cancel.hpp): no admin request, only the escalation below.
        const std::string& request = options_.profile.stop_admin;
        std::string address = request.empty() || cancel_requested() ? "" : terminal_->last_value(options_.profile.admin_address_key);
        trace_->add("bench", "stop-terminal", "", json::object{{"via", address.empty() ? "signal" : request}});
        if (!address.empty()) {
            auto space = request.find(' ');
            std::string body;
            int status = http_request(address, request.substr(0, space), request.substr(space + 1), admin_token(), body);
            auto deadline = std::chrono::steady_clock::now() + options_.profile.stop_grace;
            if (status >= 200 && status < 300) terminal_->wait_exit(deadline);
        }
        terminal_->stop(options_.profile.stop_grace);
    }
    read_journal();
}

void ScenarioRun::on_host_record(const json::object& view) {
    std::int64_t t = view.at("time_ns").to_number<std::int64_t>();
    std::string dir(view.at("direction").as_string());
    std::string mti = view.contains("mti") && view.at("mti").is_string() ? std::string(view.at("mti").as_string()) : "";
    trace_->add(TraceEvent{t, "host", dir, mti, view, 0});
    std::lock_guard lock(cut_mutex_);
    if (cut_hook_) cut_hook_(t, "host", dir, mti, view);
}

void ScenarioRun::on_wire_record(json::object view) {
    std::int64_t t = view.at("time_ns").to_number<std::int64_t>();
    if (const json::value* msg = view.if_contains("message"); msg && msg->is_object())
        if (const json::value* line = msg->as_object().if_contains("deviceLine"); line && line->is_object()) {
            // A device's own protocol under its XFS4IoT service (hardware in the loop): kind toDevice/fromDevice,
            // name the protocol ("escpos").
            const json::object& l = line->as_object();
            std::string dir = l.contains("direction") && l.at("direction").is_string() ? std::string(l.at("direction").as_string()) : "";
            std::string protocol = l.contains("protocol") && l.at("protocol").is_string() ? std::string(l.at("protocol").as_string()) : "";
            trace_->add(TraceEvent{t, "device-line", std::move(dir), std::move(protocol), std::move(view), 0});
            return;
        }
    std::string type, name;
    if (const json::value* msg = view.if_contains("message"); msg && msg->is_object())
        if (const json::value* h = msg->as_object().if_contains("header"); h && h->is_object()) {
            const json::object& ho = h->as_object();
            if (ho.contains("type") && ho.at("type").is_string()) type = ho.at("type").as_string();
            if (ho.contains("name") && ho.at("name").is_string()) name = ho.at("name").as_string();
            if (name == "CashAcceptor.CashIn" && (type == "command" || type == "completion")) {
                std::lock_guard sl(screens_mutex_);
                acceptor_open_ = type == "command";
            }
            if (screen_re_ && name == "TextTerminal.Write" && type == "command") {
                const json::value* p = msg->as_object().if_contains("payload");
                const json::value* text = p && p->is_object() ? p->as_object().if_contains("text") : nullptr;
                if (text && text->is_string()) {
                    std::string s(text->as_string());
                    std::smatch sm;
                    std::string first = s.substr(0, s.find('\n'));
                    // Before the trace event: a screen wait woken by the event sees the screen.
                    if (std::regex_search(first, sm, *screen_re_) && sm.size() > 1) {
                        std::lock_guard sl(screens_mutex_);
                        screens_.emplace_back(t, sm[1].str());
                    }
                }
            }
        }
    trace_->add(TraceEvent{t, "xfs", type, name, std::move(view), 0});
    std::lock_guard lock(cut_mutex_);
    if (cut_hook_) cut_hook_(t, "xfs", type, name, json::object{});
}

void ScenarioRun::read_journal() {
    if (journal_) journal_->drain();
}

void ScenarioRun::tear_down() {
    if (torn_down_) return;
    torn_down_ = true;
    auto s0 = std::chrono::steady_clock::now();
    stop_terminal();
    stop_terminal_ms_ += std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - s0).count();
    if (!options_.profile.journal_path.empty() && terminal_) {
        // The journal as it is on disk at the end (REC-EXCEPTION-KEPT compares it with what was seen on the way).
        std::filesystem::path jp = fill_placeholders(options_.profile.journal_path, {{"state_dir", state_dir_.string()}});
        std::ifstream in(jp);
        std::int64_t lines = 0, exceptions = 0;
        for (std::string line; std::getline(in, line);) {
            ++lines;
            std::string problem;
            std::optional<json::value> parsed = common::try_parse_json(line, problem);
            json::value v = parsed ? std::move(*parsed) : json::value();
            const json::value* x = parsed && v.is_object() ? v.as_object().if_contains(options_.profile.journal_exception_field) : nullptr;
            if (x && x->is_bool() && x->as_bool()) ++exceptions;
        }
        trace_->add("journal", "final", "", json::object{{"records", lines}, {"exceptions", exceptions}});
    }
    if (journal_) journal_->stop();
    // The recording ends here, before the bench's own closing (the truth, the ledger, host and devices shutting
    // down their connections): that is not part of the scenario.
    if (devices_) devices_->set_wire_listener({});
    if (host_ && !host_stopped_) host_->set_record_listener({});
    if (devices_) {
        // INV-NO-SECRETS: the secrets the devices handled, searched for in what the terminal wrote; only the
        // findings enter the trace.
        auto secrets = devices_->redacted_secrets();
        for (const auto& s : secrets) secrets_handled_.emplace_back(s.value, s.carrier);
        if (!secrets.empty()) {
            std::vector<TraceEvent> events = trace_->snapshot();
            for (const SecretFinding& s : find_secrets(events, secrets))
                trace_->add("bench", "secret-seen", s.carrier,
                            json::object{{"where", s.where}, {"event_t_ns", events[s.event].t_ns}, {"form", s.form}});
        }
        trace_->add("truth", "final", "", devices_->physical_truth());
        devices_->stop();
        devices_.reset();
    }
    if (host_) {
        if (!host_stopped_) trace_->add("ledger", "final", "", host_->ledger_json());
        host_->stop();
        host_.reset();
    }
}

void ScenarioRun::begin(bool with_terminal) {
    result_.scenario = scenario_;
    result_.seed = options_.seed;
    result_.trace_file = trace_->file() ? trace_->file()->string() : "";
    started_ = std::chrono::steady_clock::now();
    trace_->add("bench", "scenario", scenario_.id, json::object{{"title", scenario_.title}, {"seed", options_.seed}});
    set_up();
    terminal_started_ = std::chrono::steady_clock::now();
    result_.phases["set_up"] = std::chrono::duration<double, std::milli>(terminal_started_ - started_).count();
    if (with_terminal) start_terminal();
}

bool ScenarioRun::perform(const Step& s) {
    if (!step_error_.empty()) return false;
    if (cancel_requested()) return false;  // run()/finish() make the result NOT RUN
    auto s0 = std::chrono::steady_clock::now();
    StepRecord rec{s.text(), s.line, "ok", 0};
    trace_->add("bench", "step", s.kind, json::object{{"line", s.line}, {"args", s.args}});
    bool optional = s.args.contains("optional") && s.args.at("optional").is_bool() && s.args.at("optional").as_bool();
    bool go_on = true;
    // A power_cut step's listener goes in before the step that leads to its moment (the moment may come while
    // that step runs or right after it); a bad `when` is left for the power_cut step to report.
    if (&s >= scenario_.steps.data() && &s + 1 < scenario_.steps.data() + scenario_.steps.size() && (&s + 1)->kind == "power_cut") try {
            arm_power_cut(*(&s + 1));
        } catch (const std::exception&) {
        }
    try {
        if (s0 > started_ + scenario_.timeout)
            throw StepTimeout("the scenario's timeout of " + std::to_string(scenario_.timeout.count()) + " ms passed");
        step(s);
    } catch (const StepTimeout& e) {
        rec.result = optional ? std::string("skipped: ") + e.what() : std::string("error: ") + e.what();
        trace_->add("bench", optional ? "step-skipped" : "step-error", s.kind, json::object{{"line", s.line}, {"why", e.what()}});
        if (!optional) {
            step_error_ = scenario_.file.filename().string() + ":" + std::to_string(s.line) + ": " + s.kind + ": " + e.what();
            go_on = false;
        }
    }
    rec.ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - s0).count();
    if (cancel_requested()) rec.result = "cancelled (" + cancel_reason() + ")";
    steps_.push_back(rec);
    if (cancel_requested()) return false;
    if (go_on && terminal_ && !terminal_->running() && !power_cut_fired()) {
        step_error_ = "the terminal exited (status " + std::to_string(terminal_->exit_status().value_or(-1)) + ") during the scenario";
        go_on = false;
    }
    return go_on;
}

void ScenarioRun::stop_on(const std::string& why) {
    if (!step_error_.empty()) return;
    trace_->add("bench", "step-error", "caller", json::object{{"why", why}});
    step_error_ = why;
}

ScenarioResult ScenarioRun::error_result(const std::string& why) { return ended_early(Status::Error, why); }

ScenarioResult ScenarioRun::not_run_result() {
    return ended_early(Status::NotRun, "not finished: the run was cancelled (" + cancel_reason() + ")");
}

ScenarioResult ScenarioRun::ended_early(Status status, const std::string& why) {
    ScenarioResult result = result_;
    result.scenario = scenario_;
    result.seed = options_.seed;
    result.status = status;
    result.error = why;
    if (status == Status::NotRun) trace_->add("bench", "cancelled", "", json::object{{"why", why}});
    if (terminal_) result.terminal_output = terminal_->output_tail();
    try {
        tear_down();
    } catch (...) {
    }
    finished_ = true;
    result.steps = steps_;
    result.secrets_handled = secrets_handled_;
    result.trace = trace_->snapshot();
    result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
    return result;
}

ScenarioResult ScenarioRun::finish() {
    if (finished_) throw BenchError("the scenario was already finished");
    ScenarioResult result = result_;
    // Time spent on the terminal and the customer's steps, not the bench.
    double waiting_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - terminal_started_).count();
    try {
        if (terminal_ && !terminal_->running() && step_error_.empty())
            step_error_ = "the terminal exited (status " + std::to_string(terminal_->exit_status().value_or(-1)) + ") during the scenario";
        if (!step_error_.empty() && terminal_) result.terminal_output = terminal_->output_tail();
        auto td = std::chrono::steady_clock::now();
        tear_down();
        result.phases["terminal"] = waiting_ms;
        result.phases["stop_terminal"] = stop_terminal_ms_;
        result.phases["tear_down"] = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - td).count() - stop_terminal_ms_;
    } catch (const std::exception& e) {
        return error_result(e.what());
    }
    finished_ = true;
    result.steps = steps_;
    result.secrets_handled = secrets_handled_;
    auto j0 = std::chrono::steady_clock::now();
    result.trace = trace_->snapshot();
    Facts facts;
    try {
        facts = build_facts(scenario_, options_.profile, result.trace);
    } catch (const std::exception& e) {
        // A trace the rules cannot read is the bench's problem (ERROR), never a verdict on the terminal.
        return error_result(std::string("the recorded trace cannot be judged: ") + e.what());
    }
    result.verdicts = evaluate(scenario_, facts);
    result.phases["judge"] = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - j0).count();
    bool failed = !result.failures().empty();
    std::string unproven;
    for (const auto& id : scenario_.rules)
        for (const auto& v : result.verdicts)
            if (v.rule == id && (v.outcome == Outcome::NotApplicable || v.outcome == Outcome::NotObservable))
                unproven += (unproven.empty() ? "" : "; ") + id + " " + to_string(v.outcome) + (v.message.empty() ? "" : " (" + v.message + ")");
    if (failed) result.status = Status::Failed;
    else if (!step_error_.empty()) {
        result.status = Status::Error;
        result.error = step_error_;
    } else if (!unproven.empty()) {
        result.status = Status::Error;
        result.error = "the scenario did not exercise what it claims to prove: " + unproven;
    } else {
        result.status = Status::Passed;
    }
    if (failed && !step_error_.empty()) result.error = step_error_;
    result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
    result.bench_ms = result.seconds * 1000.0 - waiting_ms;
    return result;
}

ScenarioResult ScenarioRun::run() {
    // A cancel ends whatever the scenario was waiting for (a start-up, a step): what that wait then reports is
    // the cancel's doing, not the terminal's or the bench's, so the scenario is NOT RUN, never judged.
    try {
        begin();
    } catch (const std::exception& e) {
        return cancel_requested() ? not_run_result() : error_result(e.what());
    }
    for (const Step& s : scenario_.steps)
        if (!perform(s)) break;
    if (cancel_requested()) return not_run_result();
    return finish();
}

ScenarioResult not_started(const Scenario& scenario, const RunOptions& options) {
    ScenarioResult r;
    r.scenario = scenario;
    r.status = Status::NotRun;
    r.error = "not started: the run was cancelled (" + cancel_reason() + ")";
    r.seed = options.seed;
    return r;
}

ScenarioResult run_scenario(const Scenario& scenario, const RunOptions& options) {
    try {
        ScenarioRun run(scenario, options);
        return run.run();
    } catch (const std::exception& e) {
        if (cancel_requested()) return not_started(scenario, options);
        ScenarioResult r;
        r.scenario = scenario;
        r.status = Status::Error;
        r.error = e.what();
        r.seed = options.seed;
        return r;
    }
}

std::vector<ScenarioResult> run_suite(const std::vector<Scenario>& scenarios, const RunOptions& options, int jobs,
                                      const std::function<void(const ScenarioResult&, std::size_t, std::size_t)>& progress) {
    std::vector<ScenarioResult> results(scenarios.size());
    std::atomic<std::size_t> next{0};
    std::size_t done = 0;
    std::mutex m;
    auto worker = [&] {
        for (std::size_t i = next++; i < scenarios.size(); i = next++) {
            if (cancel_requested()) {
                results[i] = not_started(scenarios[i], options);  // in the reports, no progress line
                continue;
            }
            results[i] = run_scenario(scenarios[i], options);
            std::lock_guard lock(m);
            ++done;
            if (progress) progress(results[i], done, scenarios.size());
        }
    };
    std::vector<std::thread> pool;
    for (int j = 0; j < std::max(1, jobs); ++j) pool.emplace_back(worker);
    for (auto& t : pool) t.join();
    return results;
}

bool filter_matches(const Scenario& s, const std::string& expr) {
    if (expr.empty()) return true;
    bool any_positive = false, matched = false;
    std::stringstream in(expr);
    std::string term;
    while (std::getline(in, term, ',')) {
        if (term.empty()) continue;
        bool negative = term[0] == '!';
        std::string t = negative ? term.substr(1) : term;
        bool hit = s.id.find(t) != std::string::npos || std::find(s.rules.begin(), s.rules.end(), t) != s.rules.end() ||
                   std::find(s.tags.begin(), s.tags.end(), t) != s.tags.end();
        if (negative && hit) return false;
        if (!negative) {
            any_positive = true;
            matched = matched || hit;
        }
    }
    return !any_positive || matched;
}

}  // namespace atmbench::harness
