// `atmbench iso8583` — the codec as a tool (DESIGN.md "Interfaces users see"): hex ⇄ JSON with a profile, the
// shipped profiles, and a checker for profile files people write for their own bank's dialect.
#include "cli_common.hpp"
#include "commands.hpp"

#include "atmbench/common/strict_json.hpp"
#include "atmbench/iso8583/codec.hpp"
#include "atmbench/iso8583/framing.hpp"
#include "atmbench/iso8583/message_json.hpp"
#include "atmbench/iso8583/profile.hpp"

#include <boost/json.hpp>
#include <boost/program_options.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

namespace po = boost::program_options;
namespace json = boost::json;
namespace iso = atmbench::iso8583;

namespace atmbench::cli {

namespace {

// A failure to report as "atmbench iso8583 ACTION: error: …" with exit status 2.
struct CommandError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

void usage(std::ostream& out) {
    out << "usage: atmbench iso8583 <action> [options]\n\n"
           "actions:\n"
           "  decode --profile P [--hex HEX] [--framed] [--redact] [--spans]   hex (or stdin) -> JSON\n"
           "  encode --profile P [--json FILE|-] [--framed]                    JSON (file or stdin) -> hex\n"
           "  profiles                                                          list the shipped profiles\n"
           "  check FILE...                                                     validate profile files\n\n"
           "P is a shipped profile name (see 'profiles') or a path to a profile JSON file.\n"
           "--framed: the hex includes (decode) / gets (encode) the profile's length header;\n"
           "--length-header none|binary2|bcd2|ascii4|binary4 and --inclusive override the profile's.\n";
}

std::string read_all(std::istream& in) {
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::string read_input(const std::string& file) {
    if (file.empty() || file == "-") return read_all(std::cin);
    std::ifstream in(file, std::ios::binary);
    if (!in) throw CommandError("cannot read " + file);
    return read_all(in);
}

// Compact JSON is unreadable for a 30-field message; this indents objects and arrays two spaces a level.
void pretty(std::ostream& out, const json::value& v, int indent = 0) {
    const std::string pad(static_cast<std::size_t>(indent) + 2, ' ');
    const std::string close(static_cast<std::size_t>(indent), ' ');
    if (v.is_object()) {
        const auto& o = v.get_object();
        if (o.empty()) {
            out << "{}";
            return;
        }
        out << "{\n";
        std::size_t i = 0;
        for (const auto& kv : o) {
            out << pad << json::serialize(json::value(kv.key())) << ": ";
            pretty(out, kv.value(), indent + 2);
            out << (++i < o.size() ? ",\n" : "\n");
        }
        out << close << "}";
    } else if (v.is_array() && !v.get_array().empty() && v.get_array()[0].is_object()) {
        const auto& a = v.get_array();
        out << "[\n";
        for (std::size_t i = 0; i < a.size(); ++i) {
            out << pad << json::serialize(a[i]) << (i + 1 < a.size() ? ",\n" : "\n");
        }
        out << close << "]";
    } else {
        out << json::serialize(v);
    }
}

struct Common {
    std::string profile;
    bool framed = false;
    std::string length_header;
    bool inclusive = false;
};

void add_common(po::options_description& desc, Common& c) {
    desc.add_options()("profile,p", po::value(&c.profile)->required(), "profile name or file")(
        "framed", po::bool_switch(&c.framed), "input/output includes the length header")(
        "length-header", po::value(&c.length_header), "override the profile's length header")(
        "inclusive", po::bool_switch(&c.inclusive), "with --length-header: the length counts its own bytes");
}

iso::Framer framer_for(const iso::Profile& profile, const Common& c) {
    if (c.length_header.empty()) return iso::Framer(profile.framing);
    return iso::Framer(iso::parse_length_header(c.length_header), c.inclusive);
}

// Parses argv after the action with the shared option handling (cli_common.hpp). Returns false when the action
// should stop, with `status` set: 0 after --help, 2 for bad options (already reported).
bool parse(const std::string& action, const char* usage_line, int argc, char** argv, po::options_description& desc,
           int& status, po::positional_options_description* pos = nullptr) {
    po::variables_map vm;
    return parse_options("iso8583 " + action, usage_line, desc, argc, argv, vm, status, pos);
}

int decode(int argc, char** argv) {
    Common c;
    std::string hex;
    bool redact = false, spans_wanted = false;
    po::options_description desc("options");
    add_common(desc, c);
    desc.add_options()("hex", po::value(&hex), "message hex (default: read stdin; whitespace ignored)")(
        "redact", po::bool_switch(&redact), "mask PANs and hide secrets")(
        "spans", po::bool_switch(&spans_wanted), "add where each element sits in the input, and the raw hex");
    int status = kExitOk;
    if (!parse("decode", "atmbench iso8583 decode --profile P [--hex HEX] [--framed] [--redact] [--spans]", argc, argv,
               desc, status))
        return status;

    const iso::Profile profile = iso::Profile::find(c.profile);
    const iso::Codec codec(profile);
    if (hex.empty()) hex = read_all(std::cin);
    Bytes input;
    try {
        input = from_hex(hex);
    } catch (const HexError& e) {
        throw CommandError(std::string("input is not hex: ") + e.what());
    }

    ByteView payload(input);
    std::size_t base = 0;  // where the payload starts in the input
    if (c.framed) {
        const iso::Framer framer = framer_for(profile, c);
        const auto length = framer.payload_length(input);
        if (!length)
            throw iso::DecodeError(-1, 0, "a length header of " + std::to_string(framer.header_size()) + " bytes",
                                   std::to_string(input.size()) + " bytes");
        base = framer.header_size();
        if (input.size() - base != *length)
            throw iso::DecodeError(-1, 0, std::to_string(*length) + " bytes of payload (length header)",
                                   std::to_string(input.size() - base) + " bytes");
        payload = payload.subspan(base);
    }

    iso::Message message;
    std::vector<iso::FieldSpan> spans;
    try {
        codec.decode_payload(payload, message, &spans);
    } catch (const iso::DecodeError& e) {
        throw iso::DecodeError(e.field(), e.offset() + base, e.expected(), e.found());
    }

    json::object out = iso::to_json(message, profile, redact ? iso::View::Redacted : iso::View::Full);
    if (spans_wanted) {
        json::array arr;
        for (const auto& s : spans)
            arr.push_back(json::object{{"field", s.field}, {"offset", s.offset + base}, {"length", s.length}});
        out["spans"] = std::move(arr);
        out["raw"] = redact ? iso::redacted_hex(input, spans, profile, base) : to_hex(input);
    }
    pretty(std::cout, out);
    std::cout << "\n";
    return kExitOk;
}

int encode(int argc, char** argv) {
    Common c;
    std::string file;
    po::options_description desc("options");
    add_common(desc, c);
    desc.add_options()("json", po::value(&file), "message JSON file, or - for stdin (the default)");
    int status = kExitOk;
    if (!parse("encode", "atmbench iso8583 encode --profile P [--json FILE|-] [--framed]", argc, argv, desc, status))
        return status;

    const iso::Profile profile = iso::Profile::find(c.profile);
    const std::string text = read_input(file);
    std::string problem;
    const std::optional<json::value> value = atmbench::common::try_parse_json(text, problem);
    if (!value) throw CommandError("input is not usable JSON: " + problem);
    const iso::Message message = iso::from_json(*value, profile);
    Bytes out = iso::Codec(profile).encode_payload(message);
    if (c.framed) out = framer_for(profile, c).frame(out);
    std::cout << to_hex(out) << "\n";
    return kExitOk;
}

int profiles(int argc, char** argv) {
    po::options_description desc("options");
    int status = kExitOk;
    if (!parse("profiles", "atmbench iso8583 profiles", argc, argv, desc, status)) return status;

    const std::filesystem::path dir = iso::fixtures_dir() / "iso8583";
    std::vector<std::filesystem::path> files;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec))
        if (entry.path().extension() == ".json") files.push_back(entry.path());
    if (ec) throw CommandError("cannot list " + dir.string() + ": " + ec.message());
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
        try {
            const iso::Profile p = iso::Profile::load(f);
            std::cout << p.name << std::string(p.name.size() < 14 ? 14 - p.name.size() : 1, ' ') << p.description
                      << "\n";
        } catch (const iso::ProfileError& e) {
            std::cerr << "atmbench iso8583 profiles: error: " << e.what() << "\n";
            status = kExitError;
        }
    }
    return status;
}

