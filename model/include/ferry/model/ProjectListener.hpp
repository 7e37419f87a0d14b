#pragma once

#include <string>

namespace ferry::model {

/// What changed in a project; sent to listeners after every applied edit.
struct ProjectChange {
    /// Which collection changed and how.
    enum class Kind {
        Reset, ///< Everything may have changed (a load or a bulk replace).
        InfoChanged,
        SiteAdded, SiteChanged, SiteRemoved,
        LinkAdded, LinkChanged, LinkRemoved,
        WorkloadAdded, WorkloadChanged, WorkloadRemoved,
        DependencyAdded, DependencyChanged, DependencyRemoved,
        MappingAdded, MappingChanged, MappingRemoved,
        WavesChanged,
        ScenarioAdded, ScenarioChanged, ScenarioRemoved,
    };
    Kind kind = Kind::Reset; ///< What happened.
    std::string id;          ///< Id of the object concerned (a dependency's is "from->to").
};

/// Receives change notifications from a Project; plain C++ so the model needs no Qt.
class ProjectListener {
public:
    virtual ~ProjectListener() = default;
    /// Called after an edit was applied; the project already holds the new state.
    virtual void projectChanged(const ProjectChange& change) = 0;
};

} // namespace ferry::model
