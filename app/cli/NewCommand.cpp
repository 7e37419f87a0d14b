#include "CommandRegistry.hpp"
#include "ProjectFiles.hpp"

#include <memory>

namespace ferry::cli {
namespace {

struct NewOptions {
    std::string project;
    std::string name;
    bool force = false;
};

ExitStatus runNew(CliContext& context, const NewOptions& options) {
    auto& output = context.output;
    const std::filesystem::path path(options.project);
    if (auto checked = checkProjectOutput(path, options.force); !checked)
        return output.fail(ExitStatus::Usage, checked.error());

    model::ProjectData data;
    data.info.name = options.name.empty() ? path.stem().string() : options.name;
    if (data.info.name.empty())
        data.info.name = model::ProjectInfo{}.name;
    if (auto saved = saveProject(data, path); !saved)
        return output.fail(ExitStatus::Failed, saved.error());

    const ProjectFormat format = *projectFormatOf(path);
    if (output.json()) {
        output.printJson({{"command", "new"},
                          {"output", path.string()},
                          {"format", toString(format)},
                          {"name", data.info.name}});
    } else {
        output.out() << "Created " << toString(format) << " project \"" << data.info.name
                     << "\" in " << path.string() << "\n";
    }
    return ExitStatus::Ok;
}

} // namespace

void addNewCommand(CLI::App& app, CliContext& context) {
    auto options = std::make_shared<NewOptions>();
    CLI::App& command =
        addCommand(app, context, "new", "Create an empty project file (.json or .ferry)",
                   [&context, options] { return runNew(context, *options); });
    command
        .add_option("PROJECT", options->project, "Project file to create: name.json or name.ferry")
        ->required();
    command.add_option("--name", options->name,
                       "Display name of the project (default: the file name without extension)");
    command.add_flag("--force", options->force, "Replace PROJECT if it already exists");
}

} // namespace ferry::cli
