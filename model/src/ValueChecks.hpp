#pragma once

#include <ferry/model/Link.hpp>
#include <ferry/model/Site.hpp>
#include <ferry/model/Workload.hpp>

#include <optional>
#include <string>

namespace ferry::model::detail {

/// A value a user entered that cannot be right; field names the offending field.
struct ValueProblem {
    std::string field;
    std::string reason;
};

/// Upper bounds beyond which a number is taken to be a typo rather than an estate.
inline constexpr double kMaxSizeGb = 1.0e8;          // 100 PB
inline constexpr double kMaxChangeGbPerDay = 1.0e7;
inline constexpr int kMaxVcpu = 100000;
inline constexpr double kMaxMemoryGb = 1.0e6;
inline constexpr double kMaxMonthlyCost = 1.0e10;
inline constexpr double kMaxBandwidthMbps = 1.0e7;   // 10 Tbps
inline constexpr double kMaxLatencyMs = 60000.0;
inline constexpr double kMaxTrafficGbPerDay = 1.0e7;
inline constexpr double kMaxPricePerGb = 1000.0;

/// First problem with a workload's numbers, or nullopt.
std::optional<ValueProblem> checkWorkloadValues(const Workload& w);
/// First problem with a link's numbers, or nullopt.
std::optional<ValueProblem> checkLinkValues(const Link& l);
/// First problem with a site's fields, or nullopt.
std::optional<ValueProblem> checkSiteValues(const Site& s);
/// Problem with a dependency's traffic, or nullopt.
std::optional<ValueProblem> checkTraffic(double trafficGbPerDay);
/// Problem with an id (empty, too long, control characters), or nullopt.
std::optional<ValueProblem> checkId(const std::string& id);

} // namespace ferry::model::detail
