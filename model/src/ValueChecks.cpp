#include "ValueChecks.hpp"

#include <cmath>

namespace ferry::model::detail {
namespace {

std::optional<ValueProblem> checkRange(const char* field, double value, double max) {
    if (!std::isfinite(value)) {
        return ValueProblem{field, "is not a finite number"};
    }
    if (value < 0) {
        return ValueProblem{field, "is negative (" + std::to_string(value) + ")"};
    }
    if (value > max) {
        return ValueProblem{field, "is implausibly large (" + std::to_string(value) +
                                       ", the limit is " + std::to_string(max) + ")"};
    }
    return std::nullopt;
}

} // namespace

std::optional<ValueProblem> checkId(const std::string& id) {
    if (id.empty()) {
        return ValueProblem{"id", "is empty"};
    }
    if (id.size() > 256) {
        return ValueProblem{"id", "is longer than 256 bytes"};
    }
    for (unsigned char c : id) {
        if (c < 0x20 || c == 0x7f) {
            return ValueProblem{"id", "contains a control character"};
        }
    }
    return std::nullopt;
}

std::optional<ValueProblem> checkWorkloadValues(const Workload& w) {
    if (auto p = checkRange("size_gb", w.sizeGb, kMaxSizeGb)) return p;
    if (auto p = checkRange("change_rate_gb_per_day", w.changeRateGbPerDay, kMaxChangeGbPerDay))
        return p;
    if (auto p = checkRange("vcpu", w.vcpu, kMaxVcpu)) return p;
    if (auto p = checkRange("memory_gb", w.memoryGb, kMaxMemoryGb)) return p;
    if (auto p = checkRange("monthly_cost", w.monthlyCost, kMaxMonthlyCost)) return p;
    return std::nullopt;
}

std::optional<ValueProblem> checkLinkValues(const Link& l) {
    if (auto p = checkRange("bandwidth_mbps", l.bandwidthMbps, kMaxBandwidthMbps)) return p;
    if (l.bandwidthMbps == 0) return ValueProblem{"bandwidth_mbps", "is zero: nothing can move"};
    if (auto p = checkRange("latency_ms", l.latencyMs, kMaxLatencyMs)) return p;
    if (l.egressPricePerGb) {
        if (auto p = checkRange("egress_price_per_gb", *l.egressPricePerGb, kMaxPricePerGb))
            return p;
    }
    for (const auto& w : l.windows) {
        if (w.days == 0 || w.days > 0x7f || w.startMinute < 0 || w.endMinute > 1440 ||
            w.startMinute >= w.endMinute) {
            return ValueProblem{"windows", "has an empty or malformed window"};
        }
    }
    return std::nullopt;
}

std::optional<ValueProblem> checkSiteValues(const Site& s) {
    if (s.utcOffsetMinutes < -14 * 60 || s.utcOffsetMinutes > 14 * 60) {
        return ValueProblem{"utc_offset_minutes", "is outside -840..840"};
    }
    return std::nullopt;
}

std::optional<ValueProblem> checkTraffic(double trafficGbPerDay) {
    return checkRange("traffic_gb_per_day", trafficGbPerDay, kMaxTrafficGbPerDay);
}

} // namespace ferry::model::detail
