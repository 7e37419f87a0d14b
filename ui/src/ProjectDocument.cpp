#include <ferry/ui/ProjectDocument.hpp>

#include <ferry/model/ProjectStore.hpp>

#include <QFileInfo>

namespace ferry::ui {

ProjectDocument::ProjectDocument(QObject* parent) : QObject(parent) {
    m_project.addListener(this);
    // Undoing back to the saved state (or redoing away from it) sets the flag; QUndoStack reports
    // the clean state after the command ran, so this wins over projectChanged's guess.
    connect(&m_undoStack, &QUndoStack::cleanChanged, this,
            [this](bool clean) { setModified(!clean); });
}

ProjectDocument::~ProjectDocument() { m_project.removeListener(this); }

QString ProjectDocument::displayName() const {
    if (!m_filePath.isEmpty()) return QFileInfo(m_filePath).fileName();
    return QString::fromStdString(m_project.info().name);
}

void ProjectDocument::newProject() {
    m_undoStack.clear();
    m_selection.clear();
    m_project.reset(model::ProjectData{});
    m_filePath.clear();
    setModified(false);
    emit stateChanged();
}

model::Result<void> ProjectDocument::load(const QString& path) {
    auto data = model::loadProjectFile(path.toStdString());
    if (!data) return data.error();
    m_undoStack.clear();
    m_selection.clear();
    m_project.reset(std::move(data).value());
    m_filePath = QFileInfo(path).absoluteFilePath();
    setModified(false);
    emit stateChanged();
    return model::success();
}

model::Result<void> ProjectDocument::saveAs(const QString& path) {
    if (auto r = model::saveProjectFile(m_project.data(), path.toStdString()); !r) return r;
    m_filePath = QFileInfo(path).absoluteFilePath();
    m_undoStack.setClean();
    setModified(false);
    emit stateChanged();
    return model::success();
}

void ProjectDocument::projectChanged(const model::ProjectChange& change) {
    if (change.kind != model::ProjectChange::Kind::Reset) setModified(true);
    emit changed(change);
}

void ProjectDocument::setModified(bool modified) {
    if (m_modified == modified) return;
    m_modified = modified;
    emit stateChanged();
}

} // namespace ferry::ui
