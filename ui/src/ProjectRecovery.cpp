#include <ferry/ui/ProjectRecovery.hpp>

#include <ferry/model/ProjectStore.hpp>

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLockFile>
#include <QSaveFile>
#include <QStandardPaths>
#include <QUuid>

#include <algorithm>

namespace ferry::ui {
namespace {

constexpr auto kDataSuffix = ".ferry";
constexpr auto kNoteSuffix = ".recovery.json";
constexpr auto kLockSuffix = ".lock";

QString stemOf(const QString& recoveryFile) {
    const QString name = QFileInfo(recoveryFile).fileName();
    return name.left(name.size() - int(qstrlen(kDataSuffix)));
}

QString siblingOf(const QString& recoveryFile, const char* suffix) {
    return QFileInfo(recoveryFile).dir().filePath(stemOf(recoveryFile) + suffix);
}

} // namespace

ProjectRecovery::ProjectRecovery(QString directory) : m_directory(std::move(directory)) {}

ProjectRecovery::~ProjectRecovery() = default;

QString ProjectRecovery::defaultDirectory() {
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation))
        .filePath(QStringLiteral("recovery"));
}

bool ProjectRecovery::claim(const QString& projectPath) {
    if (m_lock && projectPath == m_projectPath)
        return true;
    discard();
    if (!QDir().mkpath(m_directory))
        return false;
    // One name per project, so a crash leaves one copy per project however often it was saved;
    // a project open in two Ferry windows (or an unsaved one) gets a name of its own.
    const QByteArray hash =
        QCryptographicHash::hash(projectPath.toUtf8(), QCryptographicHash::Sha256).toHex();
    const QString stem =
        projectPath.isEmpty() ? QStringLiteral("untitled") : QString::fromLatin1(hash.left(16));
    QStringList candidates;
    if (!projectPath.isEmpty())
        candidates << stem;
    candidates << stem + QLatin1Char('-') + QUuid::createUuid().toString(QUuid::Id128);
    const QDir dir(m_directory);
    for (const QString& key : candidates) {
        auto lock = std::make_unique<QLockFile>(dir.filePath(key + kLockSuffix));
        lock->setStaleLockTime(0); // only a dead owner makes a lock stale
        if (!lock->tryLock(0))
            continue;
        // A copy left by a crash that the user has not restored yet is never overwritten.
        if (QFileInfo::exists(dir.filePath(key + kDataSuffix)))
            continue;
        m_key = key;
        m_projectPath = projectPath;
        m_lock = std::move(lock);
        return true;
    }
    return false;
}

model::Result<void> ProjectRecovery::write(const model::ProjectData& data,
                                           const QString& projectPath) {
    if (!claim(projectPath)) {
        return model::Error{"recovery.folder",
                            "Ferry cannot write autosave copies; check that the folder is "
                            "writable.",
                            m_directory.toStdString()};
    }
    const QDir dir(m_directory);
    if (auto r = model::ProjectStore::save(data, dir.filePath(m_key + kDataSuffix).toStdString());
        !r)
        return r;
    QSaveFile note(dir.filePath(m_key + kNoteSuffix));
    const QJsonObject json{{"project", projectPath},
                           {"saved", QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs)}};
    if (!note.open(QIODevice::WriteOnly) || note.write(QJsonDocument(json).toJson()) < 0 ||
        !note.commit()) {
        return model::Error{"recovery.write",
                            "Ferry could not write the autosave note; check the free space.",
                            note.fileName().toStdString()};
    }
    return model::success();
}

QString ProjectRecovery::currentFile() const {
    if (m_key.isEmpty())
        return {};
    const QString path = QDir(m_directory).filePath(m_key + kDataSuffix);
    return QFileInfo::exists(path) ? path : QString();
}

void ProjectRecovery::discard() {
    if (!m_key.isEmpty()) {
        const QDir dir(m_directory);
        QFile::remove(dir.filePath(m_key + kDataSuffix));
        QFile::remove(dir.filePath(m_key + kNoteSuffix));
    }
    m_lock.reset(); // unlocks and removes the lock file
    m_key.clear();
    m_projectPath.clear();
}

QList<ProjectRecovery::Entry> ProjectRecovery::pending() const {
    QList<Entry> entries;
    const QDir dir(m_directory);
    for (const QFileInfo& info :
         dir.entryInfoList({QStringLiteral("*") + kDataSuffix}, QDir::Files)) {
        const QString stem = stemOf(info.filePath());
        if (stem == m_key)
            continue;
        // A live Ferry holds the lock of its copy; the lock of a crashed one is stale.
        QLockFile lock(dir.filePath(stem + kLockSuffix));
        lock.setStaleLockTime(0);
        if (!lock.tryLock(0))
            continue;
        lock.unlock();

        QFile noteFile(siblingOf(info.filePath(), kNoteSuffix));
        QJsonObject note;
        if (noteFile.open(QIODevice::ReadOnly))
            note = QJsonDocument::fromJson(noteFile.readAll()).object();
        Entry entry{info.filePath(), note.value("project").toString(),
                    QDateTime::fromString(note.value("saved").toString(), Qt::ISODateWithMs)};
        if (!entry.savedAt.isValid())
            entry.savedAt = info.lastModified();
        const QFileInfo project(entry.projectPath);
        if (!entry.projectPath.isEmpty() && project.exists() &&
            project.lastModified() >= info.lastModified()) {
            remove(entry); // the project was saved after the copy: nothing to recover
            continue;
        }
        entries.push_back(entry);
    }
    std::sort(entries.begin(), entries.end(),
              [](const Entry& a, const Entry& b) { return a.savedAt > b.savedAt; });
    return entries;
}

model::Result<model::ProjectData> ProjectRecovery::read(const Entry& entry) {
    return model::ProjectStore::load(entry.recoveryFile.toStdString());
}

void ProjectRecovery::remove(const Entry& entry) {
    QFile::remove(entry.recoveryFile);
    QFile::remove(siblingOf(entry.recoveryFile, kNoteSuffix));
    QFile::remove(siblingOf(entry.recoveryFile, kLockSuffix));
}

} // namespace ferry::ui
