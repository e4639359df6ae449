// Forwarding header: bytes and hex moved to atmbench_common (common/include/atmbench/common/bytes.hpp).
#pragma once

#include "atmbench/common/bytes.hpp"