int check(int argc, char** argv) {
    std::vector<std::string> files;
    po::options_description desc("options");
    desc.add_options()("file", po::value(&files), "profile files");
    po::positional_options_description pos;
    pos.add("file", -1);
    int status = kExitOk;
    if (!parse("check", "atmbench iso8583 check FILE...", argc, argv, desc, status, &pos)) return status;
    if (files.empty()) throw CommandError("no profile files given");
    for (const auto& f : files) {
        try {
            const iso::Profile p = iso::Profile::load(f);
            const auto n = std::count_if(p.fields.begin(), p.fields.end(), [](const auto& x) { return x.has_value(); });
            std::cout << f << ": ok (" << p.name << ", " << n << " fields)\n";
        } catch (const iso::ProfileError& e) {
            std::cerr << "atmbench iso8583 check: error: " << e.what() << "\n";
            status = kExitError;
        }
    }
    return status;
}

}  // namespace

int run_iso8583(int argc, char** argv) {
    if (argc < 2) {
        usage(std::cerr);
        return kExitError;
    }
    const std::string action = argv[1];
    if (action == "--help" || action == "-h" || action == "help") {
        usage(std::cout);
        return kExitOk;
    }
    // Each action sees its own name as argv[0], like the subcommands do.
    const int sub_argc = argc - 1;
    char** sub_argv = argv + 1;
    try {
        if (action == "decode") return decode(sub_argc, sub_argv);
        if (action == "encode") return encode(sub_argc, sub_argv);
        if (action == "profiles") return profiles(sub_argc, sub_argv);
        if (action == "check") return check(sub_argc, sub_argv);
    } catch (const std::exception& e) {
        // Codec, profile, option and input errors alike are bad input: the bench's ERROR status.
        std::cerr << "atmbench iso8583 " << action << ": error: " << e.what() << "\n";
        return kExitError;
    }
    std::cerr << "atmbench iso8583: unknown action '" << action << "'\n";
    usage(std::cerr);
    return kExitError;
}

}  // namespace atmbench::cli
