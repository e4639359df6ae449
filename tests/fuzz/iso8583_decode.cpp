// Fuzz target: the ISO 8583 decoder (Codec::decode_payload) with every shipped profile of fixtures/iso8583/ and the
// test dialect of tests/data/iso8583/. Input: one byte choosing the profile (its index, modulo their number, in
// file-name order), then the payload as it comes off the wire after the length header (TPDU, header, MTI, bitmap,
// fields). The decoder's contract (codec_error.hpp): arbitrary bytes never crash it and it throws DecodeError and
// nothing else. What it accepted must also survive the views the bench prints (to_json, redacted_hex with the spans
// it reported) and, when the codec can pack it again, decode to the same message.
#include "fuzz_target.hpp"

#include "atmbench/iso8583/codec.hpp"
#include "atmbench/iso8583/message_json.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <vector>

using namespace atmbench::iso8583;

namespace {

std::vector<Profile> load_profiles() {
    std::vector<std::filesystem::path> files;
    for (const char* dir : {ATMBENCH_FUZZ_SOURCE_DIR "/fixtures/iso8583", ATMBENCH_FUZZ_SOURCE_DIR "/tests/data/iso8583"})
        for (const auto& e : std::filesystem::directory_iterator(dir))
            if (e.path().extension() == ".json") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    std::vector<Profile> out;
    for (const auto& f : files) out.push_back(Profile::load(f));
    return out;
}

const std::vector<Profile>& profiles() {
    static const std::vector<Profile> all = load_profiles();
    return all;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    profiles();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1) return 0;
    const Profile& profile = profiles()[data[0] % profiles().size()];
    const Codec codec(profile);
    const atmbench::ByteView payload(data + 1, size - 1);
    Message message;
    std::vector<FieldSpan> spans;
    try {
        codec.decode_payload(payload, message, &spans);
    } catch (const DecodeError&) {
        return 0;
    }
    for (const auto& s : spans)
        if (s.offset + s.length > payload.size()) std::abort();  // a span outside what was decoded
    (void)to_json(message, profile, View::Full);
    (void)to_json(message, profile, View::Redacted);
    (void)redacted_hex(payload, spans, profile);
    atmbench::Bytes again;
    try {
        again = codec.encode_payload(message);
    } catch (const EncodeError&) {
        return 0;  // decoding is lenient where packing is strict (e.g. a field the packer would pad differently)
    }
    Message back;
    codec.decode_payload(again, back);  // what the codec packed it must read: no DecodeError here
    if (!(back == message)) std::abort();
    return 0;
}
