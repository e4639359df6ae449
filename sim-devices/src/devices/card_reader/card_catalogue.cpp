#include "atmbench/devices/card_catalogue.hpp"

#include "atmbench/common/yaml_source.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

namespace atmbench::devices {

using common::FixtureError;
using common::YamlReader;

namespace {
std::string read_file(const std::filesystem::path& p) {
    std::ifstream in(p);
    if (!in) throw FixtureError(p.string() + ": cannot open file");
    std::stringstream buf;
    buf << in.rdbuf();
    return buf.str();
}

std::string hex_of(const YamlReader& r, const std::string& key) {
    std::string s = r.string(key);
    try {
        std::string h = normalise_hex(s);
        if (h.empty()) r.fail(r[key], key, "expected hex (found nothing)");
        return h;
    } catch (const std::invalid_argument&) {
        r.fail(r[key], key, "expected an even number of hex digits (found \"" + s + "\")");
    }
}

Chip parse_chip(const YamlReader& r) {
    r.require_map("chip");
    r.allow_only({"atr", "apdu"});
    Chip chip;
    chip.atr = hex_of(r, "atr");
    YAML::Node steps = r["apdu"];
    if (steps.IsDefined() && !steps.IsNull()) {
        if (!steps.IsSequence()) r.fail(steps, "apdu", "expected a list of {command, response}");
        for (const YAML::Node& s : steps) {
            YamlReader step(s, r.source());
            step.require_map("an APDU step");
            step.allow_only({"command", "response"});
            ApduStep a{hex_of(step, "command"), hex_of(step, "response")};
            if (a.command.size() < 8) step.fail(step["command"], "command", "expected at least CLA INS P1 P2");
            if (a.response.size() < 4) step.fail(step["response"], "response", "expected at least SW1 SW2");
            chip.script.push_back(std::move(a));
        }
    }
    return chip;
}
}  // namespace

CardCatalogue CardCatalogue::load(const std::filesystem::path& path) {
    CardCatalogue c;
    if (std::filesystem::is_directory(path)) {
        std::vector<std::filesystem::path> files;
        for (const auto& e : std::filesystem::directory_iterator(path))
            if (e.path().extension() == ".yaml") files.push_back(e.path());
        std::sort(files.begin(), files.end());
        for (const auto& f : files) c.add_text(read_file(f), f.string());
    } else {
        c.add_text(read_file(path), path.string());
    }
    return c;
}

CardCatalogue CardCatalogue::parse(const std::string& yaml_text, const std::string& source_name) {
    CardCatalogue c;
    c.add_text(yaml_text, source_name);
    return c;
}

void CardCatalogue::add_text(const std::string& yaml_text, const std::string& source) {
    YamlReader top(common::load_yaml_text(yaml_text, source), source);
    top.require_map("a cards file");
    top.allow_only({"cards"});
    YAML::Node list = top["cards"];
    if (!list.IsSequence()) top.fail(list, "cards", "expected a list of cards");
    for (const YAML::Node& n : list) {
        YamlReader r(n, source);
        r.require_map("a card");
        r.allow_only({"id", "pan", "track1", "track2", "track3", "chip", "description"});
        Card c;
        c.id = r.string("id");
        // Luhn is not checked: failing cards are test data on purpose. A blank card needs no PAN.
        if (r.has("pan")) c.pan = r.digits("pan", 12, 19);
        else if (r.has("track1") || r.has("track2") || r.has("track3") || r.has("chip"))
            r.fail("pan", "missing (required for a card with a track or a chip)");
        if (r.has("track1")) c.track1 = r.string("track1");
        if (r.has("track2")) {
            c.track2 = r.string("track2");
            if (c.track2->rfind(c.pan, 0) != 0 || c.track2->size() <= c.pan.size() || (*c.track2)[c.pan.size()] != '=')
                r.fail(r["track2"], "track2", "expected \"PAN=…\" starting with the card's PAN");
        }
        if (r.has("track3")) c.track3 = r.string("track3");
        if (r.has("chip")) c.chip = parse_chip(r.child("chip"));
        c.description = r.string_or("description", "");
        std::string here = source + ":" + std::to_string(r.line());
        for (std::size_t i = 0; i < cards_.size(); ++i)
            if (cards_[i].id == c.id) r.fail(r["id"], "id", "card \"" + c.id + "\" already defined at " + where_[i]);
        cards_.push_back(std::move(c));
        where_.push_back(here);
    }
}

const Card* CardCatalogue::find(std::string_view id) const {
    for (const Card& c : cards_)
        if (c.id == id) return &c;
    return nullptr;
}

const Card* CardCatalogue::find_pan(std::string_view pan) const {
    for (const Card& c : cards_)
        if (c.pan == pan) return &c;
    return nullptr;
}

}  // namespace atmbench::devices
