// Reading the golden vectors (README.md in this folder) for the codec and crypto tests of the bench and of the
// reference terminal: the same bytes judge both.
#pragma once

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace atmbench::vectors {

struct MessageVector {
    std::string name, cite, mti;
    std::vector<std::pair<int, std::string>> fields;  // ascending; type b values as hex
    std::string hex;                                  // MTI .. last field, uppercase, no spaces
    std::string frame_head;                           // what precedes the message on the wire ("" when not given)
};

struct ProfileVectors {
    std::string profile;
    std::vector<MessageVector> vectors;
};

struct MacVector {
    std::string name, alg, cipher, key, data_hex, mac;
};

inline std::string joined_hex(const YAML::Node& n) {
    std::string out;
    auto add = [&](const std::string& s) {
        for (char c : s)
            if (c != ' ') out.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
    };
    if (!n.IsDefined()) return out;  // an optional key left out (IsSequence would throw on it)
    if (n.IsSequence())
        for (const auto& part : n) add(part.as<std::string>());
    else
        add(n.as<std::string>());
    return out;
}

// Beside fixtures/ in the source tree (the test programs know only where the fixtures are).
inline std::filesystem::path vectors_dir() { return std::filesystem::path(ATMBENCH_FIXTURES_DIR) / ".." / "tests" / "unit" / "vectors"; }

inline std::vector<ProfileVectors> profile_vectors() {
    std::vector<ProfileVectors> all;
    std::vector<std::filesystem::path> files;
    for (const auto& e : std::filesystem::directory_iterator(vectors_dir()))
        if (e.path().extension() == ".yaml" && e.path().filename() != "mac.yaml") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    for (const auto& file : files) {
        YAML::Node doc = YAML::LoadFile(file.string());
        ProfileVectors p;
        p.profile = doc["profile"].as<std::string>();
        for (const auto& v : doc["vectors"]) {
            MessageVector m;
            m.name = v["name"].as<std::string>();
            m.cite = v["cite"].as<std::string>("");
            m.mti = v["mti"].as<std::string>();
            for (const auto& kv : v["fields"]) m.fields.emplace_back(kv.first.as<int>(), kv.second.as<std::string>());
            std::sort(m.fields.begin(), m.fields.end());
            m.hex = joined_hex(v["hex"]);
            m.frame_head = joined_hex(v["frame"]);
            p.vectors.push_back(std::move(m));
        }
        all.push_back(std::move(p));
    }
    return all;
}

inline std::vector<MacVector> mac_vectors() {
    std::vector<MacVector> all;
    YAML::Node doc = YAML::LoadFile((vectors_dir() / "mac.yaml").string());
    for (const auto& v : doc["vectors"]) {
        MacVector m;
        m.name = v["name"].as<std::string>();
        m.alg = v["alg"].as<std::string>();
        m.cipher = v["cipher"].as<std::string>();
        m.key = v["key"].as<std::string>();
        if (v["text"]) {
            static const char* digits = "0123456789ABCDEF";
            for (unsigned char c : v["text"].as<std::string>()) {
                m.data_hex.push_back(digits[c >> 4]);
                m.data_hex.push_back(digits[c & 0xF]);
            }
        } else {
            m.data_hex = joined_hex(v["data"]);
        }
        m.mac = joined_hex(v["mac"]);
        all.push_back(std::move(m));
    }
    return all;
}

}  // namespace atmbench::vectors
