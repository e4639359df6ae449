#include "atmbench/host/response_rule.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <cctype>

namespace atmbench::host {

namespace {

template <typename E, std::size_t N>
E parse_enum(const YamlReader& r, const std::string& key, const std::pair<const char*, E> (&table)[N], E dflt) {
    if (!r.has(key)) return dflt;
    std::string v = r.string(key);
    std::string list;
    for (const auto& [name, e] : table) {
        if (v == name) return e;
        list += (list.empty() ? "" : ", ") + std::string(name);
    }
    r.fail(r[key], key, "expected one of " + list + " (found \"" + v + "\")");
}

constexpr std::pair<const char*, RuleAction> kActions[] = {
    {"reply", RuleAction::Reply},
    {"no_reply", RuleAction::NoReply},
    {"close", RuleAction::Close},
    {"refuse_connections", RuleAction::RefuseConnections},
    {"close_on_accept", RuleAction::CloseOnAccept},
    {"stop_reading", RuleAction::StopReading},
    {"reset_before_read", RuleAction::ResetBeforeRead},
    {"reset_on_accept", RuleAction::ResetOnAccept},
};
constexpr std::pair<const char*, Malformation> kMalformations[] = {
    {"none", Malformation::None},
    {"truncated", Malformation::Truncated},
    {"wrong_length_header", Malformation::WrongLengthHeader},
    {"bit_without_field", Malformation::BitWithoutField},
    {"field_without_bit", Malformation::FieldWithoutBit},
    {"wrong_field_length", Malformation::WrongFieldLength},
    {"non_numeric", Malformation::NonNumeric},
    {"garbage", Malformation::Garbage},
};
constexpr std::pair<const char*, KeyField> kKeyFields[] = {
    {"none", KeyField::None},
    {"mti", KeyField::Mti},
    {"processing_code", KeyField::ProcessingCode},
    {"stan", KeyField::Stan},
    {"pan", KeyField::Pan},
    {"amount", KeyField::Amount},
    {"terminal_id", KeyField::TerminalId},
};

template <typename E, std::size_t N>
std::string name_of(E e, const std::pair<const char*, E> (&table)[N]) {
    for (const auto& [name, v] : table)
        if (v == e) return name;
    return "?";
}

std::string normalise_amount(const std::string& s) {
    std::size_t i = s.find_first_not_of('0');
    return i == std::string::npos ? "0" : s.substr(i);
}

ResponseRule parse_rule(const YAML::Node& node, const std::string& source) {
    YamlReader r(node, source);
    r.require_map("a response rule");
    r.allow_only({"name", "when", "action", "code", "delay_ms", "malform", "mutate", "bad_mac", "no_mac", "duplicate",
                  "coalesce", "split", "times"});
    ResponseRule rule;
    rule.source = source + ":" + std::to_string(r.line());
    rule.name = r.string_or("name", "");
    rule.action = parse_enum(r, "action", kActions, RuleAction::Reply);
    if (r.has("when")) {
        YamlReader w = r.child("when");
        w.require_map("'when'");
        w.allow_only({"mti", "processing_code", "amount", "pan", "terminal_id", "nth"});
        if (w.has("mti")) rule.when.mti = w.digits("mti", 4, 4);
        if (w.has("processing_code")) rule.when.processing_code = w.digits("processing_code", 1, 6);
        if (w.has("amount")) rule.when.amount = w.digits("amount", 1, 12);
        if (w.has("pan")) rule.when.pan = w.digits("pan", 13, 19);
        if (w.has("terminal_id")) rule.when.terminal_id = w.string("terminal_id");
        rule.when.nth = static_cast<int>(w.integer_or("nth", 0, 1, 1000000));
        if (rule.is_link_rule()) r.fail(r["when"], "when", "link actions act on connections and take no 'when'");
    }
    if (r.has("code")) {
        std::string c = r.string("code");
        // F39 is "an 2" in every shipped profile (fixtures/iso8583/*.json): two letters or digits. Anything else the
        // codec cannot put on the wire, so the reply would be lost instead of carrying the code the scenario meant.
        bool an = std::all_of(c.begin(), c.end(), [](char x) { return std::isalnum(static_cast<unsigned char>(x)); });
        if (c != kRetainCashCode && (c.size() != 2 || !an))
            r.fail(r["code"], "code", "expected a 2-character response code of letters and digits (F39 an 2) or retain_cash (found \"" + c + "\")");
        rule.code = c;
    }
    rule.delay = std::chrono::milliseconds(r.integer_or("delay_ms", 0, 0, 3600000));
    rule.malform = parse_enum(r, "malform", kMalformations, Malformation::None);
    rule.mutate = parse_enum(r, "mutate", kKeyFields, KeyField::None);
    rule.bad_mac = r.boolean_or("bad_mac", false);
    rule.no_mac = r.boolean_or("no_mac", false);
    if (rule.bad_mac && rule.no_mac) r.fail(r["no_mac"], "no_mac", "a reply cannot both carry a corrupted MAC (bad_mac) and none");
    rule.duplicate = r.boolean_or("duplicate", false);
    rule.coalesce = r.boolean_or("coalesce", false);
    rule.split = r.boolean_or("split", false);
    if (r.has("times")) rule.times = static_cast<int>(r.integer("times", 1, 1000000));
    bool alters_reply = rule.code || rule.delay.count() || rule.malform != Malformation::None ||
                        rule.mutate != KeyField::None || rule.bad_mac || rule.no_mac || rule.duplicate || rule.coalesce || rule.split;
    if (rule.action != RuleAction::Reply && alters_reply)
        r.fail(r["action"], "action", "'" + to_string(rule.action) +
                                          "' sends no reply, so code/delay/malform/mutate/bad_mac/no_mac/duplicate/"
                                          "coalesce/split cannot apply");
    if (rule.action == RuleAction::Reply && !alters_reply)
        r.fail(r.node(), "", "rule changes nothing: give a code, delay_ms, malform, mutate, bad_mac, no_mac, duplicate, "
                             "coalesce, split, or an action other than reply");
    return rule;
}

}  // namespace

std::string to_string(RuleAction a) { return name_of(a, kActions); }
std::string to_string(Malformation m) { return name_of(m, kMalformations); }
std::string to_string(KeyField k) { return name_of(k, kKeyFields); }

RuleFile parse_rules(const YAML::Node& doc, const std::string& source) {
    RuleFile file;
    YAML::Node list = doc;
    if (doc.IsMap() && (doc["rules"].IsDefined() || doc["retain_cash_codes"].IsDefined())) {
        YamlReader r(doc, source);
        r.allow_only({"rules", "retain_cash_codes"});
        if (r.has("retain_cash_codes")) {
            YAML::Node codes = doc["retain_cash_codes"];
            if (!codes.IsSequence()) r.fail(codes, "retain_cash_codes", "expected a list of 2-character codes");
            for (const auto& c : codes) {
                if (!c.IsScalar() || c.Scalar().size() != 2)
                    r.fail(c, "retain_cash_codes", "expected 2-character codes (found \"" + (c.IsScalar() ? c.Scalar() : std::string("?")) + "\")");
                file.retain_cash_codes.push_back(c.Scalar());
            }
        }
        list = doc["rules"];
        if (!list.IsDefined() || list.IsNull()) return file;
        if (!list.IsSequence()) r.fail(list, "rules", "expected a list of rules");
    }
    if (list.IsMap()) {
        file.rules.push_back(parse_rule(list, source));
    } else if (list.IsSequence()) {
        for (const auto& n : list) file.rules.push_back(parse_rule(n, source));
    } else {
        YamlReader(doc, source).fail(doc, "", "expected a rule, a list of rules, or a mapping with 'rules'");
    }
    return file;
}

RuleFile load_rules(const std::filesystem::path& file) { return parse_rules(load_yaml_file(file), file.string()); }

std::string RuleBook::add(ResponseRule rule) {
    std::lock_guard lock(mutex_);
    rule.id = "r" + std::to_string(next_id_++);
    rules_.push_back(std::move(rule));
    return rules_.back().id;
}

bool RuleBook::remove(const std::string& id) {
    std::lock_guard lock(mutex_);
    auto it = std::find_if(rules_.begin(), rules_.end(), [&](const ResponseRule& r) { return r.id == id; });
    if (it == rules_.end()) return false;
    rules_.erase(it);
    return true;
}

void RuleBook::clear() {
    std::lock_guard lock(mutex_);
    rules_.clear();
}

std::optional<ResponseRule> RuleBook::fire(const iso8583::Message& req) {
    std::lock_guard lock(mutex_);
    for (auto& rule : rules_) {
        if (rule.is_link_rule() || rule.action == RuleAction::ResetBeforeRead || rule.exhausted()) continue;
        if (!matches(rule, req)) continue;
        ++rule.matched;
        if (rule.when.nth && rule.matched != rule.when.nth) continue;
        ++rule.fired;
        return rule;
    }
    return std::nullopt;
}

std::optional<ResponseRule> RuleBook::fire_reset(const iso8583::Message& req) {
    std::lock_guard lock(mutex_);
    for (auto& rule : rules_) {
        if (rule.action != RuleAction::ResetBeforeRead || rule.exhausted()) continue;
        if (!matches(rule, req)) continue;
        ++rule.matched;
        if (rule.when.nth && rule.matched != rule.when.nth) continue;
        ++rule.fired;
        return rule;
    }
    return std::nullopt;
}

bool RuleBook::matches(const ResponseRule& rule, const iso8583::Message& req) {
    auto field = [&](int f) {
        const std::string* v = req.find(f);
        return v ? *v : std::string();
    };
    {
        const RuleMatch& w = rule.when;
        if (w.mti && req.mti != *w.mti) return false;
        if (w.processing_code && field(3).rfind(*w.processing_code, 0) != 0) return false;
        if (w.amount && normalise_amount(field(4)) != normalise_amount(*w.amount)) return false;
        if (w.pan && field(2) != *w.pan) return false;
        if (w.terminal_id && field(41) != *w.terminal_id) return false;
    }
    return true;
}

std::optional<ResponseRule> RuleBook::fire_link() {
    std::lock_guard lock(mutex_);
    for (auto& rule : rules_) {
        if (!rule.is_link_rule() || rule.action == RuleAction::RefuseConnections || rule.exhausted()) continue;
        ++rule.matched;
        ++rule.fired;
        return rule;
    }
    return std::nullopt;
}

bool RuleBook::resetting_on_accept() const {
    std::lock_guard lock(mutex_);
    return std::any_of(rules_.begin(), rules_.end(), [](const ResponseRule& r) {
        return r.action == RuleAction::ResetOnAccept && !r.exhausted();
    });
}

bool RuleBook::refusing() const {
    std::lock_guard lock(mutex_);
    return std::any_of(rules_.begin(), rules_.end(),
                       [](const ResponseRule& r) { return r.action == RuleAction::RefuseConnections; });
}

boost::json::object to_json(const ResponseRule& r) {
    boost::json::object o;
    o["id"] = r.id;
    if (!r.name.empty()) o["name"] = r.name;
    o["source"] = r.source;
    boost::json::object when;
    if (r.when.mti) when["mti"] = *r.when.mti;
    if (r.when.processing_code) when["processing_code"] = *r.when.processing_code;
    if (r.when.amount) when["amount"] = *r.when.amount;
    if (r.when.pan) when["pan"] = *r.when.pan;
    if (r.when.terminal_id) when["terminal_id"] = *r.when.terminal_id;
    if (r.when.nth) when["nth"] = r.when.nth;
    o["when"] = std::move(when);
    o["action"] = to_string(r.action);
    if (r.code) o["code"] = *r.code;
    if (r.delay.count()) o["delay_ms"] = r.delay.count();
    if (r.malform != Malformation::None) o["malform"] = to_string(r.malform);
    if (r.mutate != KeyField::None) o["mutate"] = to_string(r.mutate);
    if (r.bad_mac) o["bad_mac"] = true;
    if (r.no_mac) o["no_mac"] = true;
    if (r.duplicate) o["duplicate"] = true;
    if (r.coalesce) o["coalesce"] = true;
    if (r.split) o["split"] = true;
    if (r.times) o["times"] = *r.times;
    o["matched"] = r.matched;
    o["fired"] = r.fired;
    return o;
}

boost::json::array RuleBook::to_json() const {
    std::lock_guard lock(mutex_);
    boost::json::array a;
    for (const auto& r : rules_) a.push_back(host::to_json(r));
    return a;
}

}  // namespace atmbench::host
