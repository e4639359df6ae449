// The issuer's accounts the simulated host authorises against (fixtures/accounts/*.yaml).
#pragma once

#include "atmbench/common/luhn.hpp"

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace atmbench::host {

enum class AccountStatus { Active, Lost, Stolen, Expired, Restricted };

std::string to_string(AccountStatus s);

struct Account {
    std::string pan;
    std::string pin;       // clear, test data only; never printed
    std::int64_t balance;  // minor units (fen)
    std::string currency;  // ISO 4217 numeric, "156" CNY
    AccountStatus status = AccountStatus::Active;
    std::int64_t daily_withdrawal_limit;  // minor units
    int daily_withdrawal_count_limit;
    int pin_tries_limit;  // wrong PINs in a day before 75 (PIN tries exceeded)
    std::string holder;

    // Reset each time the host starts; a bench day is one host run.
    std::int64_t withdrawn_today = 0;
    int withdrawals_today = 0;
    int wrong_pins_today = 0;
};

class AccountBook {
public:
    // Loads one or more files (a directory loads its *.yaml). Throws FixtureError with file, line and key; a PAN
    // defined twice is an error naming both places.
    static AccountBook load(const std::vector<std::filesystem::path>& paths);

    Account* find(const std::string& pan);
    const std::map<std::string, Account>& accounts() const { return accounts_; }

private:
    std::map<std::string, Account> accounts_;
    std::map<std::string, std::string> defined_at_;
};

// ISO/IEC 7812 check digit (Luhn) of a PAN: one implementation, in atmbench_common.
using atmbench::luhn_valid;

}  // namespace atmbench::host
