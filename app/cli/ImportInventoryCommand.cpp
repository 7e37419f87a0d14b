#include "CommandRegistry.hpp"
#include "ProjectFiles.hpp"

#include <ferry/model/InventoryImport.hpp>

#include <cstdio>
#include <fstream>
#include <memory>
#include <sstream>
#include <utility>

namespace ferry::cli {
namespace {
using model::InventoryField;

/// Files at least this big get a progress line on a terminal.
constexpr std::uintmax_t kProgressMinBytes = 4u << 20;

/// Every field's --map spelling, e.g. "id, name, kind, ...".
std::string fieldNameList() {
    // InventoryField's enumerators are contiguous and Application is the last one.
    std::string list;
    for (int i = 0; i <= static_cast<int>(InventoryField::Application); ++i)
        list += (list.empty() ? "" : ", ") + std::string(toString(static_cast<InventoryField>(i)));
    return list;
}

std::string presetNameList() {
    std::string list;
    for (const auto& preset : model::inventoryPresets())
        list += (list.empty() ? "" : ", ") + preset.name;
    return list;
}

struct ImportOptions {
    std::string csv;
    std::string preset = "generic";
    std::string output;
    std::string into;
    std::vector<std::string> maps;
    std::string site;
    bool skipBadRows = false;
    bool force = false;
};

/// Parse the --map values ("Header=field") into column overrides.
model::Result<std::map<std::string, InventoryField>>
parseColumnMaps(const std::vector<std::string>& maps) {
    std::map<std::string, InventoryField> overrides;
    for (const auto& entry : maps) {
        // Split at the last '=': a header may contain '=', a field name never does.
        const auto equals = entry.rfind('=');
        if (equals == std::string::npos || equals == 0)
            return model::Error{"usage.bad_map",
                                "write the mapping as \"Header=field\", e.g. \"VM Name=name\"",
                                "--map " + entry};
        const std::string header = entry.substr(0, equals);
        const std::string fieldName = entry.substr(equals + 1);
        const auto field = model::inventoryFieldFromString(fieldName);
        if (!field)
            return model::Error{"usage.unknown_field",
                                "unknown field \"" + fieldName + "\"; use one of " +
                                    fieldNameList(),
                                "--map " + entry};
        overrides[header] = *field;
    }
    return overrides;
}

std::string megabytes(std::uint64_t bytes) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f MB", static_cast<double>(bytes) / 1e6);
    return text;
}

std::string joined(const std::vector<std::string>& items) {
    std::string text;
    for (const auto& item : items)
        text += (text.empty() ? "" : ", ") + item;
    return text;
}

nlohmann::json reportToJson(const ImportOptions& options,
                            const model::InventoryImportReport& report, bool written,
                            std::size_t maxErrors) {
    nlohmann::json errors = nlohmann::json::array();
    for (const auto& error : report.errors)
        errors.push_back({{"line", error.line},
                          {"column", error.column},
                          {"value", error.value},
                          {"reason", error.reason}});
    return {{"command", "import-inventory"},
            {"input", options.csv},
            {"preset", options.preset},
            {"into", options.into.empty() ? nlohmann::json(nullptr) : nlohmann::json(options.into)},
            {"output", options.output},
            {"written", written},
            {"rows_read", report.rowsRead},
            {"rows_imported", report.rowsImported},
            {"rows_rejected", report.rowsRejected},
            {"errors", std::move(errors)},
            {"errors_truncated", report.errors.size() >= maxErrors},
            {"unmapped_columns", report.unmappedColumns},
            {"sites_created", report.sitesCreated}};
}

void printReport(std::ostream& out, const ImportOptions& options,
                 const model::InventoryImportReport& report, std::size_t maxErrors) {
    out << "Rows read:      " << report.rowsRead << "\n";
    out << "Rows imported:  " << report.rowsImported << "\n";
    out << "Rows rejected:  " << report.rowsRejected << "\n";
    if (!report.sitesCreated.empty())
        out << "Sites created:  " << joined(report.sitesCreated) << "\n";
    if (!report.unmappedColumns.empty())
        out << "Columns not imported: " << joined(report.unmappedColumns)
            << " (map them with --map \"Header=field\")\n";
    if (report.errors.empty())
        return;
    out << "\nRow errors in " << options.csv << ":\n";
    TextTable table({"LINE", "COLUMN", "VALUE", "REASON"});
    for (const auto& error : report.errors)
        table.addRow({std::to_string(error.line), error.column, error.value, error.reason});
    table.print(out);
    if (report.errors.size() >= maxErrors)
        out << "(only the first " << maxErrors << " problems are listed)\n";
}

ExitStatus runImport(CliContext& context, const ImportOptions& options) {
    auto& output = context.output;
    const std::filesystem::path csvPath(options.csv);
    const std::filesystem::path outputPath(options.output);
    const std::filesystem::path intoPath(options.into);

    const model::InventoryPreset* preset = model::findInventoryPreset(options.preset);
    if (preset == nullptr)
        return output.fail(ExitStatus::Usage, {"usage.unknown_preset",
                                               "unknown preset \"" + options.preset +
                                                   "\"; use one of " + presetNameList(),
                                               "--preset"});
    auto overrides = parseColumnMaps(options.maps);
    if (!overrides)
        return output.fail(ExitStatus::Usage, overrides.error());

    // Writing back into the --into project is what the user asked for; any other existing
    // output needs --force.
    const bool updatesInto = !options.into.empty() && isSameFile(outputPath, intoPath);
    if (auto checked = checkProjectOutput(outputPath, options.force || updatesInto); !checked)
        return output.fail(ExitStatus::Usage, checked.error());
    if (isSameFile(outputPath, csvPath))
        return output.fail(ExitStatus::Usage,
                           {"usage.output_is_input",
                            "the output would overwrite the CSV file; choose another -o path",
                            options.output});
    if (auto checked = checkInputFile(csvPath); !checked)
        return output.fail(ExitStatus::Usage, checked.error());

    model::ProjectData data;
    if (!options.into.empty()) {
        auto loaded = loadProject(intoPath);
        if (!loaded)
            return output.fail(ExitStatus::Usage, loaded.error());
        data = std::move(loaded).value();
    } else {
        data.info.name = outputPath.stem().string();
    }

    std::ifstream in(csvPath, std::ios::binary);
    if (!in)
        return output.fail(ExitStatus::Usage,
                           {"file.unreadable",
                            "the file cannot be opened for reading; check its permissions",
                            options.csv});

    model::InventoryImportOptions importOptions;
    importOptions.preset = preset;
    importOptions.columnOverrides = std::move(overrides).value();
    if (!options.site.empty())
        importOptions.defaultSite = options.site;
    importOptions.skipBadRows = options.skipBadRows;

    std::error_code sizeError;
    const std::uintmax_t totalBytes = std::filesystem::file_size(csvPath, sizeError);
    if (!sizeError && totalBytes >= kProgressMinBytes && output.canShowProgress()) {
        int shownPercent = -1;
        importOptions.progress = [&output, &options, totalBytes,
                                  &shownPercent](std::uint64_t bytesRead) {
            const int percent = static_cast<int>(bytesRead * 100 / totalBytes);
            if (percent != shownPercent) {
                shownPercent = percent;
                output.showProgress("Importing " + options.csv + ": " + std::to_string(percent) +
                                    "% (" + megabytes(bytesRead) + " of " + megabytes(totalBytes) +
                                    ")");
            }
            return true;
        };
    }

    model::InventoryImportReport report;
    auto imported =
        model::InventoryImport::importStream(in, options.csv, data, importOptions, report);
    output.clearProgress();
    if (!imported) {
        // Rejected rows are a failed import (1); a file that is not a usable CSV at all is an
        // invalid input (2).
        const ExitStatus status = report.rowsRejected > 0 ? ExitStatus::Failed : ExitStatus::Usage;
        model::Error error = imported.error();
        if (error.context.empty())
            error.context = options.csv;
        if (!output.json()) {
            printReport(output.out(), options, report, importOptions.maxErrors);
            output.out() << "Nothing was written to " << options.output << ".\n";
        }
        return output.fail(status, error,
                           reportToJson(options, report, false, importOptions.maxErrors));
    }

    if (importOptions.progress)
        output.showProgress("Writing " + options.output + " ...");
    auto saved = saveProject(data, outputPath);
    output.clearProgress();
    if (!saved)
        return output.fail(ExitStatus::Failed, saved.error(),
                           reportToJson(options, report, false, importOptions.maxErrors));

    if (output.json()) {
        output.printJson(reportToJson(options, report, true, importOptions.maxErrors));
    } else {
        printReport(output.out(), options, report, importOptions.maxErrors);
        output.out() << "\nWrote " << options.output << " (" << describeCounts(data) << ")\n";
    }
    return ExitStatus::Ok;
}

} // namespace

