#include <ferry/model/MovePlan.hpp>

#include <algorithm>

namespace ferry::model {

bool WavePlan::feasible() const {
    return Validator::passes(findings);
}

int WavePlan::waveOf(const std::string& workloadId) const {
    const auto it = std::find_if(placements.begin(), placements.end(),
                                 [&](const Placement& p) { return p.workload == workloadId; });
    return it == placements.end() ? 0 : it->wave;
}

std::unordered_map<std::string, int> WavePlan::waveByWorkload() const {
    std::unordered_map<std::string, int> waves;
    waves.reserve(placements.size());
    for (const Placement& p : placements)
        waves.emplace(p.workload, p.wave);
    return waves;
}

} // namespace ferry::model
