#pragma once

#include <ferry/model/ProjectData.hpp>
#include <ferry/model/Result.hpp>

#include <QDateTime>
#include <QList>
#include <QString>

#include <memory>

class QLockFile;

namespace ferry::ui {

/// Autosaved copies of unsaved edits, so a crash loses at most one autosave interval of work.
/// Each copy is a .ferry file plus a small JSON note naming the project it belongs to, in a
/// folder under QStandardPaths::AppDataLocation. A running Ferry holds a lock on the copy it
/// writes, so another Ferry never offers to restore the work of one that is still running.
class ProjectRecovery {
public:
    /// A copy left behind by a Ferry that did not exit cleanly.
    struct Entry {
        QString recoveryFile; ///< The autosaved .ferry copy.
        QString projectPath;  ///< The project it was made from; empty for an unsaved project.
        QDateTime savedAt;    ///< When the copy was written.
    };

    /// Keep recovery copies in directory (created on first write).
    explicit ProjectRecovery(QString directory = defaultDirectory());
    ~ProjectRecovery();
    ProjectRecovery(const ProjectRecovery&) = delete;
    ProjectRecovery& operator=(const ProjectRecovery&) = delete;

    /// The standard folder: <AppDataLocation>/recovery.
    static QString defaultDirectory();
    /// The folder this instance uses.
    QString directory() const { return m_directory; }

    /// Write a copy of data for the project at projectPath ("" for an unsaved project),
    /// replacing this instance's previous copy; atomic, so a crash while writing keeps the last.
    model::Result<void> write(const model::ProjectData& data, const QString& projectPath);
    /// The copy this instance wrote last; empty when there is none.
    QString currentFile() const;
    /// Delete this instance's copy (after a save, a clean exit, or when the project is closed).
    void discard();

    /// Copies from Ferry sessions that ended without a clean exit and are newer than their
    /// project file (or whose project was never saved or is gone), newest first. Copies older
    /// than their project are stale and deleted.
    QList<Entry> pending() const;
    /// The project data of a copy.
    static model::Result<model::ProjectData> read(const Entry& entry);
    /// Delete a copy found by pending().
    static void remove(const Entry& entry);

private:
    bool claim(const QString& projectPath);

    QString m_directory;
    QString m_key;         ///< File name stem of this instance's copy.
    QString m_projectPath; ///< The project m_key was made for.
    std::unique_ptr<QLockFile> m_lock;
};

} // namespace ferry::ui
