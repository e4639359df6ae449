// YAML → JSON for step arguments and fault specs: integers stay integers, true/false booleans, the rest strings.
#pragma once

#include <boost/json/value.hpp>
#include <yaml-cpp/yaml.h>

#include <map>
#include <string>

namespace atmbench::harness {

boost::json::value yaml_to_json(const YAML::Node& node);

}  // namespace atmbench::harness
