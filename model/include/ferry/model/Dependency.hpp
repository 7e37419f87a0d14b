#pragma once

#include <ferry/model/Enums.hpp>

#include <string>

namespace ferry::model {

/// "from depends on to": from calls or reads to, exchanging traffic every day.
struct Dependency {
    std::string from;                             ///< Workload id of the dependent.
    std::string to;                               ///< Workload id depended on.
    double trafficGbPerDay = 0.0;                 ///< Data exchanged per day.
    DependencyPolicy policy = DependencyPolicy::Auto; ///< Overrides the project's policy.

    /// Stable id of a dependency: "from->to".
    std::string id() const { return from + "->" + to; }

    bool operator==(const Dependency&) const = default;
};

} // namespace ferry::model
