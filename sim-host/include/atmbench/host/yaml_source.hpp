// Forwarding header: the YAML source reader moved to atmbench_common (atmbench/common/yaml_source.hpp); the host
// and the harness still name it host::YamlReader / host::FixtureError.
#pragma once

#include "atmbench/common/yaml_source.hpp"

namespace atmbench::host {

using common::FixtureError;
using common::load_yaml_file;
using common::load_yaml_text;
using common::YamlReader;

}  // namespace atmbench::host
