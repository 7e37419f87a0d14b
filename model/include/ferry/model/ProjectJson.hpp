#pragma once

#include <ferry/model/ProjectData.hpp>
#include <ferry/model/Result.hpp>

#include <filesystem>
#include <string>
#include <string_view>

namespace ferry::model {

/// The JSON interchange format's version this build writes and the newest it reads.
inline constexpr int kProjectJsonVersion = 1;

/// Reads and writes the JSON project format (docs/project-format.md,
/// resources/schema/ferry-project.schema.json). Parsing is strict: wrong types, unknown keys,
/// duplicate keys, invalid UTF-8, non-finite or out-of-range numbers and newer versions are
/// refused with an Error whose context names the file, line/column or JSON pointer.
class ProjectJson {
public:
    /// Parse a document held in memory; sourceName is used in error contexts.
    static Result<ProjectData> parse(std::string_view text, const std::string& sourceName = "<json>");
    /// Read a file (at most 512 MiB).
    static Result<ProjectData> readFile(const std::filesystem::path& path);
    /// Serialise with 2-space indentation and a trailing newline; stable key order.
    static std::string serialize(const ProjectData& data);
    /// Write atomically: a temporary file beside the target, fsync, rename. On failure the
    /// existing file is untouched.
    static Result<void> writeFile(const ProjectData& data, const std::filesystem::path& path);
};

} // namespace ferry::model
