#pragma once

#include <ferry/model/TimeWindow.hpp>

#include <optional>
#include <string>
#include <vector>

namespace ferry::model {

/// A network path between two sites; usable in both directions.
struct Link {
    std::string id;                             ///< Stable id, unique among links.
    std::string from;                           ///< Site id.
    std::string to;                             ///< Site id.
    double bandwidthMbps = 1000.0;              ///< Usable bandwidth, megabits per second.
    double latencyMs = 10.0;                    ///< Round-trip latency.
    std::optional<double> egressPricePerGb;     ///< Overrides the provider's egress price.
    std::vector<TimeWindow> windows;            ///< When the link may carry migration traffic; empty = always.

    bool operator==(const Link&) const = default;
};

} // namespace ferry::model
