// Messages as JSON, for the command line, the host's control endpoint and the trace.
//   {"mti":"0200","tpdu":"6000010000","header":"603100000000","fields":{"2":"6222...","52":"<hex>",...}}
// Binary fields are hex text. Composite fields may be given as an object of their subfields.
#pragma once

#include "atmbench/common/pan_mask.hpp"

#include "atmbench/iso8583/codec.hpp"

#include <boost/json/value.hpp>

namespace atmbench::iso8583 {

enum class View {
    Full,      // every value as is (for encode round trips and tools on test data)
    Redacted,  // Pan-sensitivity fields masked, Secret fields replaced by "<redacted N bytes>"
};

// Decoded view; with Redacted, composite fields also get a "subfields" object keyed "60.1" etc.
boost::json::object to_json(const Message& message, const Profile& profile, View view);
// Throws EncodeError (field number, what was expected) on a malformed object.
Message from_json(const boost::json::value& json, const Profile& profile);

// Masks a PAN as 7.3.6.8 b asks of receipts on trace views: first 6 and last 4 digits kept.
// One implementation, in atmbench_common.
using atmbench::mask_pan;
// Raw bytes with the data of Secret and PAN fields overwritten by '*' hex pairs ("**"), for printed raw views;
// length prefixes stay visible.
std::string redacted_hex(ByteView payload, const std::vector<FieldSpan>& spans, const Profile& profile,
                         std::size_t span_base = 0);

}  // namespace atmbench::iso8583
