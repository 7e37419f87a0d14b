#include <ferry/ui/EditCommands.hpp>

#include <ferry/model/Project.hpp>
#include <ferry/ui/ProjectDocument.hpp>

#include <QDebug>

#include <algorithm>
#include <set>

namespace ferry::ui {
namespace {

QString qs(const std::string& text) {
    return QString::fromStdString(text);
}

QString nameOfWorkload(const ProjectDocument& document, const std::string& id) {
    const model::Workload* w = document.project().findWorkload(id);
    return qs(w && !w->name.empty() ? w->name : id);
}

QString nameOfSite(const ProjectDocument& document, const std::string& id) {
    const model::Site* s = document.project().findSite(id);
    return qs(s && !s->name.empty() ? s->name : id);
}

model::Error missing(const std::string& what, const std::string& id) {
    return model::Error{"edit.unknown_" + what,
                        "There is no " + what + " with this id; it may have been deleted.",
                        what + " '" + id + "'"};
}

} // namespace

// ---- feedback and base -------------------------------------------------------------------------

EditFeedback& EditFeedback::of(ProjectDocument& document) {
    if (auto* existing = document.findChild<EditFeedback*>(QString(), Qt::FindDirectChildrenOnly))
        return *existing;
    return *new EditFeedback(&document);
}

void EditFeedback::report(const model::Error& error) {
    emit refused(tr("Refused: %1").arg(qs(error.toString())));
}

EditCommand::EditCommand(ProjectDocument& document, const QString& text)
    : QUndoCommand(text), m_document(document) {}

void EditCommand::redo() {
    if (m_skipRedo) {
        m_skipRedo = false;
        return;
    }
    if (auto r = apply(m_document.project()); !r) {
        // The project changed outside the undo stack; this step can no longer be replayed.
        EditFeedback::of(m_document).report(r.error());
        setObsolete(true);
    }
}

void EditCommand::undo() {
    if (auto r = revert(m_document.project()); !r) {
        EditFeedback::of(m_document).report(r.error());
        setObsolete(true);
    }
}

model::Result<void> pushEdit(ProjectDocument& document, std::unique_ptr<EditCommand> command) {
    if (auto r = command->apply(document.project()); !r) {
        EditFeedback::of(document).report(r.error());
        return r;
    }
    command->markApplied();
    document.undoStack().push(command.release());
    return model::success();
}

// ---- sites -------------------------------------------------------------------------------------

AddSiteCommand::AddSiteCommand(ProjectDocument& document, model::Site site)
    : EditCommand(document, EditFeedback::tr("Add site %1").arg(qs(site.name))),
      m_site(std::move(site)) {}

model::Result<void> AddSiteCommand::apply(model::Project& project) {
    return project.requestAddSite(m_site);
}

model::Result<void> AddSiteCommand::revert(model::Project& project) {
    return project.requestRemoveSite(m_site.id);
}

UpdateSiteCommand::UpdateSiteCommand(ProjectDocument& document, model::Site site)
    : EditCommand(document, EditFeedback::tr("Edit site %1").arg(qs(site.name))),
      m_after(std::move(site)) {}

model::Result<void> UpdateSiteCommand::apply(model::Project& project) {
    const model::Site* current = project.findSite(m_after.id);
    if (!current)
        return missing("site", m_after.id);
    m_before = *current;
    return project.requestUpdateSite(m_after);
}

model::Result<void> UpdateSiteCommand::revert(model::Project& project) {
    return project.requestUpdateSite(m_before);
}

RemoveSiteCommand::RemoveSiteCommand(ProjectDocument& document, std::string id)
    : EditCommand(document, EditFeedback::tr("Delete site %1").arg(nameOfSite(document, id))),
      m_id(std::move(id)) {}

model::Result<void> RemoveSiteCommand::apply(model::Project& project) {
    const model::Site* current = project.findSite(m_id);
    if (!current)
        return missing("site", m_id);
    m_removed = *current;
    return project.requestRemoveSite(m_id);
}

model::Result<void> RemoveSiteCommand::revert(model::Project& project) {
    return project.requestAddSite(m_removed);
}

// ---- links -------------------------------------------------------------------------------------

AddLinkCommand::AddLinkCommand(ProjectDocument& document, model::Link link)
    : EditCommand(document, EditFeedback::tr("Add link %1").arg(qs(link.id))),
      m_link(std::move(link)) {}

model::Result<void> AddLinkCommand::apply(model::Project& project) {
    return project.requestAddLink(m_link);
}

model::Result<void> AddLinkCommand::revert(model::Project& project) {
    return project.requestRemoveLink(m_link.id);
}

UpdateLinkCommand::UpdateLinkCommand(ProjectDocument& document, model::Link link)
    : EditCommand(document, EditFeedback::tr("Edit link %1").arg(qs(link.id))),
      m_after(std::move(link)) {}

model::Result<void> UpdateLinkCommand::apply(model::Project& project) {
    const model::Link* current = project.findLink(m_after.id);
    if (!current)
        return missing("link", m_after.id);
    m_before = *current;
    return project.requestUpdateLink(m_after);
}

model::Result<void> UpdateLinkCommand::revert(model::Project& project) {
    return project.requestUpdateLink(m_before);
}

RemoveLinkCommand::RemoveLinkCommand(ProjectDocument& document, std::string id)
    : EditCommand(document, EditFeedback::tr("Delete link %1").arg(qs(id))), m_id(std::move(id)) {}

model::Result<void> RemoveLinkCommand::apply(model::Project& project) {
    const model::Link* current = project.findLink(m_id);
    if (!current)
        return missing("link", m_id);
    m_removed = *current;
    return project.requestRemoveLink(m_id);
}

model::Result<void> RemoveLinkCommand::revert(model::Project& project) {
    return project.requestAddLink(m_removed);
}

// ---- workloads ---------------------------------------------------------------------------------

AddWorkloadCommand::AddWorkloadCommand(ProjectDocument& document, model::Workload workload)
    : EditCommand(document, EditFeedback::tr("Add %1").arg(qs(workload.name))),
      m_workload(std::move(workload)) {}

model::Result<void> AddWorkloadCommand::apply(model::Project& project) {
    return project.requestAddWorkload(m_workload);
}

model::Result<void> AddWorkloadCommand::revert(model::Project& project) {
    return project.requestRemoveWorkload(m_workload.id);
}

UpdateWorkloadCommand::UpdateWorkloadCommand(ProjectDocument& document, model::Workload workload)
    : EditCommand(document, EditFeedback::tr("Edit %1").arg(qs(workload.name))),
      m_after(std::move(workload)) {}

model::Result<void> UpdateWorkloadCommand::apply(model::Project& project) {
    const model::Workload* current = project.findWorkload(m_after.id);
    if (!current)
        return missing("workload", m_after.id);
    m_before = *current;
    return project.requestUpdateWorkload(m_after);
}

model::Result<void> UpdateWorkloadCommand::revert(model::Project& project) {
    return project.requestUpdateWorkload(m_before);
}

RemoveWorkloadCommand::RemoveWorkloadCommand(ProjectDocument& document, std::string id)
    : EditCommand(document, EditFeedback::tr("Delete %1").arg(nameOfWorkload(document, id))),
      m_id(std::move(id)) {}

model::Result<void> RemoveWorkloadCommand::apply(model::Project& project) {
    const model::Workload* current = project.findWorkload(m_id);
    if (!current)
        return missing("workload", m_id);
    m_removed = *current;
    m_dependencies.clear();
    for (const auto& d : project.dependencies())
        if (d.from == m_id || d.to == m_id)
            m_dependencies.push_back(d);
    const model::Mapping* mapping = project.findMapping(m_id);
    m_mapping = mapping ? std::optional<model::Mapping>(*mapping) : std::nullopt;
    m_waves.reset();
    for (const auto& wave : project.waves())
        if (std::find(wave.workloads.begin(), wave.workloads.end(), m_id) != wave.workloads.end())
            m_waves = project.waves();
    return project.requestRemoveWorkload(m_id);
}

model::Result<void> RemoveWorkloadCommand::revert(model::Project& project) {
    if (auto r = project.requestAddWorkload(m_removed); !r)
        return r;
    for (const auto& d : m_dependencies)
        if (auto r = project.requestAddDependency(d); !r)
            return r;
    if (m_mapping)
        if (auto r = project.requestSetMapping(*m_mapping); !r)
            return r;
    if (m_waves)
        return project.requestSetWaves(*m_waves);
    return model::success();
}

// ---- dependencies ------------------------------------------------------------------------------

AddDependencyCommand::AddDependencyCommand(ProjectDocument& document, model::Dependency dependency)
    : EditCommand(document, EditFeedback::tr("Add dependency %1 → %2")
                                .arg(nameOfWorkload(document, dependency.from),
                                     nameOfWorkload(document, dependency.to))),
      m_dependency(std::move(dependency)) {}

model::Result<void> AddDependencyCommand::apply(model::Project& project) {
    return project.requestAddDependency(m_dependency);
}

model::Result<void> AddDependencyCommand::revert(model::Project& project) {
    return project.requestRemoveDependency(m_dependency.from, m_dependency.to);
}

UpdateDependencyCommand::UpdateDependencyCommand(ProjectDocument& document,
                                                 model::Dependency dependency)
    : EditCommand(document, EditFeedback::tr("Edit dependency %1 → %2")
                                .arg(nameOfWorkload(document, dependency.from),
                                     nameOfWorkload(document, dependency.to))),
      m_after(std::move(dependency)) {}

model::Result<void> UpdateDependencyCommand::apply(model::Project& project) {
    const model::Dependency* current = project.findDependency(m_after.from, m_after.to);
    if (!current)
        return missing("dependency", m_after.id());
    m_before = *current;
    return project.requestUpdateDependency(m_after);
}

model::Result<void> UpdateDependencyCommand::revert(model::Project& project) {
    return project.requestUpdateDependency(m_before);
}

RemoveDependencyCommand::RemoveDependencyCommand(ProjectDocument& document, std::string from,
                                                 std::string to)
    : EditCommand(document, EditFeedback::tr("Delete dependency %1 → %2")
                                .arg(nameOfWorkload(document, from), nameOfWorkload(document, to))),
      m_from(std::move(from)), m_to(std::move(to)) {}

model::Result<void> RemoveDependencyCommand::apply(model::Project& project) {
    const model::Dependency* current = project.findDependency(m_from, m_to);
    if (!current)
        return missing("dependency", m_from + "->" + m_to);
    m_removed = *current;
    return project.requestRemoveDependency(m_from, m_to);
}

model::Result<void> RemoveDependencyCommand::revert(model::Project& project) {
    return project.requestAddDependency(m_removed);
}

// ---- mappings ----------------------------------------------------------------------------------

SetMappingCommand::SetMappingCommand(ProjectDocument& document, model::Mapping mapping)
    : EditCommand(document, EditFeedback::tr("Map %1 to %2")
                                .arg(nameOfWorkload(document, mapping.workload),
                                     nameOfSite(document, mapping.targetSite))),
      m_after(std::move(mapping)) {}

model::Result<void> SetMappingCommand::apply(model::Project& project) {
    const model::Mapping* current = project.findMapping(m_after.workload);
    m_before = current ? std::optional<model::Mapping>(*current) : std::nullopt;
    return project.requestSetMapping(m_after);
}

model::Result<void> SetMappingCommand::revert(model::Project& project) {
    if (m_before)
        return project.requestSetMapping(*m_before);
    return project.requestRemoveMapping(m_after.workload);
}

SetScenarioCommand::SetScenarioCommand(ProjectDocument& document, model::Scenario scenario)
    : EditCommand(
          document,
          document.project().findScenario(scenario.id)
              ? EditFeedback::tr("Change scenario %1").arg(QString::fromStdString(scenario.name))
              : EditFeedback::tr("Add scenario %1").arg(QString::fromStdString(scenario.name))),
      m_after(std::move(scenario)) {}

model::Result<void> SetScenarioCommand::apply(model::Project& project) {
    const model::Scenario* current = project.findScenario(m_after.id);
    m_before = current ? std::optional<model::Scenario>(*current) : std::nullopt;
    return m_before ? project.requestUpdateScenario(m_after) : project.requestAddScenario(m_after);
}

model::Result<void> SetScenarioCommand::revert(model::Project& project) {
    if (m_before)
        return project.requestUpdateScenario(*m_before);
    return project.requestRemoveScenario(m_after.id);
}

RemoveScenarioCommand::RemoveScenarioCommand(ProjectDocument& document, std::string scenarioId)
    : EditCommand(document,
                  EditFeedback::tr("Remove scenario %1").arg(QString::fromStdString(scenarioId))),
      m_id(std::move(scenarioId)) {}

model::Result<void> RemoveScenarioCommand::apply(model::Project& project) {
    const model::Scenario* current = project.findScenario(m_id);
    if (!current)
        return missing("scenario", m_id);
    m_removed = *current;
    return project.requestRemoveScenario(m_id);
}

model::Result<void> RemoveScenarioCommand::revert(model::Project& project) {
    return project.requestAddScenario(m_removed);
}

RemoveMappingCommand::RemoveMappingCommand(ProjectDocument& document, std::string workloadId)
    : EditCommand(
          document,
          EditFeedback::tr("Remove mapping of %1").arg(nameOfWorkload(document, workloadId))),
      m_workload(std::move(workloadId)) {}

model::Result<void> RemoveMappingCommand::apply(model::Project& project) {
    const model::Mapping* current = project.findMapping(m_workload);
    if (!current)
        return missing("mapping", m_workload);
    m_removed = *current;
    return project.requestRemoveMapping(m_workload);
}

model::Result<void> RemoveMappingCommand::revert(model::Project& project) {
    return project.requestSetMapping(m_removed);
}

// ---- moves -------------------------------------------------------------------------------------

MoveCommand::MoveCommand(ProjectDocument& document, const QString& text,
                         std::vector<MoveEntry> moves, int gesture)
    : EditCommand(document, text), m_gesture(gesture) {
    m_steps.reserve(moves.size());
    for (auto& m : moves)
        m_steps.push_back(Step{std::move(m), {}});
}

namespace {

const model::CanvasPosition* positionOf(const model::Project& project, const MoveEntry& move) {
    if (move.target == MoveEntry::Target::Site) {
        const model::Site* s = project.findSite(move.id);
        return s ? &s->position : nullptr;
    }
    const model::Workload* w = project.findWorkload(move.id);
    return w ? &w->position : nullptr;
}

model::Result<void> moveTo(model::Project& project, const MoveEntry& move,
                           const model::CanvasPosition& to) {
    return move.target == MoveEntry::Target::Site ? project.requestMoveSite(move.id, to)
                                                  : project.requestMoveWorkload(move.id, to);
}

} // namespace

model::Result<void> MoveCommand::apply(model::Project& project) {
    for (auto& step : m_steps) {
        const model::CanvasPosition* current = positionOf(project, step.move);
        if (!current)
            return missing(step.move.target == MoveEntry::Target::Site ? "site" : "workload",
                           step.move.id);
        step.from = *current;
    }
    for (std::size_t i = 0; i < m_steps.size(); ++i) {
        if (auto r = moveTo(project, m_steps[i].move, m_steps[i].move.to); !r) {
            for (std::size_t j = i; j-- > 0;)
                (void)moveTo(project, m_steps[j].move, m_steps[j].from);
            return r;
        }
    }
    return model::success();
}

model::Result<void> MoveCommand::revert(model::Project& project) {
    for (auto it = m_steps.rbegin(); it != m_steps.rend(); ++it)
        if (auto r = moveTo(project, it->move, it->from); !r)
            return r;
    return model::success();
}

bool MoveCommand::mergeWith(const QUndoCommand* other) {
    const auto* move = dynamic_cast<const MoveCommand*>(other);
    if (!move || move->m_gesture == 0 || move->m_gesture != m_gesture)
        return false;
    for (const Step& incoming : move->m_steps) {
        auto it = std::find_if(m_steps.begin(), m_steps.end(), [&](const Step& s) {
            return s.move.target == incoming.move.target && s.move.id == incoming.move.id;
        });
        if (it == m_steps.end())
            m_steps.push_back(incoming);
        else
            it->move.to = incoming.move.to;
    }
    setText(move->text());
    // A drag that ends where it started leaves no undo step.
    setObsolete(std::all_of(m_steps.begin(), m_steps.end(),
                            [](const Step& s) { return s.move.to == s.from; }));
    return true;
}

// ---- macros ------------------------------------------------------------------------------------

MacroCommand::MacroCommand(ProjectDocument& document, const QString& text,
                           std::vector<std::unique_ptr<EditCommand>> children)
    : EditCommand(document, text), m_children(std::move(children)) {}

model::Result<void> MacroCommand::apply(model::Project& project) {
    for (std::size_t i = 0; i < m_children.size(); ++i) {
        if (auto r = m_children[i]->apply(project); !r) {
            for (std::size_t j = i; j-- > 0;)
                if (auto back = m_children[j]->revert(project); !back)
                    qWarning() << "ferry: could not roll back a refused edit:"
                               << qs(back.error().toString());
            return r;
        }
    }
    return model::success();
}

model::Result<void> MacroCommand::revert(model::Project& project) {
    for (std::size_t i = m_children.size(); i-- > 0;) {
        if (auto r = m_children[i]->revert(project); !r) {
            for (std::size_t j = i + 1; j < m_children.size(); ++j)
                (void)m_children[j]->apply(project);
            return r;
        }
    }
    return model::success();
}

model::Result<void> DeleteCommand::apply(model::Project& project) {
    m_before = project.data();
    return MacroCommand::apply(project);
}

model::Result<void> DeleteCommand::revert(model::Project& project) {
    // Re-adding appends to the lists; putting the snapshot back keeps every object in its place.
    const bool wasRestoring = m_document.restoringSnapshot();
    m_document.setRestoringSnapshot(true);
    project.reset(m_before);
    m_document.setRestoringSnapshot(wasRestoring);
    return model::success();
}

namespace {

model::Result<void> pushDelete(ProjectDocument& document, std::unique_ptr<EditCommand> command) {
    const QString text = command->text();
    std::vector<std::unique_ptr<EditCommand>> children;
    children.push_back(std::move(command));
    return pushEdit(document, std::make_unique<DeleteCommand>(document, text, std::move(children)));
}

} // namespace

// ---- push helpers ------------------------------------------------------------------------------

model::Result<void> pushAddSite(ProjectDocument& document, model::Site site) {
    return pushEdit(document, std::make_unique<AddSiteCommand>(document, std::move(site)));
}

model::Result<void> pushUpdateSite(ProjectDocument& document, model::Site site) {
    return pushEdit(document, std::make_unique<UpdateSiteCommand>(document, std::move(site)));
}

model::Result<void> pushRemoveSite(ProjectDocument& document, const std::string& id) {
    return pushDelete(document, std::make_unique<RemoveSiteCommand>(document, id));
}

model::Result<void> pushAddLink(ProjectDocument& document, model::Link link) {
    return pushEdit(document, std::make_unique<AddLinkCommand>(document, std::move(link)));
}

model::Result<void> pushUpdateLink(ProjectDocument& document, model::Link link) {
    return pushEdit(document, std::make_unique<UpdateLinkCommand>(document, std::move(link)));
}

model::Result<void> pushRemoveLink(ProjectDocument& document, const std::string& id) {
    return pushDelete(document, std::make_unique<RemoveLinkCommand>(document, id));
}

model::Result<void> pushAddWorkload(ProjectDocument& document, model::Workload workload) {
    return pushEdit(document, std::make_unique<AddWorkloadCommand>(document, std::move(workload)));
}

model::Result<void> pushUpdateWorkload(ProjectDocument& document, model::Workload workload) {
    return pushEdit(document,
                    std::make_unique<UpdateWorkloadCommand>(document, std::move(workload)));
}

model::Result<void> pushUpdateWorkloads(ProjectDocument& document,
                                        std::vector<model::Workload> workloads) {
    if (workloads.size() == 1)
        return pushUpdateWorkload(document, std::move(workloads.front()));
    std::vector<std::unique_ptr<EditCommand>> commands;
    const int count = int(workloads.size());
    for (auto& w : workloads)
        commands.push_back(std::make_unique<UpdateWorkloadCommand>(document, std::move(w)));
    return pushMacro(document, EditFeedback::tr("Edit %n workload(s)", "", count),
                     std::move(commands));
}

model::Result<void> pushRemoveWorkload(ProjectDocument& document, const std::string& id) {
    return pushDelete(document, std::make_unique<RemoveWorkloadCommand>(document, id));
}

model::Result<void> pushAddDependency(ProjectDocument& document, model::Dependency dependency) {
    return pushEdit(document,
                    std::make_unique<AddDependencyCommand>(document, std::move(dependency)));
}

model::Result<void> pushUpdateDependency(ProjectDocument& document, model::Dependency dependency) {
    return pushEdit(document,
                    std::make_unique<UpdateDependencyCommand>(document, std::move(dependency)));
}

model::Result<void> pushRemoveDependency(ProjectDocument& document, const std::string& from,
                                         const std::string& to) {
    return pushDelete(document, std::make_unique<RemoveDependencyCommand>(document, from, to));
}

model::Result<void> pushSetMapping(ProjectDocument& document, model::Mapping mapping) {
    return pushEdit(document, std::make_unique<SetMappingCommand>(document, std::move(mapping)));
}

model::Result<void> pushRemoveMapping(ProjectDocument& document, const std::string& workloadId) {
    return pushDelete(document, std::make_unique<RemoveMappingCommand>(document, workloadId));
}

model::Result<void> pushMove(ProjectDocument& document, const QString& text,
                             std::vector<MoveEntry> moves, int gesture) {
    return pushEdit(document,
                    std::make_unique<MoveCommand>(document, text, std::move(moves), gesture));
}

model::Result<void> pushMacro(ProjectDocument& document, const QString& text,
                              std::vector<std::unique_ptr<EditCommand>> commands) {
    return pushEdit(document, std::make_unique<MacroCommand>(document, text, std::move(commands)));
}

model::Result<void> pushDeleteObjects(ProjectDocument& document, const ObjectSet& objects) {
    const model::Project& project = document.project();
    std::set<std::string> sites;
    for (const QString& id : objects.sites)
        if (project.findSite(id.toStdString()))
            sites.insert(id.toStdString());
    std::vector<std::string> workloads;
    std::set<std::string> seen;
    const auto addWorkload = [&](const std::string& id) {
        if (seen.insert(id).second)
            workloads.push_back(id);
    };
    for (const QString& id : objects.workloads)
        if (project.findWorkload(id.toStdString()))
            addWorkload(id.toStdString());
    for (const auto& w : project.workloads())
        if (sites.count(w.site))
            addWorkload(w.id);

    std::vector<std::unique_ptr<EditCommand>> commands;
    // Dependencies and mappings first, then workloads, links and sites: every step only removes
    // something nothing remaining refers to, and undo restores in the reverse order.
    for (const auto& [from, to] : objects.dependencies)
        if (!seen.count(from) && !seen.count(to) && project.findDependency(from, to))
            commands.push_back(std::make_unique<RemoveDependencyCommand>(document, from, to));
    std::set<std::string> unmapped;
    for (const QString& id : objects.mappings)
        if (!seen.count(id.toStdString()) && project.findMapping(id.toStdString()))
            unmapped.insert(id.toStdString());
    for (const auto& m : project.mappings())
        if (sites.count(m.targetSite) && !seen.count(m.workload))
            unmapped.insert(m.workload);
    for (const auto& id : unmapped)
        commands.push_back(std::make_unique<RemoveMappingCommand>(document, id));
    for (const auto& id : workloads)
        commands.push_back(std::make_unique<RemoveWorkloadCommand>(document, id));
    std::set<std::string> linksToRemove;
    for (const QString& id : objects.links)
        linksToRemove.insert(id.toStdString());
    for (const auto& l : project.links())
        if (sites.count(l.from) || sites.count(l.to) || linksToRemove.count(l.id))
            commands.push_back(std::make_unique<RemoveLinkCommand>(document, l.id));
    for (const auto& id : sites)
        commands.push_back(std::make_unique<RemoveSiteCommand>(document, id));
    if (commands.empty())
        return model::success();
    if (commands.size() == 1)
        return pushDelete(document, std::move(commands.front()));
    const int count = int(objects.sites.size() + objects.workloads.size() +
                          qsizetype(objects.dependencies.size()) + objects.mappings.size() +
                          objects.links.size());
    return pushEdit(document, std::make_unique<DeleteCommand>(
                                  document, EditFeedback::tr("Delete %n object(s)", "", count),
                                  std::move(commands)));
}

} // namespace ferry::ui
