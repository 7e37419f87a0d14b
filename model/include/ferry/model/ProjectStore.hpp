#pragma once

#include <ferry/model/ProjectData.hpp>
#include <ferry/model/Result.hpp>

#include <filesystem>

namespace ferry::model {

/// The .ferry schema version this build writes and the newest it reads.
inline constexpr int kProjectStoreSchemaVersion = 2;

/// The native .ferry file: an SQLite database with a schema_version table, forward migrations
/// for older files and foreign keys on. Saving writes a fresh database next to the target in one
/// transaction and renames it into place, so a crash never leaves half a project.
class ProjectStore {
public:
    /// Open a .ferry file read-only, migrating an older schema in memory; refuses newer versions.
    static Result<ProjectData> load(const std::filesystem::path& path);
    /// Save, replacing any existing file atomically.
    static Result<void> save(const ProjectData& data, const std::filesystem::path& path);
};

/// Load a project from .json or .ferry, chosen by extension (or by content when unknown).
Result<ProjectData> loadProjectFile(const std::filesystem::path& path);
/// Save a project as .json or .ferry, chosen by extension.
Result<void> saveProjectFile(const ProjectData& data, const std::filesystem::path& path);

} // namespace ferry::model
