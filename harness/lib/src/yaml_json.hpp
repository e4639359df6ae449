// YAML → JSON for step arguments and fault specs: integers stay integers, true/false booleans, the rest strings.
#pragma once

#include <boost/json/value.hpp>
#include <yaml-cpp/yaml.h>

#include <map>
#include <string>

namespace atmbench::harness {

boost::json::value yaml_to_json(const YAML::Node& node);
// A deep copy of `node` with "{name}" in every scalar replaced by the parameter's value.
YAML::Node substitute(const YAML::Node& node, const std::map<std::string, std::string>& values);

}  // namespace atmbench::harness
