#pragma once

#include <ferry/ui/ProjectRecovery.hpp>

#include <QCoreApplication>
#include <QDir>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>

/// Points QSettings and QStandardPaths at scratch places for one test, so tests neither read nor
/// change the user's recent files, layout, preferences or autosave copies.
class ScratchSettings {
public:
    ScratchSettings() {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("FerryTests"));
        // A name of its own, so test processes running side by side (ctest -j) never share the
        // autosave folder under the application data location.
        QCoreApplication::setApplicationName(
            QStringLiteral("FerryUiTests-%1").arg(QCoreApplication::applicationPid()));
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_dir.path());
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_dir.path());
        QSettings().clear();
        QDir(ferry::ui::ProjectRecovery::defaultDirectory()).removeRecursively();
    }
    ~ScratchSettings() {
        QSettings().clear();
        // The whole data folder of this process's test-mode name (the recovery folder is in it).
        QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).removeRecursively();
    }
    ScratchSettings(const ScratchSettings&) = delete;
    ScratchSettings& operator=(const ScratchSettings&) = delete;

    /// A folder the test may fill.
    QString path(const QString& name) const { return QDir(m_dir.path()).filePath(name); }

private:
    QTemporaryDir m_dir;
};