void addImportInventoryCommand(CLI::App& app, CliContext& context) {
    auto options = std::make_shared<ImportOptions>();
    CLI::App& command =
        addCommand(app, context, "import-inventory",
                   "Import workloads from a CSV inventory export into a new or an existing project",
                   [&context, options] { return runImport(context, *options); });
    command.add_option("CSV", options->csv, "The CSV file to import (UTF-8, comma separated)")
        ->required();
    std::string presetHelp = "Column layout of the export:";
    for (const auto& preset : model::inventoryPresets())
        presetHelp += "\n  " + preset.name + ": " + preset.description;
    command.add_option("--preset", options->preset, presetHelp)->capture_default_str();
    command.add_option("-o,--output", options->output, "Project file to write (.json or .ferry)")
        ->required();
    command.add_option("--into", options->into,
                       "Add the workloads to this existing project (written to -o, this file is "
                       "left alone unless it is also -o)");
    command
        .add_option("--map", options->maps,
                    "Map a CSV column to a field, e.g. \"VM Name=name\"; repeat for more. "
                    "Fields: " +
                        fieldNameList())
        ->allow_extra_args(false);
    command.add_option("--site", options->site,
                       "Site id for rows without a site column (default: source)");
    command.add_flag("--skip-bad-rows", options->skipBadRows,
                     "Import the good rows and list the bad ones instead of importing nothing");
    command.add_flag("--force", options->force, "Replace the -o file if it already exists");
}

} // namespace ferry::cli
