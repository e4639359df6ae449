// Profiles from JSON (format: fixtures/iso8583/README.md). A profile is how a bank's dialect is added without
// code, so a mistake in one must be reported the way a compiler would: file, field, key, what was expected and
// what was found. Everything is checked here once, so the codec can trust the FieldSpecs on its hot path.
#include "atmbench/iso8583/profile.hpp"

#include "field_codec.hpp"
#include "json_scope.hpp"

#include "atmbench/common/strict_json.hpp"
#include "atmbench/share_folder.hpp"

#include <boost/json.hpp>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <initializer_list>
#include <numeric>
#include <set>
#include <sstream>
#include <utility>

namespace json = boost::json;

namespace atmbench::iso8583 {

namespace {

using namespace detail;

const char* kind_word(FieldKind k) { return k == FieldKind::LLVar ? "LL" : "LLL"; }

const char* encoding_name(Encoding e) {
    switch (e) {
        case Encoding::Ascii: return "ascii";
        case Encoding::Bcd: return "bcd";
        case Encoding::Binary: return "binary";
        case Encoding::Ebcdic: return "ebcdic";
        case Encoding::HexAscii: return "hex";
    }
    return "";
}

FieldSpec parse_field(int number, const json::value& value, const std::string& source) {
    const std::string where = "field " + std::to_string(number);
    Scope s(source, where, as_object(value, source, where));
    s.allow_only({"name", "note", "kind", "type", "length", "encoding", "length_encoding", "length_unit", "pad",
                  "sensitivity", "subfields"});

    FieldSpec f;
    f.number = number;
    f.name = s.string("name");
    if (s.has("note")) (void)s.string("note");
    f.kind = s.choice<FieldKind>("kind", {{"fixed", FieldKind::Fixed}, {"llvar", FieldKind::LLVar},
                                          {"lllvar", FieldKind::LLLVar}},
                                 FieldKind::Fixed);
    // a / an / ans differ only in which printable characters a spec allows; the bench accepts any printable
    // ASCII for all three (the terminal under test, not the codec, is what conformance rules judge).
    f.type = s.choice<DataType>("type", {{"n", DataType::Numeric}, {"an", DataType::Text}, {"ans", DataType::Text},
                                         {"a", DataType::Text}, {"z", DataType::Track}, {"b", DataType::Binary}},
                                std::nullopt);
    f.length = s.count("length", std::nullopt, 0, 65535);
    if (f.length == 0) s.fail("'length' must be at least 1 (found 0)");

    const Encoding default_encoding = f.type == DataType::Binary ? Encoding::Binary : Encoding::Ascii;
    f.encoding = s.choice<Encoding>("encoding", {{"ascii", Encoding::Ascii}, {"bcd", Encoding::Bcd},
                                                 {"binary", Encoding::Binary}, {"ebcdic", Encoding::Ebcdic},
                                                 {"hex", Encoding::HexAscii}},
                                    default_encoding);
    switch (f.type) {
        case DataType::Numeric:
        case DataType::Track:
            if (f.encoding == Encoding::Binary || f.encoding == Encoding::HexAscii)
                s.fail(std::string("'encoding' ") + encoding_name(f.encoding) + " is for type b; type " +
                       (f.type == DataType::Numeric ? "n" : "z") + " takes ascii, bcd or ebcdic");
            break;
        case DataType::Text:
            if (f.encoding != Encoding::Ascii && f.encoding != Encoding::Ebcdic)
                s.fail(std::string("'encoding' ") + encoding_name(f.encoding) +
                       " cannot carry text; text types take ascii or ebcdic");
            break;
        case DataType::Binary:
            if (f.encoding != Encoding::Binary && f.encoding != Encoding::HexAscii)
                s.fail(std::string("'encoding' ") + encoding_name(f.encoding) +
                       " cannot carry type b; it takes binary or hex");
            break;
    }

    if (f.kind == FieldKind::Fixed) {
        if (s.has("length_encoding") || s.has("length_unit"))
            s.fail(std::string("'") + (s.has("length_encoding") ? "length_encoding" : "length_unit") +
                   "' only applies to llvar and lllvar fields");
        f.length_encoding = Encoding::Ascii;
    } else {
        // Default prefix encoding follows the data (BCD data, BCD prefix: CUP POS §1.5); hex data has ASCII ones.
        const Encoding default_len = f.encoding == Encoding::HexAscii ? Encoding::Ascii : f.encoding;
        f.length_encoding = s.choice<Encoding>("length_encoding", {{"ascii", Encoding::Ascii}, {"bcd", Encoding::Bcd},
                                                                   {"binary", Encoding::Binary},
                                                                   {"ebcdic", Encoding::Ebcdic}},
                                               default_len);
        f.length_unit = s.choice<LengthUnit>("length_unit", {{"chars", LengthUnit::Characters},
                                                             {"bytes", LengthUnit::Bytes}},
                                             LengthUnit::Characters);
        const std::size_t needed = detail::prefix_value(f, f.length);
        const std::size_t capacity = detail::prefix_capacity(f.kind, f.length_encoding);
        if (needed > capacity)
            s.fail("'length' " + std::to_string(f.length) + " needs a prefix value of " + std::to_string(needed) +
                   ", more than a " + encoding_name(f.length_encoding) + " " + kind_word(f.kind) +
                   " prefix can express (at most " + std::to_string(capacity) + ")");
    }

    // n pads on the left (right-justified numbers), track data on the right with F (ISO 7813 habit).
    f.pad = s.choice<Pad>("pad", {{"left", Pad::Left}, {"right", Pad::Right}},
                          f.type == DataType::Track ? Pad::Right : Pad::Left);
    f.sensitivity = s.choice<Sensitivity>("sensitivity", {{"none", Sensitivity::None}, {"pan", Sensitivity::Pan},
                                                          {"secret", Sensitivity::Secret}},
                                          Sensitivity::None);

    if (const json::value* subs = s.get("subfields")) {
        if (!subs->is_array()) s.fail("'subfields' must be an array of {id, name, length}");
        if (f.type == DataType::Binary) s.fail("'subfields' are for n, z and text fields, not type b");
        std::set<std::string> ids;
        std::size_t total = 0, i = 0;
        for (const json::value& sv : subs->get_array()) {
            ++i;
            const std::string swhere = where + ": subfield " + std::to_string(i);
            Scope ss(source, swhere, as_object(sv, source, swhere));
            ss.allow_only({"id", "name", "length", "note"});
            Subfield sub;
            sub.id = ss.string("id");
            if (sub.id.empty()) ss.fail("'id' must not be empty");
            // A subfield is named by its field: "60.3" is part 3 of field 60 (message JSON and the dialect's
            // places look it up by that prefix), so "90.1" under field 60 could never be found.
            const std::string prefix = std::to_string(number) + ".";
            if (sub.id.size() <= prefix.size() || sub.id.compare(0, prefix.size(), prefix) != 0)
                ss.fail("'id' \"" + sub.id + "\" does not belong to field " + std::to_string(number) + " (expected \"" +
                        prefix + std::to_string(i) + "\" or another id starting with \"" + prefix + "\")");
            if (!ids.insert(sub.id).second) ss.fail("'id' \"" + sub.id + "\" is used twice");
            sub.name = ss.string("name");
            sub.length = ss.count("length", std::nullopt, 1, 65535);
            total += sub.length;
            f.subfields.push_back(std::move(sub));
        }
        if (total > f.length)
            s.fail("subfield lengths add up to " + std::to_string(total) + ", more than the field's length " +
                   std::to_string(f.length));
    }
    return f;
}

Framing parse_framing(const json::value& value, const std::string& source) {
    Scope s(source, "framing", as_object(value, source, "framing"));
    s.allow_only({"length_header", "length_inclusive", "tpdu", "header_length", "default_tpdu", "default_header",
                  "max_frame", "note"});
    Framing f;
    f.length_header = s.choice<LengthHeader>("length_header", {{"none", LengthHeader::None},
                                                               {"binary2", LengthHeader::Binary2},
                                                               {"bcd2", LengthHeader::Bcd2},
                                                               {"ascii4", LengthHeader::Ascii4},
                                                               {"binary4", LengthHeader::Binary4}},
                                             LengthHeader::Binary2);
    f.length_inclusive = s.boolean("length_inclusive", false);
    f.tpdu = s.boolean("tpdu", false);
    f.header_length = s.count("header_length", 0, 0, 256);
    f.max_frame = s.count("max_frame", 8192, 16, std::size_t{16} << 20);
    if (f.tpdu)
        f.default_tpdu = s.hex("default_tpdu", 5);
    else if (s.has("default_tpdu"))
        s.fail("'default_tpdu' given but 'tpdu' is false");
    if (f.header_length > 0)
        f.default_header = s.hex("default_header", f.header_length);
    else if (s.has("default_header"))
        s.fail("'default_header' given but 'header_length' is 0");
    return f;
}

// Turns a Boost.JSON byte offset into "line L, column C" — profile files are edited by hand.
std::string position(const std::string& text, std::size_t offset) {
    std::size_t line = 1, column = 1;
    for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
        if (text[i] == '\n') {
            ++line;
            column = 1;
        } else {
            ++column;
        }
    }
    return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

}  // namespace

Profile Profile::parse(const std::string& json_text, const std::string& source_name) {
    json::stream_parser parser;
    json::error_code ec;
    const std::size_t used = parser.write(json_text.data(), json_text.size(), ec);
    if (!ec) parser.finish(ec);
    if (ec)
        throw ProfileError(source_name + ": " + position(json_text, used) + ": invalid JSON (" + ec.message() + ")");
    // Valid JSON, read again strictly: a field number or key given twice would silently keep the last one (a
    // profile edited by hand, a field pasted twice), and 1e400 would be infinity (strict_json.hpp).
    std::string problem;
    if (!common::try_parse_json(json_text, problem)) throw ProfileError(source_name + ": " + problem);
    const json::value root = parser.release();
    if (!root.is_object()) throw ProfileError(source_name + ": the profile must be a JSON object");

    Scope s(source_name, "", root.get_object());
    s.allow_only({"name", "description", "note", "framing", "mti_encoding", "bitmap_encoding", "fields", "dialect"});

    Profile p;
    p.source = source_name;
    p.name = s.string("name");
    if (p.name.empty()) s.fail("'name' must not be empty");
    p.description = s.string("description", std::string());
    if (s.has("note")) (void)s.string("note");
    if (const json::value* f = s.get("framing")) p.framing = parse_framing(*f, source_name);
    p.mti_encoding = s.choice<MtiEncoding>("mti_encoding", {{"ascii", MtiEncoding::Ascii}, {"bcd", MtiEncoding::Bcd},
                                                            {"ebcdic", MtiEncoding::Ebcdic}},
                                           MtiEncoding::Ascii);
    p.bitmap_encoding = s.choice<BitmapEncoding>("bitmap_encoding", {{"binary", BitmapEncoding::Binary},
                                                                     {"hex", BitmapEncoding::HexAscii}},
                                                 BitmapEncoding::Binary);

    const json::value& fields = s.require("fields");
    if (!fields.is_object()) s.fail("'fields' must be an object keyed by field number (\"2\" … \"128\")");
    if (fields.get_object().empty()) s.fail("'fields' must define at least one field");
    for (const auto& kv : fields.get_object()) {
        const std::string key(kv.key());
        int number = -1;
        const bool digits = !key.empty() && key.size() <= 3 &&
                            key.find_first_not_of("0123456789") == std::string::npos;
        if (digits) number = std::stoi(key);
        if (number < 2 || number > 128)
            throw ProfileError(source_name + ": field " + key +
                               ": field numbers must be 2..128 (0 is the MTI, 1 the secondary bitmap)");
        p.fields[number] = parse_field(number, kv.value(), source_name);
    }
    // After the fields: the dialect's places name fields and subfields the profile must define.
    if (const json::value* d = s.get("dialect")) p.dialect = parse_dialect(as_object(*d, source_name, "dialect"), p, source_name);
    return p;
}

Profile Profile::load(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw ProfileError(file.string() + ": cannot read (" + std::strerror(errno) + ")");
    std::ostringstream text;
    text << in.rdbuf();
    return parse(text.str(), file.string());
}

Profile Profile::find(const std::string& name_or_path) {
    std::error_code ec;
    const std::filesystem::path as_path(name_or_path);
    if (std::filesystem::is_regular_file(as_path, ec)) return load(as_path);
    const bool has_ext = as_path.extension() == ".json";
    std::filesystem::path fixtures;
    try {
        fixtures = fixtures_dir();
    } catch (const share_folder::NotFound& e) {
        throw ProfileError(name_or_path + ": no such profile file, and no shipped profiles to look in: " + e.what());
    }
    const std::filesystem::path shipped = fixtures / "iso8583" / (has_ext ? name_or_path : name_or_path + ".json");
    if (std::filesystem::is_regular_file(shipped, ec)) return load(shipped);
    throw ProfileError(name_or_path + ": no such profile file, and no " + shipped.string() +
                       " ('atmbench iso8583 profiles' lists the shipped ones)");
}

LengthHeader parse_length_header(const std::string& name) {
    if (name == "none") return LengthHeader::None;
    if (name == "binary2") return LengthHeader::Binary2;
    if (name == "bcd2") return LengthHeader::Bcd2;
    if (name == "ascii4") return LengthHeader::Ascii4;
    if (name == "binary4") return LengthHeader::Binary4;
    throw ProfileError("length header must be one of none, binary2, bcd2, ascii4, binary4 (found \"" + name + "\")");
}

std::string to_string(LengthHeader h) {
    switch (h) {
        case LengthHeader::None: return "none";
        case LengthHeader::Binary2: return "binary2";
        case LengthHeader::Bcd2: return "bcd2";
        case LengthHeader::Ascii4: return "ascii4";
        case LengthHeader::Binary4: return "binary4";
    }
    return "?";
}

std::filesystem::path fixtures_dir() { return share_folder::fixtures(); }

}  // namespace atmbench::iso8583
