#include "NonFiniteCheck.hpp"

#include <cmath>

namespace ferry::model::detail {
namespace {

std::string at(const char* list, std::size_t index, const char* field) {
    return std::string("/") + list + "/" + std::to_string(index) + "/" + field;
}

} // namespace

std::optional<std::string> findNonFiniteNumber(const ProjectData& data) {
    auto bad = [](double v) { return !std::isfinite(v); };
    for (std::size_t i = 0; i < data.sites.size(); ++i) {
        const auto& s = data.sites[i];
        if (bad(s.position.x))
            return at("sites", i, "position/x");
        if (bad(s.position.y))
            return at("sites", i, "position/y");
    }
    for (std::size_t i = 0; i < data.links.size(); ++i) {
        const auto& l = data.links[i];
        if (bad(l.bandwidthMbps))
            return at("links", i, "bandwidth_mbps");
        if (bad(l.latencyMs))
            return at("links", i, "latency_ms");
        if (l.egressPricePerGb && bad(*l.egressPricePerGb))
            return at("links", i, "egress_price_per_gb");
    }
    for (std::size_t i = 0; i < data.workloads.size(); ++i) {
        const auto& w = data.workloads[i];
        if (bad(w.sizeGb))
            return at("workloads", i, "size_gb");
        if (bad(w.changeRateGbPerDay))
            return at("workloads", i, "change_rate_gb_per_day");
        if (bad(w.memoryGb))
            return at("workloads", i, "memory_gb");
        if (bad(w.monthlyCost))
            return at("workloads", i, "monthly_cost");
        if (bad(w.position.x))
            return at("workloads", i, "position/x");
        if (bad(w.position.y))
            return at("workloads", i, "position/y");
    }
    for (std::size_t i = 0; i < data.dependencies.size(); ++i) {
        if (bad(data.dependencies[i].trafficGbPerDay))
            return at("dependencies", i, "traffic_gb_per_day");
    }
    return std::nullopt;
}

} // namespace ferry::model::detail
