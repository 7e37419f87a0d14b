#pragma once

#include <ferry/model/ProjectData.hpp>
#include <ferry/model/Result.hpp>

#include <string_view>

namespace ferry::model {

/// Apply a scenario's overrides to a copy of the project. Paths (see docs/project-format.md):
/// "assumptions.<key>", "prices.<provider>.<path>", "sites.<id>.<field>", "links.<id>.<field>",
/// "workloads.<id>.<field>", "mappings.<workload id or *>.<field>". An unknown path or a value of
/// the wrong type is refused with the path in the error context.
Result<ProjectData> applyScenario(const ProjectData& data, const Scenario& scenario);
/// Same, by scenario id; an empty id returns the data unchanged.
Result<ProjectData> applyScenario(const ProjectData& data, std::string_view scenarioId);

} // namespace ferry::model
