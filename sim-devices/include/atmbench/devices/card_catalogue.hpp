// Test cards loaded from fixtures/cards/*.yaml (format: fixtures/cards/README.md). Errors are
// atmbench::common::FixtureError naming the file, the line and the key.
#pragma once

#include "atmbench/devices/card.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace atmbench::devices {

class CardCatalogue {
public:
    // A file, or a folder whose *.yaml files are loaded in name order. An id defined twice is an error.
    static CardCatalogue load(const std::filesystem::path& path);
    static CardCatalogue parse(const std::string& yaml_text, const std::string& source_name);

    const std::vector<Card>& cards() const { return cards_; }
    const Card* find(std::string_view id) const;
    const Card* find_pan(std::string_view pan) const;

private:
    void add_text(const std::string& yaml_text, const std::string& source_name);
    std::vector<Card> cards_;
    std::vector<std::string> where_;  // "file:line" of each card, for duplicate errors
};

}  // namespace atmbench::devices
