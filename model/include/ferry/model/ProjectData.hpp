#pragma once

#include <ferry/model/Dependency.hpp>
#include <ferry/model/Link.hpp>
#include <ferry/model/Mapping.hpp>
#include <ferry/model/Scenario.hpp>
#include <ferry/model/Site.hpp>
#include <ferry/model/Wave.hpp>
#include <ferry/model/Workload.hpp>

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace ferry::model {

/// Project-wide facts that are not objects on the canvas.
struct ProjectInfo {
    std::string name = "Untitled project"; ///< Display name.
    std::string description;               ///< Free text.
    std::string currency = "USD";          ///< Currency of every cost in the project.
    /// Planner assumptions (wave limits, dependency policy, horizon...); see docs/project-format.md.
    nlohmann::json assumptions = nlohmann::json::object();
    /// Price overrides on top of the pricing catalog, by price path.
    nlohmann::json priceOverrides = nlohmann::json::object();

    bool operator==(const ProjectInfo&) const = default;
};

/// Everything a project file holds, as plain values in file order; may be inconsistent (validate it).
struct ProjectData {
    ProjectInfo info;                     ///< Name, currency, assumptions.
    std::vector<Site> sites;              ///< Data centres and cloud regions.
    std::vector<Link> links;              ///< Network paths between sites.
    std::vector<Workload> workloads;      ///< What is migrated.
    std::vector<Dependency> dependencies; ///< Who depends on whom.
    std::vector<Mapping> mappings;        ///< Where each workload goes.
    std::vector<Wave> waves;              ///< Saved wave plan, if any.
    std::vector<Scenario> scenarios;      ///< What-if variants.

    bool operator==(const ProjectData&) const = default;
};

} // namespace ferry::model
