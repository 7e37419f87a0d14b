#pragma once

#include <ferry/model/Project.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace ferry::engine {

/// URI schemes the engine can move data with.
std::vector<std::string_view> supportedSchemes();

/// A workload or mapping endpoint the engine could not use, with the reason.
struct EndpointProblem {
    std::string objectId; ///< Workload id whose endpoint (or mapping's target endpoint) is wrong.
    std::string uri;      ///< The endpoint as written.
    std::string reason;   ///< What is wrong and what to do.
};

/// Check every non-empty endpoint of a project: scheme known, path absolute where required.
std::vector<EndpointProblem> checkEndpoints(const model::Project& project);

} // namespace ferry::engine
