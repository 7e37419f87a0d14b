#pragma once

#include <string>
#include <vector>

namespace ferry::model {

/// A named group of workloads that cut over together, as saved in the project.
struct Wave {
    std::string id;                     ///< Stable id, unique among waves.
    std::string name;                   ///< Display name, e.g. "Wave 1: data stores".
    int number = 1;                     ///< Order of execution, 1-based, unique.
    std::vector<std::string> workloads; ///< Workload ids in this wave.

    bool operator==(const Wave&) const = default;
};

} // namespace ferry::model
