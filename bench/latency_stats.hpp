// What the load generators share: latency percentiles over the samples of a run (header-only).
#pragma once

#include <algorithm>
#include <cstddef>
#include <vector>

namespace atmbench::bench {

// The p-th percentile (0..100) of `v` (nearest rank, no interpolation); 0 for no samples. Reorders `v`.
inline double percentile(std::vector<double>& v, double p) {
    if (v.empty()) return 0;
    std::size_t i = std::min(v.size() - 1, static_cast<std::size_t>(p / 100.0 * static_cast<double>(v.size())));
    std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(i), v.end());
    return v[i];
}

}  // namespace atmbench::bench
