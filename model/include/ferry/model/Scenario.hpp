#pragma once

#include <nlohmann/json.hpp>

#include <string>

namespace ferry::model {

/// A named what-if: a set of assumption overrides applied on top of the project.
struct Scenario {
    std::string id;          ///< Stable id, unique among scenarios.
    std::string name;        ///< Display name, e.g. "10 Gbps link".
    std::string description; ///< What the scenario tests.
    /// Overrides by path, e.g. {"links.dc-aws.bandwidth_mbps": 10000}; see docs/project-format.md.
    nlohmann::json overrides = nlohmann::json::object();

    bool operator==(const Scenario&) const = default;
};

} // namespace ferry::model
