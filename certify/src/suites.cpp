#include "suites.hpp"

#include <boost/json.hpp>

namespace atmbench::certify {

using namespace suites_detail;

const std::vector<SuiteDef>& suites() {
    static const std::vector<SuiteDef> all{
        {"Common", "Common", common_suite},
        {"CardReader", "CardReader", card_reader_suite},
        {"CashDispenser", "CashDispenser", cash_dispenser_suite},
        {"CashAcceptor", "CashAcceptor", cash_acceptor_suite},
        {"PinPad", "Keyboard", pin_pad_suite},
        {"Printer", "Printer", printer_suite},
        {"TextTerminal", "TextTerminal", text_terminal_suite},
        {"Lights", "Lights", lights_suite},
        {"Auxiliaries", "Auxiliaries", auxiliaries_suite},
    };
    return all;
}

namespace suites_detail {

namespace json = boost::json;

std::optional<WaitingCommand> waiting_command(const ServiceInfo& info) {
    if (info.has_command("CardReader.ReadRawData")) return WaitingCommand{"CardReader.ReadRawData", {{"track2", true}}};
    if (info.has_command("Keyboard.DataEntry")) {
        // 2024-03 activeKeys: {name: {terminate}} (§3.1 Keyboard.PinEntry); Enter ends it, so it waits for a person.
        json::object keys{{"enter", json::object{{"terminate", true}}}};
        for (const char* d : {"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"})
            keys[d] = json::object{{"terminate", false}};
        return WaitingCommand{"Keyboard.DataEntry", {{"maxLen", 4}, {"autoEnd", false}, {"activeKeys", std::move(keys)}}};
    }
    if (info.has_command("TextTerminal.Read")) {
        // §3 TextTerminal.Read: 4 digits, ended only by Enter (autoEnd false), so it waits for a person.
        return WaitingCommand{"TextTerminal.Read",
                              {{"numOfChars", 4},
                               {"autoEnd", false},
                               {"echoMode", "text"},
                               {"activeKeys", "0123456789"},
                               {"commandKeys", json::object{{"enter", json::object{{"terminate", true}}}}}}};
    }
    return std::nullopt;
}

const json::object* object_at(const json::object& o, std::initializer_list<const char*> path) {
    const json::object* at = &o;
    for (const char* key : path) {
        const json::value* v = at->if_contains(key);
        if (!v || !v->is_object()) return nullptr;
        at = &v->as_object();
    }
    return at;
}

namespace {
const json::value* value_at(const json::object& o, std::initializer_list<const char*> path) {
    const json::object* at = &o;
    const json::value* v = nullptr;
    std::size_t i = 0;
    for (const char* key : path) {
        v = at->if_contains(key);
        if (!v) return nullptr;
        if (++i < path.size()) {
            if (!v->is_object()) return nullptr;
            at = &v->as_object();
        }
    }
    return v;
}
}  // namespace

std::string text_at(const json::object& o, std::initializer_list<const char*> path) {
    const json::value* v = value_at(o, path);
    return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

std::optional<std::int64_t> int_at(const json::object& o, std::initializer_list<const char*> path) {
    const json::value* v = value_at(o, path);
    if (v && v->is_int64()) return v->as_int64();
    if (v && v->is_uint64()) return static_cast<std::int64_t>(v->as_uint64());
    return std::nullopt;
}

}  // namespace suites_detail

}  // namespace atmbench::certify
