#include "atmbench/host/account_book.hpp"

#include "atmbench/host/yaml_source.hpp"

#include <algorithm>

namespace atmbench::host {

std::string to_string(AccountStatus s) {
    switch (s) {
        case AccountStatus::Active: return "active";
        case AccountStatus::Lost: return "lost";
        case AccountStatus::Stolen: return "stolen";
        case AccountStatus::Expired: return "expired";
        case AccountStatus::Restricted: return "restricted";
    }
    return "?";
}

namespace {

AccountStatus parse_status(const YamlReader& r) {
    std::string s = r.string_or("status", "active");
    for (auto st : {AccountStatus::Active, AccountStatus::Lost, AccountStatus::Stolen, AccountStatus::Expired,
                    AccountStatus::Restricted})
        if (to_string(st) == s) return st;
    r.fail(r["status"], "status", "expected one of active, lost, stolen, expired, restricted (found \"" + s + "\")");
}

std::vector<std::filesystem::path> expand(const std::vector<std::filesystem::path>& paths) {
    std::vector<std::filesystem::path> files;
    for (const auto& p : paths) {
        if (std::filesystem::is_directory(p)) {
            std::vector<std::filesystem::path> in_dir;
            for (const auto& e : std::filesystem::directory_iterator(p))
                if (e.path().extension() == ".yaml" || e.path().extension() == ".yml") in_dir.push_back(e.path());
            std::sort(in_dir.begin(), in_dir.end());
            files.insert(files.end(), in_dir.begin(), in_dir.end());
        } else {
            files.push_back(p);
        }
    }
    return files;
}

}  // namespace

AccountBook AccountBook::load(const std::vector<std::filesystem::path>& paths) {
    AccountBook book;
    for (const auto& file : expand(paths)) {
        YamlReader doc(load_yaml_file(file), file.string());
        doc.require_map("an accounts file (top-level key 'accounts')");
        doc.allow_only({"accounts"});
        YAML::Node list = doc["accounts"];
        if (!list.IsSequence()) doc.fail(list, "accounts", "expected a list of accounts");
        for (const auto& node : list) {
            YamlReader r(node, file.string());
            r.require_map("an account");
            r.allow_only({"pan", "pin", "balance", "currency", "status", "holder", "limits"});
            Account a;
            a.pan = r.digits("pan", 13, 19);
            if (!luhn_valid(a.pan)) r.fail(r["pan"], "pan", "check digit does not verify (Luhn) for " + a.pan);
            a.pin = r.digits("pin", 4, 12);
            a.balance = r.money("balance");
            a.currency = r.has("currency") ? r.digits("currency", 3, 3) : "156";
            a.status = parse_status(r);
            a.holder = r.string_or("holder", "");
            YamlReader limits = r.child("limits");
            if (r.has("limits")) {
                limits.require_map("limits");
                limits.allow_only({"daily_withdrawal", "daily_withdrawal_count", "pin_tries"});
            }
            a.daily_withdrawal_limit = r.has("limits") ? limits.money_or("daily_withdrawal", 2000000) : 2000000;
            a.daily_withdrawal_count_limit =
                r.has("limits") ? static_cast<int>(limits.integer_or("daily_withdrawal_count", 10, 1, 1000)) : 10;
            a.pin_tries_limit = r.has("limits") ? static_cast<int>(limits.integer_or("pin_tries", 3, 1, 99)) : 3;
            std::string here = file.string() + ":" + std::to_string(r.line());
            if (auto it = book.defined_at_.find(a.pan); it != book.defined_at_.end())
                throw FixtureError(here + ": pan: " + a.pan + " is already defined at " + it->second);
            book.defined_at_[a.pan] = here;
            book.accounts_[a.pan] = std::move(a);
        }
    }
    return book;
}

Account* AccountBook::find(const std::string& pan) {
    auto it = accounts_.find(pan);
    return it == accounts_.end() ? nullptr : &it->second;
}

}  // namespace atmbench::host
