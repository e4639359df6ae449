#include "atmbench/host/message_mac.hpp"

namespace atmbench::host {

namespace {
// Bytes the 8-byte MAC occupies on the wire: binary fields carry it raw, hex-ASCII dialects as 16 characters.
std::size_t mac_wire_length(const iso8583::Profile& profile, int field) {
    const iso8583::FieldSpec* spec = profile.field(field);
    return spec && spec->encoding == iso8583::Encoding::HexAscii ? 16 : 8;
}
}  // namespace

int mac_field_for(const iso8583::Message& message) {
    for (const auto& [n, v] : message.fields())
        if (n > 64 && n < 128) return 128;
    return 64;
}

Bytes sign_message(iso8583::Message& message, const iso8583::Codec& codec, crypto::MacAlgorithm alg,
                   const crypto::BlockKey& mak) {
    int field = mac_field_for(message);
    message.erase(field == 64 ? 128 : 64);
    message.set(field, std::string(8, '\0'));
    Bytes body;
    codec.encode_body(message, body);
    std::size_t mab_len = body.size() - mac_wire_length(codec.profile(), field);
    Bytes mac = crypto::link_mac(alg, mak, ByteView(body.data(), mab_len));
    message.set(field, std::string(mac.begin(), mac.end()));
    body.clear();
    codec.encode_body(message, body);
    return body;
}

MacCheck verify_message(ByteView body, const iso8583::Message& message, const iso8583::Codec& codec,
                        crypto::MacAlgorithm alg, const crypto::BlockKey& mak) {
    int field = mac_field_for(message);
    const std::string* mac = message.find(field);
    if (!mac || message.fields().back().first != field) return MacCheck::Missing;
    std::size_t wire = mac_wire_length(codec.profile(), field);
    if (body.size() < wire || mac->size() != 8) return MacCheck::Invalid;
    return crypto::verify_link_mac(alg, mak, body.first(body.size() - wire), view_of(*mac)) ? MacCheck::Valid
                                                                                              : MacCheck::Invalid;
}

}  // namespace atmbench::host
