#include <ferry/ui/ReplaceProjectCommand.hpp>

#include <ferry/model/Project.hpp>

namespace ferry::ui {

ReplaceProjectCommand::ReplaceProjectCommand(ProjectDocument& document, const QString& text,
                                             model::ProjectData data)
    : EditCommand(document, text), m_after(std::move(data)) {}

model::Result<void> ReplaceProjectCommand::apply(model::Project& project) {
    m_before = project.data();
    project.reset(m_after);
    return model::success();
}

model::Result<void> ReplaceProjectCommand::revert(model::Project& project) {
    m_after = project.data();
    project.reset(m_before);
    return model::success();
}

} // namespace ferry::ui
