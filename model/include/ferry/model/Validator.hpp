#pragma once

#include <ferry/model/Project.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace ferry::model {

/// How bad a finding is.
enum class Severity { Info, Warning, Error };
/// Stable spelling: "info", "warning", "error".
std::string_view toString(Severity severity);

/// One thing validation found, about one object.
struct Finding {
    Severity severity = Severity::Error; ///< Error blocks planning; warnings and infos do not.
    std::string code;     ///< Stable code, e.g. "dependency.cycle", "mapping.missing".
    std::string message;  ///< What is wrong and what to do.
    std::string objectId; ///< The object concerned ("" for the project).
    std::vector<std::string> path; ///< For cycles: the workload ids around the cycle.

    bool operator==(const Finding&) const = default;
};

/// Checks a project: unknown references, duplicate ids, negative or absurd numbers, workloads
/// without a mapping, mappings to sites no link reaches, dependency cycles (with their path).
class Validator {
public:
    /// All findings, errors first, then by code and object id; deterministic.
    static std::vector<Finding> validate(const ProjectData& data);
    /// True when no finding is an error.
    static bool passes(const std::vector<Finding>& findings);
};

} // namespace ferry::model
