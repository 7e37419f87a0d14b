#pragma once

#include <ferry/model/ProjectData.hpp>
#include <ferry/ui/EditCommands.hpp>

namespace ferry::ui {

/// Replace all of the project's data in one undo step (an inventory import, restoring an
/// autosaved copy); undo puts the previous data back. Listeners see one Reset either way.
class ReplaceProjectCommand : public EditCommand {
public:
    /// text is what the Edit menu shows ("Undo Import 250 workloads").
    ReplaceProjectCommand(ProjectDocument& document, const QString& text, model::ProjectData data);
    model::Result<void> apply(model::Project& project) override;
    model::Result<void> revert(model::Project& project) override;

private:
    model::ProjectData m_after;
    model::ProjectData m_before;
};

} // namespace ferry::ui
