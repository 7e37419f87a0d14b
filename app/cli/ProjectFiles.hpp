#pragma once

#include <ferry/model/ProjectData.hpp>
#include <ferry/model/Result.hpp>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <optional>
#include <string>

namespace ferry::cli {

/// The two project file formats, told apart by extension.
enum class ProjectFormat { Json, Ferry };

/// "json" or "ferry".
std::string toString(ProjectFormat format);
/// The format a path's extension names (.json or .ferry, any case), or nullopt.
std::optional<ProjectFormat> projectFormatOf(const std::filesystem::path& path);

/// Check that an input file exists and is a regular file; the error's context is the path.
model::Result<void> checkInputFile(const std::filesystem::path& path);
/// Check that a project can be written to path: a .json or .ferry extension, and no existing
/// file unless overwrite is allowed.
model::Result<void> checkProjectOutput(const std::filesystem::path& path, bool overwrite);
/// Check that a report can be written to path: .html or .pdf, and no existing file unless
/// overwrite is allowed ("report.format", "report.exists").
model::Result<void> checkReportOutput(const std::filesystem::path& path, bool overwrite);
/// The date printed under a report's title: today, or the day of SOURCE_DATE_EPOCH when set
/// (reproducible reports).
std::string reportDate();
/// True when both paths name the same existing file (or the same path once normalised).
bool isSameFile(const std::filesystem::path& a, const std::filesystem::path& b);

/// Load a .json or .ferry project; every error names the file in its context.
model::Result<model::ProjectData> loadProject(const std::filesystem::path& path);
/// Save a project atomically; every error names the file in its context.
model::Result<void> saveProject(const model::ProjectData& data, const std::filesystem::path& path);

/// How many objects of each kind a project holds, as a JSON object keyed by section name.
nlohmann::json objectCounts(const model::ProjectData& data);
/// The same counts as text, e.g. "2 sites, 1 link, 10 workloads, ...".
std::string describeCounts(const model::ProjectData& data);

} // namespace ferry::cli
