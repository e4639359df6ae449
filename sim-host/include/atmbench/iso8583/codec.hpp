// Packing and unpacking of message bodies (MTI, bitmap, fields) and of whole frames for one profile.
// Packaging only: splitting a byte stream into frames is framing.hpp's job, matching replies to requests the
// host's (jPOS keeps these apart; so do we).
#pragma once

#include "atmbench/iso8583/codec_error.hpp"
#include "atmbench/iso8583/message.hpp"
#include "atmbench/iso8583/profile.hpp"

#include <vector>

namespace atmbench::iso8583 {

// Where each element sits in an encoded body; used to redact raw bytes and to annotate hex dumps.
struct FieldSpan {
    int field;  // 0 MTI, 1 bitmap(s), 2..128 fields (prefix included)
    std::size_t offset;
    std::size_t length;
};

class Codec {
public:
    explicit Codec(const Profile& profile) : profile_(&profile) {}
    Codec(Profile&&) = delete;  // the codec keeps a pointer: the profile must outlive it
    const Profile& profile() const { return *profile_; }

    // Appends MTI + bitmap(s) + fields to `out`. Throws EncodeError for a field the profile lacks, a value too long,
    // a fixed value of the wrong length, or characters the field's type does not allow.
    void encode_body(const Message& message, Bytes& out) const;
    // Replaces `message`'s MTI and fields; tpdu/header untouched. Throws DecodeError; never reads out of bounds.
    // With `spans`, records where each element was found.
    void decode_body(ByteView body, Message& message, std::vector<FieldSpan>* spans = nullptr) const;

    // TPDU + header + body, without the length header (that is the framer's). Missing tpdu/header are filled
    // from the profile's defaults.
    Bytes encode_payload(const Message& message) const;
    // Splits TPDU and header off and decodes the body. Spans, and DecodeError offsets, are relative to the payload.
    void decode_payload(ByteView payload, Message& message, std::vector<FieldSpan>* spans = nullptr) const;
    // Offset of the body (MTI) inside a payload: TPDU and header lengths.
    std::size_t envelope_length() const;

private:
    const Profile* profile_;
};

// The reply's TPDU: destination and source swapped (jPOS NACChannel tpdu-swap; CUP practice §1.2).
Bytes swap_tpdu(const Bytes& tpdu);

}  // namespace atmbench::iso8583
