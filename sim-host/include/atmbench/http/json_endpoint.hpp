// Forwarding header: the loopback JSON endpoint moved to atmbench_common (atmbench/common/json_endpoint.hpp).
#pragma once

#include "atmbench/common/json_endpoint.hpp"
