#include "ProjectFiles.hpp"

#include <ferry/model/Report.hpp>

#include <ferry/model/ProjectStore.hpp>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdlib>
#include <system_error>

namespace ferry::cli {
namespace fs = std::filesystem;

namespace {

std::string lowercase(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

model::Error withFileContext(model::Error error, const fs::path& path) {
    // The model names the file in its contexts; make sure the command line always does.
    const std::string name = path.string();
    if (error.context.empty())
        error.context = name;
    else if (error.context.find(name) == std::string::npos &&
             error.context.find(path.filename().string()) == std::string::npos)
        error.context = name + ": " + error.context;
    return error;
}

std::string plural(std::size_t count, const std::string& one, const std::string& many) {
    return std::to_string(count) + " " + (count == 1 ? one : many);
}

} // namespace

std::string toString(ProjectFormat format) {
    return format == ProjectFormat::Json ? "json" : "ferry";
}

std::optional<ProjectFormat> projectFormatOf(const fs::path& path) {
    const std::string extension = lowercase(path.extension().string());
    if (extension == ".json")
        return ProjectFormat::Json;
    if (extension == ".ferry")
        return ProjectFormat::Ferry;
    return std::nullopt;
}

model::Result<void> checkInputFile(const fs::path& path) {
    std::error_code ec;
    const auto status = fs::status(path, ec);
    if (!fs::exists(status))
        return model::Error{"file.not_found", "the file does not exist; check the path",
                            path.string()};
    if (fs::is_directory(status))
        return model::Error{"file.is_directory", "this is a folder, not a file; name a file",
                            path.string()};
    return model::success();
}

model::Result<void> checkProjectOutput(const fs::path& path, bool overwrite) {
    if (!projectFormatOf(path))
        return model::Error{"usage.bad_extension",
                            "a project file must end in .json or .ferry; rename the output",
                            path.string()};
    std::error_code ec;
    const auto status = fs::status(path, ec);
    if (fs::is_directory(status))
        return model::Error{"file.is_directory", "this is a folder; name a file to write",
                            path.string()};
    if (fs::exists(status) && !overwrite)
        return model::Error{"file.exists",
                            "the file already exists; pass --force to replace it or choose "
                            "another name",
                            path.string()};
    return model::success();
}

model::Result<void> checkReportOutput(const fs::path& path, bool overwrite) {
    if (auto format = model::checkReportPath(path); !format)
        return format.error();
    std::error_code ec;
    if (!overwrite && fs::exists(path, ec))
        return model::Error{"report.exists", "The file exists already; add --force to replace it.",
                            path.string()};
    return model::success();
}

std::string reportDate() {
    using namespace std::chrono;
    if (const char* epoch = std::getenv("SOURCE_DATE_EPOCH"); epoch && *epoch)
        return model::isoDate(floor<days>(sys_seconds{seconds{std::atoll(epoch)}}));
    return model::isoDate(floor<days>(system_clock::now()));
}

bool isSameFile(const fs::path& a, const fs::path& b) {
    std::error_code ec;
    if (fs::exists(a, ec) && fs::exists(b, ec)) {
        const bool same = fs::equivalent(a, b, ec);
        if (!ec)
            return same;
    }
    const auto normalA = fs::weakly_canonical(a, ec);
    if (ec)
        return false;
    const auto normalB = fs::weakly_canonical(b, ec);
    return !ec && normalA == normalB;
}

model::Result<model::ProjectData> loadProject(const fs::path& path) {
    if (auto checked = checkInputFile(path); !checked)
        return checked.error();
    auto loaded = model::loadProjectFile(path);
    if (!loaded)
        return withFileContext(loaded.error(), path);
    return loaded;
}

model::Result<void> saveProject(const model::ProjectData& data, const fs::path& path) {
    auto saved = model::saveProjectFile(data, path);
    if (!saved)
        return withFileContext(saved.error(), path);
    return saved;
}

nlohmann::json objectCounts(const model::ProjectData& data) {
    return {{"sites", data.sites.size()},         {"links", data.links.size()},
            {"workloads", data.workloads.size()}, {"dependencies", data.dependencies.size()},
            {"mappings", data.mappings.size()},   {"waves", data.waves.size()},
            {"scenarios", data.scenarios.size()}};
}

std::string describeCounts(const model::ProjectData& data) {
    return plural(data.sites.size(), "site", "sites") + ", " +
           plural(data.links.size(), "link", "links") + ", " +
           plural(data.workloads.size(), "workload", "workloads") + ", " +
           plural(data.dependencies.size(), "dependency", "dependencies") + ", " +
           plural(data.mappings.size(), "mapping", "mappings") + ", " +
           plural(data.waves.size(), "wave", "waves") + ", " +
           plural(data.scenarios.size(), "scenario", "scenarios");
}

} // namespace ferry::cli
