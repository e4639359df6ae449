// Fuzz target: the ISO 8583 profile loader (Profile::parse, dialect included). Input: a profile file's text.
// Contract (profile.hpp): a profile that cannot be used throws ProfileError naming the file, the field and what was
// expected; nothing else escapes, nothing crashes. A profile it accepted must give a codec that keeps the decoder's
// contract too, so the same bytes are then decoded as a payload with it.
#include "fuzz_target.hpp"

#include "atmbench/iso8583/codec.hpp"

#include <string>

using namespace atmbench::iso8583;

extern "C" int LLVMFuzzerInitialize(int*, char***) { return 0; }

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    Profile profile;
    try {
        profile = Profile::parse(text, "fuzz.json");
    } catch (const ProfileError&) {
        return 0;
    }
    const Codec codec(profile);
    Message message;
    try {
        codec.decode_payload(atmbench::ByteView(data, size), message);
    } catch (const DecodeError&) {
    }
    return 0;
}
