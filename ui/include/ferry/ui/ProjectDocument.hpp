#pragma once

#include <ferry/model/Project.hpp>
#include <ferry/ui/Selection.hpp>

#include <QObject>
#include <QString>
#include <QUndoStack>

#include <memory>

namespace ferry::ui {

/// The open project as the desktop sees it: the model, its file and whether it has unsaved edits.
/// Turns the model's plain C++ notifications into Qt signals.
class ProjectDocument : public QObject, private model::ProjectListener {
    Q_OBJECT
public:
    explicit ProjectDocument(QObject* parent = nullptr);
    ~ProjectDocument() override;

    /// The model; edit it through its request… functions.
    model::Project& project() { return m_project; }
    const model::Project& project() const { return m_project; }

    /// Every edit made in the desktop goes through this stack (QUndoCommands calling request…).
    QUndoStack& undoStack() { return m_undoStack; }
    /// The shared selection of sites and workloads.
    Selection& selection() { return m_selection; }

    /// The file the project was loaded from or last saved to; empty for a new project.
    QString filePath() const { return m_filePath; }
    /// True when there are edits since the last load or save.
    bool isModified() const { return m_modified; }
    /// True while an undo puts a whole earlier state back (views keep their viewport then).
    bool restoringSnapshot() const { return m_restoringSnapshot; }
    /// Set by the commands that put a whole earlier state back.
    void setRestoringSnapshot(bool on) { m_restoringSnapshot = on; }
    /// A name for the title bar: the file name, or the project name for a new project.
    QString displayName() const;

    /// Replace the project with an empty one.
    void newProject();
    /// Load a .json or .ferry file; on failure the current project is kept and the error returned.
    model::Result<void> load(const QString& path);
    /// Save to a .json or .ferry file (by extension); on success it becomes the document's file.
    model::Result<void> saveAs(const QString& path);

signals:
    /// Something in the project changed (after an applied edit or a load).
    void changed(const ferry::model::ProjectChange& change);
    /// The modified flag or the file path changed.
    void stateChanged();

private:
    void projectChanged(const model::ProjectChange& change) override;
    void setModified(bool modified);

    model::Project m_project;
    QUndoStack m_undoStack;
    Selection m_selection;
    QString m_filePath;
    bool m_modified = false;
    bool m_restoringSnapshot = false;
};

} // namespace ferry::ui

Q_DECLARE_METATYPE(ferry::model::ProjectChange)
