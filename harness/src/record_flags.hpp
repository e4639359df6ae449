// The bound of a record the views read (--record-max-messages/--record-max-bytes of `atmbench host`,
// --wire-max-messages/--wire-max-bytes of `atmbench devices`); 0 keeps nothing.
#pragma once

#include "atmbench/common/bounded_record.hpp"

#include <boost/program_options.hpp>

#include <string>

namespace atmbench::cli {

inline common::RecordLimits record_limits(const boost::program_options::variables_map& vm, const std::string& prefix) {
    common::RecordLimits l;
    l.max_messages = vm[prefix + "-max-messages"].as<std::size_t>();
    l.max_bytes = vm[prefix + "-max-bytes"].as<std::size_t>();
    return l;
}

}  // namespace atmbench::cli
