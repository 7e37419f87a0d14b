#include "CommandRegistry.hpp"
#include "ProjectFiles.hpp"

#include <memory>

namespace ferry::cli {
namespace {

struct ConvertOptions {
    std::string input;
    std::string output;
    bool force = false;
};

ExitStatus runConvert(CliContext& context, const ConvertOptions& options) {
    auto& output = context.output;
    const std::filesystem::path inPath(options.input);
    const std::filesystem::path outPath(options.output);

    if (auto checked = checkInputFile(inPath); !checked)
        return output.fail(ExitStatus::Usage, checked.error());
    if (!projectFormatOf(inPath))
        return output.fail(ExitStatus::Usage,
                           {"usage.bad_extension",
                            "the input must be a .json or .ferry project; rename it or name "
                            "another file",
                            options.input});
    if (isSameFile(inPath, outPath))
        return output.fail(ExitStatus::Usage,
                           {"usage.output_is_input",
                            "the output is the input file and converting would overwrite it; "
                            "choose another output path",
                            options.output});
    if (auto checked = checkProjectOutput(outPath, options.force); !checked)
        return output.fail(ExitStatus::Usage, checked.error());

    auto loaded = loadProject(inPath);
    if (!loaded)
        return output.fail(ExitStatus::Usage, loaded.error());
    if (auto saved = saveProject(loaded.value(), outPath); !saved)
        return output.fail(ExitStatus::Failed, saved.error());

    const std::string inFormat = toString(*projectFormatOf(inPath));
    const std::string outFormat = toString(*projectFormatOf(outPath));
    if (output.json()) {
        output.printJson({{"command", "convert"},
                          {"input", options.input},
                          {"input_format", inFormat},
                          {"output", options.output},
                          {"output_format", outFormat},
                          {"counts", objectCounts(loaded.value())}});
    } else {
        output.out() << "Converted " << options.input << " (" << inFormat << ") to "
                     << options.output << " (" << outFormat
                     << "): " << describeCounts(loaded.value()) << "\n";
    }
    return ExitStatus::Ok;
}

} // namespace

void addConvertCommand(CLI::App& app, CliContext& context) {
    auto options = std::make_shared<ConvertOptions>();
    CLI::App& command =
        addCommand(app, context, "convert",
                   "Convert a project between .json and .ferry (or rewrite it in the same format)",
                   [&context, options] { return runConvert(context, *options); });
    command.add_option("IN", options->input, "Project file to read (.json or .ferry)")->required();
    command.add_option("OUT", options->output, "Project file to write (.json or .ferry)")
        ->required();
    command.add_flag("--force", options->force, "Replace OUT if it already exists");
}

} // namespace ferry::cli
