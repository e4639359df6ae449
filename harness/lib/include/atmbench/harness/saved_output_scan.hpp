// The last check of a run (issue 13, "no secret out"): every file the run saved — trace files, JSON, JUnit and
// HTML reports — is searched for a full PAN, track 2 data, and the PIN blocks and keys of the run, so a writer
// that forgets the saved view (saved_view.hpp) turns the run into an ERROR instead of shipping card data.
// Findings name FILE:LINE and what was found, never the value itself.
#pragma once

#include "atmbench/devices/device_set.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace atmbench::harness {

struct SavedSecret {
    std::filesystem::path file;
    std::size_t line = 0;  // 1-based
    std::string what;      // "a full PAN (622202*********0018)", "a PIN block (PinPad.GetPinBlock pinBlock, hex)"
};

// What a saved file must not hold besides card numbers found by meaning: the secret values the devices handled
// (as on the wire and in hex) and the terminals' master keys of fixtures/keys (in hex).
struct KnownSecret {
    std::string value;
    std::string what;
};
std::vector<KnownSecret> known_secrets(const std::vector<devices::RedactedSecret>& handled, const std::filesystem::path& keys_file);

// A PAN counts (pan_scan.hpp finds the candidates) when it is a card of `catalogue` (the card fixtures), when
// track 2 separator and expiry follow it ('=' or 'D' and 4 digits), or when it is not a JSON number (timestamps in
// ns are 13-19 digit numbers; the protocols carry PANs as strings). Folders are searched through.
std::vector<SavedSecret> scan_saved_outputs(const std::vector<std::filesystem::path>& outputs, const std::vector<std::string>& catalogue,
                                            const std::vector<KnownSecret>& secrets);

}  // namespace atmbench::harness
