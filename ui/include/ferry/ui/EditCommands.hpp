#pragma once

#include <ferry/model/CanvasPosition.hpp>
#include <ferry/model/Dependency.hpp>
#include <ferry/model/Link.hpp>
#include <ferry/model/Mapping.hpp>
#include <ferry/model/ProjectData.hpp>
#include <ferry/model/Result.hpp>
#include <ferry/model/Site.hpp>
#include <ferry/model/Wave.hpp>
#include <ferry/model/Workload.hpp>

#include <QObject>
#include <QString>
#include <QStringList>
#include <QUndoCommand>

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace ferry::model {
class Project;
}

namespace ferry::ui {

class ProjectDocument;

/// Tells the user why an edit was refused: one per document, so the main window connects once
/// (refused -> status bar) and every panel's edits reach it.
class EditFeedback : public QObject {
    Q_OBJECT
public:
    /// The feedback object of a document (created on first use, owned by the document).
    static EditFeedback& of(ProjectDocument& document);
    /// Report a refused edit: emits refused with the error's message and context.
    void report(const model::Error& error);

signals:
    /// An edit was refused; message says what, to which object and what to do.
    void refused(const QString& message);

private:
    explicit EditFeedback(QObject* parent) : QObject(parent) {}
};

/// An undoable edit of the project: apply() calls the model's request… functions and captures
/// what revert() needs, at the moment it applies, so commands compose into macros.
class EditCommand : public QUndoCommand {
public:
    /// text is what the Edit menu shows ("Undo Move cart-svc").
    EditCommand(ProjectDocument& document, const QString& text);
    /// Make the edit; on failure nothing changed.
    virtual model::Result<void> apply(model::Project& project) = 0;
    /// Undo the edit made by the last successful apply().
    virtual model::Result<void> revert(model::Project& project) = 0;
    /// QUndoStack's redo: apply(), except right after pushEdit already applied it.
    void redo() final;
    /// QUndoStack's undo: revert().
    void undo() final;
    /// The next redo() does nothing (the command was applied before it was pushed).
    void markApplied() { m_skipRedo = true; }

protected:
    ProjectDocument& m_document; ///< The document edited.

private:
    bool m_skipRedo = false;
};

/// Apply a command and, if the model accepted it, push it on the document's undo stack. A
/// refused edit leaves the stack and the project untouched, is reported through EditFeedback
/// and returned.
model::Result<void> pushEdit(ProjectDocument& document, std::unique_ptr<EditCommand> command);

/// Add a site.
class AddSiteCommand : public EditCommand {
public:
    AddSiteCommand(ProjectDocument& document, model::Site site);
    model::Result<void> apply(model::Project& project) override;
    model::Result<void> revert(model::Project& project) override;

private:
    model::Site m_site;
};

/// Replace a site's fields (name, provider, region, position...).
class UpdateSiteCommand : public EditCommand {
public:
    UpdateSiteCommand(ProjectDocument& document, model::Site site);
    model::Result<void> apply(model::Project& project) override;
    model::Result<void> revert(model::Project& project) override;

private:
    model::Site m_after;
    model::Site m_before;
};

/// Remove a site (the model refuses while anything refers to it).
class RemoveSiteCommand : public EditCommand {
public:
    RemoveSiteCommand(ProjectDocument& document, std::string id);
    model::Result<void> apply(model::Project& project) override;
    model::Result<void> revert(model::Project& project) override;

private:
    std::string m_id;
    model::Site m_removed;
};

/// Add a link between two sites.
class AddLinkCommand : public EditCommand {
public:
    AddLinkCommand(ProjectDocument& document, model::Link link);
    model::Result<void> apply(model::Project& project) override;
    model::Result<void> revert(model::Project& project) override;

private:
    model::Link m_link;
};

/// Replace a link's fields.
class UpdateLinkCommand : public EditCommand {
public:
    UpdateLinkCommand(ProjectDocument& document, model::Link link);
    model::Result<void> apply(model::Project& project) override;
    model::Result<void> revert(model::Project& project) override;

private:
    model::Link m_after;
    model::Link m_before;
};

/// Remove a link.
class RemoveLinkCommand : public EditCommand {
public:
    RemoveLinkCommand(ProjectDocument& document, std::string id);
    model::Result<void> apply(model::Project& project) override;
    model::Result<void> revert(model::Project& project) override;

private:
    std::string m_id;
    model::Link m_removed;
};

/// Add a workload on an existing site.
class AddWorkloadCommand : public EditCommand {
public:
    AddWorkloadCommand(ProjectDocument& document, model::Workload workload);
    model::Result<void> apply(model::Project& project) override;
    model::Result<void> revert(model::Project& project) override;

private:
    model::Workload m_workload;
};

/// Replace a workload's fields.
class UpdateWorkloadCommand : public EditCommand {
public:
    UpdateWorkloadCommand(ProjectDocument& document, model::Workload workload);
    model::Result<void> apply(model::Project& project) override;
    model::Result<void> revert(model::Project& project) override;

private:
    model::Workload m_after;
    model::Workload m_before;
};

/// Remove a workload; undo restores it with its dependencies, its mapping and its waves.
class RemoveWorkloadCommand : public EditCommand {
public:
    RemoveWorkloadCommand(ProjectDocument& document, std::string id);
    model::Result<void> apply(model::Project& project) override;
    model::Result<void> revert(model::Project& project) override;

private:
    std::string m_id;
    model::Workload m_removed;
    std::vector<model::Dependency> m_dependencies;
    std::optional<model::Mapping> m_mapping;
    std::optional<std::vector<model::Wave>> m_waves;
};

/// Add a dependency ("from depends on to").
class AddDependencyCommand : public EditCommand {
public:
    AddDependencyCommand(ProjectDocument& document, model::Dependency dependency);
    model::Result<void> apply(model::Project& project) override;
    model::Result<void> revert(model::Project& project) override;

private:
    model::Dependency m_dependency;
};

/// Replace a dependency's traffic and policy.
class UpdateDependencyCommand : public EditCommand {
public:
    UpdateDependencyCommand(ProjectDocument& document, model::Dependency dependency);
    model::Result<void> apply(model::Project& project) override;
    model::Result<void> revert(model::Project& project) override;

private:
    model::Dependency m_after;
    model::Dependency m_before;
};

/// Remove a dependency.
class RemoveDependencyCommand : public EditCommand {
public:
    RemoveDependencyCommand(ProjectDocument& document, std::string from, std::string to);
    model::Result<void> apply(model::Project& project) override;
    model::Result<void> revert(model::Project& project) override;

private:
    std::string m_from;
    std::string m_to;
    model::Dependency m_removed;
};

/// Add or replace a workload's mapping.
class SetMappingCommand : public EditCommand {
public:
    SetMappingCommand(ProjectDocument& document, model::Mapping mapping);
    model::Result<void> apply(model::Project& project) override;
    model::Result<void> revert(model::Project& project) override;

private:
    model::Mapping m_after;
    std::optional<model::Mapping> m_before;
};

/// Add a scenario, or replace the one with the same id (name, description, overrides).
class SetScenarioCommand : public EditCommand {
public:
    SetScenarioCommand(ProjectDocument& document, model::Scenario scenario);
    model::Result<void> apply(model::Project& project) override;
    model::Result<void> revert(model::Project& project) override;

private:
    model::Scenario m_after;
    std::optional<model::Scenario> m_before;
};

/// Remove a scenario; undo puts it back.
class RemoveScenarioCommand : public EditCommand {
public:
    RemoveScenarioCommand(ProjectDocument& document, std::string scenarioId);
    model::Result<void> apply(model::Project& project) override;
    model::Result<void> revert(model::Project& project) override;

private:
    std::string m_id;
    model::Scenario m_removed;
};

/// Remove a workload's mapping.
class RemoveMappingCommand : public EditCommand {
public:
    RemoveMappingCommand(ProjectDocument& document, std::string workloadId);
    model::Result<void> apply(model::Project& project) override;
    model::Result<void> revert(model::Project& project) override;

private:
    std::string m_workload;
    model::Mapping m_removed;
};

/// One object to move on the canvas.
struct MoveEntry {
    /// What is moved.
    enum class Target { Site, Workload };
    Target target = Target::Workload; ///< A site or a workload.
    std::string id;                   ///< Its id.
    model::CanvasPosition to;         ///< Where it goes (with its pinned flag).
};

/// Move sites and workloads. Commands with the same non-zero gesture number merge, so a drag
/// (one command per mouse move) is one undo step.
class MoveCommand : public EditCommand {
public:
    /// The QUndoCommand id shared by every move command.
    static constexpr int kCommandId = 0x4d4f5645;
    MoveCommand(ProjectDocument& document, const QString& text, std::vector<MoveEntry> moves,
                int gesture = 0);
    model::Result<void> apply(model::Project& project) override;
    model::Result<void> revert(model::Project& project) override;
    int id() const override { return m_gesture != 0 ? kCommandId : -1; }
    bool mergeWith(const QUndoCommand* other) override;
    /// The gesture (drag) this command belongs to; 0 when it never merges.
    int gesture() const { return m_gesture; }

private:
    struct Step {
        MoveEntry move;
        model::CanvasPosition from;
    };
    std::vector<Step> m_steps;
    int m_gesture = 0;
};

/// Several commands as one undo step; applies all or none.
class MacroCommand : public EditCommand {
public:
    MacroCommand(ProjectDocument& document, const QString& text,
                 std::vector<std::unique_ptr<EditCommand>> children);
    model::Result<void> apply(model::Project& project) override;
    model::Result<void> revert(model::Project& project) override;
    /// Number of commands inside.
    std::size_t size() const { return m_children.size(); }

private:
    std::vector<std::unique_ptr<EditCommand>> m_children;
};

/// Removals as one undo step whose undo puts the project back exactly as it was: every object at
/// its old place in its list, so the saved file is byte for byte the same. Listeners see one Reset
/// on undo, during which the document reports restoringSnapshot() (the view stays where it is).
class DeleteCommand : public MacroCommand {
public:
    using MacroCommand::MacroCommand;
    model::Result<void> apply(model::Project& project) override;
    model::Result<void> revert(model::Project& project) override;

private:
    model::ProjectData m_before;
};

/// Objects to delete together (delete-selection).
struct ObjectSet {
    QStringList sites;     ///< Site ids; their workloads, links and incoming mappings go too.
    QStringList workloads; ///< Workload ids; their dependencies and mappings go too.
    std::vector<std::pair<std::string, std::string>> dependencies; ///< (from, to) pairs.
    QStringList mappings; ///< Ids of workloads whose mapping is removed.
    QStringList links;    ///< Ids of network links.
    /// True when nothing is listed.
    bool empty() const {
        return sites.isEmpty() && workloads.isEmpty() && dependencies.empty() &&
               mappings.isEmpty() && links.isEmpty();
    }
};

/// Add a site as one undo step.
model::Result<void> pushAddSite(ProjectDocument& document, model::Site site);
/// Replace a site's fields as one undo step.
model::Result<void> pushUpdateSite(ProjectDocument& document, model::Site site);
/// Remove a site as one undo step.
model::Result<void> pushRemoveSite(ProjectDocument& document, const std::string& id);
/// Add a link as one undo step.
model::Result<void> pushAddLink(ProjectDocument& document, model::Link link);
/// Replace a link's fields as one undo step.
model::Result<void> pushUpdateLink(ProjectDocument& document, model::Link link);
/// Remove a link as one undo step.
model::Result<void> pushRemoveLink(ProjectDocument& document, const std::string& id);
/// Add a workload as one undo step.
model::Result<void> pushAddWorkload(ProjectDocument& document, model::Workload workload);
/// Replace a workload's fields as one undo step.
model::Result<void> pushUpdateWorkload(ProjectDocument& document, model::Workload workload);
/// Replace several workloads' fields as one undo step (the properties panel's bulk edit);
/// all or none.
model::Result<void> pushUpdateWorkloads(ProjectDocument& document,
                                        std::vector<model::Workload> workloads);
/// Remove a workload (with its dependencies and mapping) as one undo step.
model::Result<void> pushRemoveWorkload(ProjectDocument& document, const std::string& id);
/// Add a dependency as one undo step.
model::Result<void> pushAddDependency(ProjectDocument& document, model::Dependency dependency);
/// Replace a dependency's fields as one undo step.
model::Result<void> pushUpdateDependency(ProjectDocument& document, model::Dependency dependency);
/// Remove a dependency as one undo step.
model::Result<void> pushRemoveDependency(ProjectDocument& document, const std::string& from,
                                         const std::string& to);
/// Add or replace a mapping as one undo step.
model::Result<void> pushSetMapping(ProjectDocument& document, model::Mapping mapping);
/// Remove a mapping as one undo step.
model::Result<void> pushRemoveMapping(ProjectDocument& document, const std::string& workloadId);
/// Move objects; pushes with the same non-zero gesture merge into one undo step.
model::Result<void> pushMove(ProjectDocument& document, const QString& text,
                             std::vector<MoveEntry> moves, int gesture = 0);
/// Delete a set of objects and everything that depends on them as one undo step.
model::Result<void> pushDeleteObjects(ProjectDocument& document, const ObjectSet& objects);
/// Several commands as one undo step named text; all or none.
model::Result<void> pushMacro(ProjectDocument& document, const QString& text,
                              std::vector<std::unique_ptr<EditCommand>> commands);

} // namespace ferry::ui
