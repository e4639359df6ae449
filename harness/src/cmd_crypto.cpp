// `atmbench crypto`: the payment-crypto library as hand tools, for checking a trace (PIN blocks, MACs, KCVs,
// wrapped keys). Algorithms: docs/references.md [ISO8583] §3.1; F62/KCV conventions: §1.7.
// Exit status (commands.hpp): 0 done / verified, 1 a --verify or --verify-pin check failed, 2 bad input.
#include "commands.hpp"

#include "atmbench/bytes.hpp"
#include "atmbench/crypto/block_cipher.hpp"
#include "atmbench/crypto/mac.hpp"
#include "atmbench/crypto/pin_block.hpp"
#include "atmbench/crypto/working_keys.hpp"

#include <boost/json.hpp>
#include <boost/program_options.hpp>

#include <iostream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace po = boost::program_options;
namespace json = boost::json;

namespace atmbench::cli {
namespace {

using crypto::BlockKey;
using crypto::CipherFamily;
using crypto::CryptoError;

// Bad input of any kind; the message goes after "atmbench crypto <sub>: error: ".
struct UsageError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct Sub {
    std::string_view name;
    int (*run)(const po::variables_map&, bool json_out);
    void (*options)(po::options_description&);
    std::string_view summary;
};

// --- shared option handling ---

Bytes hex_option(const po::variables_map& vm, const char* name) {
    try {
        return from_hex(vm[name].as<std::string>());
    } catch (const HexError& e) {
        throw UsageError(std::string("--") + name + ": " + e.what());
    }
}

std::optional<std::string> opt_string(const po::variables_map& vm, const char* name) {
    if (!vm.count(name)) return std::nullopt;
    return vm[name].as<std::string>();
}

CipherFamily cipher_option(const po::variables_map& vm, CipherFamily fallback) {
    if (!vm.count("cipher")) return fallback;
    try {
        return crypto::parse_cipher_family(vm["cipher"].as<std::string>());
    } catch (const CryptoError& e) {
        throw UsageError(std::string("--cipher: ") + e.what());
    }
}

BlockKey key_option(const po::variables_map& vm, const char* name, CipherFamily family) {
    const Bytes raw = hex_option(vm, name);
    try {
        return BlockKey::make(family, raw);
    } catch (const CryptoError& e) {
        throw UsageError(std::string("--") + name + ": " + e.what());
    }
}

std::size_t kcv_length_option(const po::variables_map& vm, const BlockKey& key) {
    const std::size_t n = vm["length"].as<std::size_t>();
    if (n == 0 || n > key.block_size())
        throw UsageError("--length must be 1.." + std::to_string(key.block_size()) + " for a " +
                         crypto::to_string(key.family()) + " key, got " + std::to_string(n));
    return n;
}

void require(const po::variables_map& vm, std::initializer_list<const char*> names, const char* why) {
    for (const char* n : names)
        if (!vm.count(n)) throw UsageError(std::string("the option '--") + n + "' is required" + (*why ? std::string(" ") + why : ""));
}

void print_json(const json::object& o) { std::cout << json::serialize(o) << "\n"; }

// Text output: aligned "label: value" lines.
void print_line(std::string_view label, std::string_view value) {
    std::cout << label << ':' << std::string(label.size() < 16 ? 16 - label.size() : 1, ' ') << value << "\n";
}

// --- pinblock ---

void pinblock_options(po::options_description& d) {
    d.add_options()
        ("pin", po::value<std::string>(), "PIN (4..12 digits): build its ISO 9564 format-0 block")
        ("pan", po::value<std::string>(), "primary account number (13..19 digits)")
        ("key", po::value<std::string>(), "PIN key (PIK), hex: encrypt the block / decrypt --decrypt")
        ("cipher", po::value<std::string>(), "3des (default) or sm4")
        ("decrypt", po::value<std::string>(), "encrypted PIN block (hex) to decrypt; needs --pan and --key")
        ("verify-pin", po::value<std::string>(), "with --decrypt: exit 0 if the block carries this PIN, 1 if not");
}

int run_pinblock(const po::variables_map& vm, bool json_out) {
    require(vm, {"pan"}, "");
    const std::string pan = vm["pan"].as<std::string>();
    if (vm.count("decrypt")) {
        if (vm.count("pin")) throw UsageError("--pin and --decrypt exclude each other (use --verify-pin to check)");
        require(vm, {"key"}, "with --decrypt");
        const BlockKey pik = key_option(vm, "key", cipher_option(vm, CipherFamily::Tdes));
        const Bytes block = hex_option(vm, "decrypt");
        // A block of the wrong size is a typo, not a PIN that fails to verify.
        const std::size_t want = pik.family() == CipherFamily::Sm4 ? 16 : 8;
        if (block.size() != want)
            throw UsageError("--decrypt: an encrypted PIN block under " + crypto::to_string(pik.family()) + " is " +
                             std::to_string(want) + " bytes, got " + std::to_string(block.size()));
        if (auto expected = opt_string(vm, "verify-pin")) {
            (void)crypto::iso0_clear_block(*expected, pan);  // a malformed --verify-pin/--pan is bad input, not FAIL
            const bool ok = crypto::verify_pin(pik, block, pan, *expected);
            if (json_out)
                print_json({{"verified", ok}});
            else
                std::cout << (ok ? "PIN matches\n" : "PIN does not match\n");
            return ok ? kExitOk : kExitFail;
        }
        const std::string pin = crypto::decrypt_pin(pik, block, pan);
        const Bytes clear = crypto::iso0_clear_block(pin, pan);
        if (json_out) {
            print_json({{"cipher", crypto::to_string(pik.family())}, {"clear_block", to_hex(clear)}, {"pin", pin}});
        } else {
            print_line("clear block", to_hex(clear));
            print_line("pin", pin);
        }
        return kExitOk;
    }
    if (vm.count("verify-pin")) throw UsageError("--verify-pin needs --decrypt BLOCKHEX");
    require(vm, {"pin"}, "(or --decrypt BLOCKHEX)");
    const std::string pin = vm["pin"].as<std::string>();
    const Bytes clear = crypto::iso0_clear_block(pin, pan);
    std::optional<BlockKey> pik;
    if (vm.count("key")) pik = key_option(vm, "key", cipher_option(vm, CipherFamily::Tdes));
    else if (vm.count("cipher")) throw UsageError("--cipher needs --key");
    const std::optional<Bytes> enc =
        pik ? std::optional<Bytes>(crypto::encrypt_pin_block(*pik, pin, pan)) : std::nullopt;
    if (json_out) {
        json::object o{{"clear_block", to_hex(clear)}};
        if (enc) {
            o["cipher"] = crypto::to_string(pik->family());
            o["encrypted_block"] = to_hex(*enc);
        }
        print_json(o);
    } else {
        print_line("clear block", to_hex(clear));
        if (enc) print_line("encrypted block", to_hex(*enc) + " (" + crypto::to_string(pik->family()) + ")");
    }
    return kExitOk;
}

// --- mac ---

void mac_options(po::options_description& d) {
    d.add_options()
        ("alg", po::value<std::string>(), "x9.9 | x9.19 | cup-ecb | sm4-cbc")
        ("key", po::value<std::string>(), "MAC key (MAK), hex: 8 bytes for x9.9, 16 for x9.19, 16 SM4 for sm4-cbc")
        ("cipher", po::value<std::string>(), "for cup-ecb: 3des (default; 8/16/24-byte key) or sm4")
        ("data", po::value<std::string>(), "MAC input block (MAB), hex")
        ("text", po::value<std::string>(), "MAC input as ASCII text instead of --data")
        ("verify", po::value<std::string>(),
         "received MAC, hex (8-byte link MAC or the full MAC; cup-ecb also takes its 8 characters): exit 1 on "
         "mismatch");
}

int run_mac(const po::variables_map& vm, bool json_out) {
    require(vm, {"alg", "key"}, "");
    crypto::MacAlgorithm alg;
    try {
        alg = crypto::parse_mac_algorithm(vm["alg"].as<std::string>());
    } catch (const CryptoError& e) {
        throw UsageError(std::string("--alg: ") + e.what());
    }
    // x9.9/x9.19 are DES-only and sm4-cbc SM4-only; only cup-ecb takes either, so --cipher chooses only there.
    const CipherFamily fixed = alg == crypto::MacAlgorithm::Sm4Cbc ? CipherFamily::Sm4 : CipherFamily::Tdes;
    const CipherFamily family = cipher_option(vm, fixed);
    if (alg != crypto::MacAlgorithm::CupEcb && family != fixed)
        throw UsageError("--cipher " + crypto::to_string(family) + " does not fit " + crypto::to_string(alg) +
                         " (it uses " + crypto::to_string(fixed) + ")");
    const BlockKey mak = key_option(vm, "key", family);
    if (vm.count("data") == vm.count("text")) throw UsageError("give exactly one of --data HEX and --text ASCII");
    const Bytes data = vm.count("data") ? hex_option(vm, "data") : Bytes(view_of(vm["text"].as<std::string>()).begin(),
                                                                          view_of(vm["text"].as<std::string>()).end());
    Bytes mac;
    try {
        mac = crypto::compute_mac(alg, mak, data);
    } catch (const CryptoError& e) {
        throw UsageError(std::string("--key: ") + e.what());  // the only way compute_mac fails: key does not suit
    }
    const Bytes link(mac.begin(), mac.begin() + 8);

    std::optional<bool> verified;
    if (auto v = opt_string(vm, "verify")) {
        Bytes received;
        if (alg == crypto::MacAlgorithm::CupEcb && v->size() == 8) {
            received.assign(v->begin(), v->end());  // the 8 characters as they appear in the trace
        } else {
            received = hex_option(vm, "verify");
            if (received.size() != 8 && received.size() != mac.size())
                throw UsageError("--verify: expected the 8-byte link MAC" +
                                 (mac.size() != 8 ? " or the " + std::to_string(mac.size()) + "-byte full MAC" : "") +
                                 ", got " + std::to_string(received.size()) + " bytes");
        }
        verified = received.size() == 8 ? crypto::verify_link_mac(alg, mak, data, received) : received == mac;
    }

    const bool ascii = alg == crypto::MacAlgorithm::CupEcb;  // the CUP ECB MAC is 8 hex characters
    if (json_out) {
        json::object o{{"algorithm", crypto::to_string(alg)}, {"mac", to_hex(mac)}, {"link_mac", to_hex(link)}};
        if (ascii) o["mac_ascii"] = atmbench::to_string(mac);
        if (verified) o["verified"] = *verified;
        print_json(o);
    } else {
        print_line("algorithm", crypto::to_string(alg));
        print_line("mac", to_hex(mac) + (ascii ? " (\"" + atmbench::to_string(mac) + "\")" : ""));
        print_line("link mac", to_hex(link));
        if (verified) print_line("verify", *verified ? "MAC matches" : "MAC does not match");
    }
    return verified.value_or(true) ? kExitOk : kExitFail;
}

// --- kcv ---

void kcv_options(po::options_description& d) {
    d.add_options()
        ("key", po::value<std::string>(), "key, hex")
        ("cipher", po::value<std::string>(), "3des (default) or sm4")
        ("length", po::value<std::size_t>()->default_value(3), "KCV bytes (3 by convention, 4 in CUP F62)");
}

int run_kcv(const po::variables_map& vm, bool json_out) {
    require(vm, {"key"}, "");
    const BlockKey key = key_option(vm, "key", cipher_option(vm, CipherFamily::Tdes));
    const Bytes kcv = crypto::key_check_value(key, kcv_length_option(vm, key));
    if (json_out)
        print_json({{"cipher", crypto::to_string(key.family())}, {"kcv", to_hex(kcv)}});
    else
        print_line("kcv", to_hex(kcv));
    return kExitOk;
}

// --- wrap / unwrap ---

void wrap_options(po::options_description& d) {
    d.add_options()
        ("master", po::value<std::string>(), "master key (TMK), hex")
        ("key", po::value<std::string>(), "the key to wrap (wrap) or the wrapped key (unwrap), hex")
        ("cipher", po::value<std::string>(), "3des (default) or sm4, for both keys")
        ("length", po::value<std::size_t>()->default_value(3), "KCV bytes of the clear key (CUP F62 uses 4)");
}

int wrap_or_unwrap(const po::variables_map& vm, bool json_out, bool wrap) {
    require(vm, {"master", "key"}, "");
    const CipherFamily family = cipher_option(vm, CipherFamily::Tdes);
    const BlockKey master = key_option(vm, "master", family);
    const Bytes in = hex_option(vm, "key");
    Bytes clear, wrapped;
    try {
        if (wrap) {
            clear = in;
            wrapped = crypto::wrap_key(master, in);
        } else {
            wrapped = in;
            clear = crypto::unwrap_key(master, in);
        }
    } catch (const CryptoError& e) {
        throw UsageError(std::string("--key: ") + e.what());
    }
    std::optional<Bytes> kcv;
    try {
        const BlockKey k = BlockKey::make(family, clear);
        kcv = crypto::key_check_value(k, kcv_length_option(vm, k));
    } catch (const CryptoError&) {
        // A block-multiple that is no key length of the family (e.g. 32 bytes): wrapping is still well defined,
        // there is just no KCV to show.
    }
    if (json_out) {
        json::object o{{"cipher", crypto::to_string(family)}, {"clear_key", to_hex(clear)},
                       {"wrapped_key", to_hex(wrapped)}};
        if (kcv) o["kcv"] = to_hex(*kcv);
        print_json(o);
    } else {
        print_line(wrap ? "wrapped key" : "clear key", to_hex(wrap ? wrapped : clear));
        if (kcv) print_line("kcv (clear key)", to_hex(*kcv));
    }
    return kExitOk;
}

int run_wrap(const po::variables_map& vm, bool json_out) { return wrap_or_unwrap(vm, json_out, true); }
int run_unwrap(const po::variables_map& vm, bool json_out) { return wrap_or_unwrap(vm, json_out, false); }

// --- dispatch ---

constexpr Sub kSubs[] = {
    {"pinblock", run_pinblock, pinblock_options, "build, encrypt, decrypt or verify an ISO 9564 format-0 PIN block"},
    {"mac", run_mac, mac_options, "compute or verify an X9.9, X9.19, CUP ECB or SM4 CBC MAC"},
    {"kcv", run_kcv, kcv_options, "key check value of a DES/3DES or SM4 key"},
    {"wrap", run_wrap, wrap_options, "encrypt a working key under a master key (ECB), with its KCV"},
    {"unwrap", run_unwrap, wrap_options, "decrypt a working key wrapped under a master key, with its KCV"},
};

const char* const kExamples[] = {
    "atmbench crypto pinblock --pin 1234 --pan 5555555551234567 --key 0123456789ABCDEFFEDCBA9876543210",
    "atmbench crypto pinblock --decrypt 230B4C43B8BA2C5C --pan 5555555551234567 --key 0123456789ABCDEFFEDCBA9876543210",
    "atmbench crypto mac --alg x9.19 --key 0123456789ABCDEFFEDCBA9876543210 --text 'Now is the time for all '",
    "atmbench crypto kcv --key 0123456789ABCDEFFEDCBA9876543210 --length 4",
};

void overview(std::ostream& out) {
    out << "usage: atmbench crypto <sub> [options] [--json]\n\nsubcommands:\n";
    for (const auto& s : kSubs) out << "  " << s.name << std::string(10 - s.name.size(), ' ') << s.summary << "\n";
    out << "\nexamples:\n";
    for (const char* e : kExamples) out << "  " << e << "\n";
    out << "\n'atmbench crypto <sub> --help' shows a subcommand's options. Exit status: 0 ok, 1 a --verify/--verify-pin "
           "check failed, 2 bad input.\n";
}

po::options_description options_for(const Sub& s) {
    po::options_description d(std::string("atmbench crypto ") + std::string(s.name) + " options");
    s.options(d);
    d.add_options()("json", "print one JSON object instead of text")("help,h", "show this help");
    return d;
}

int run_sub(const Sub& s, int argc, char** argv) {
    const std::string prefix = "atmbench crypto " + std::string(s.name) + ": error: ";
    const po::options_description desc = options_for(s);
    po::variables_map vm;
    try {
        // No positional arguments: a stray word is an error, not silently ignored.
        po::store(po::command_line_parser(argc, argv).options(desc).positional({}).run(), vm);
        po::notify(vm);
    } catch (const po::error& e) {
        std::cerr << prefix << e.what() << "\n";
        return kExitError;
    }
    if (vm.count("help")) {
        std::cout << "usage: atmbench crypto " << s.name << " [options]\n" << s.summary << "\n\n" << desc;
        return kExitOk;
    }
    try {
        return s.run(vm, vm.count("json") > 0);
    } catch (const UsageError& e) {
        std::cerr << prefix << e.what() << "\n";
    } catch (const CryptoError& e) {
        std::cerr << prefix << e.what() << "\n";
    } catch (const HexError& e) {
        std::cerr << prefix << e.what() << "\n";
    } catch (const std::exception& e) {
        std::cerr << prefix << e.what() << "\n";
    }
    return kExitError;
}

}  // namespace

int run_crypto(int argc, char** argv) {
    if (argc < 2) {
        std::cerr << "atmbench crypto: error: missing subcommand\n";
        overview(std::cerr);
        return kExitError;
    }
    const std::string_view name = argv[1];
    if (name == "--help" || name == "-h" || name == "help") {
        overview(std::cout);
        return kExitOk;
    }
    for (const auto& s : kSubs)
        if (s.name == name) return run_sub(s, argc - 1, argv + 1);  // argv[0] becomes the sub's name
    std::cerr << "atmbench crypto: error: unknown subcommand '" << name << "'\n";
    overview(std::cerr);
    return kExitError;
}

}  // namespace atmbench::cli
