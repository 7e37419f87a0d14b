#include "CommandRegistry.hpp"

#include <exception>
#include <utility>

namespace ferry::cli {

const std::vector<CommandModule>& commandModules() {
    static const std::vector<CommandModule> modules{
        &addNewCommand,
        &addImportInventoryCommand,
        &addValidateCommand,
        &addConvertCommand,
        &addPlanCommand,
        &addCostCommand,
        &addSimulateCommand,
        &addForecastCommand,
        &addCompareCommand,
        &addReportCommand,
        &addCopyCommand,
        &addRunCommand,
        &addResumeCommand,
        &addVerifyCommand,
        &addStatusCommand,
        &addSchemaCommand,
    };
    return modules;
}

CLI::App& addCommand(CLI::App& app, CliContext& context, const std::string& name,
                     const std::string& description, std::function<ExitStatus()> run) {
    CLI::App* command = app.add_subcommand(name, description);
    command->add_flag("--json", context.output.jsonFlag(),
                      "Write machine-readable JSON on stdout (errors too)");
    command->callback([&context, name, run = std::move(run)] {
        try {
            context.status = run();
        } catch (const std::exception& e) {
            // Only resource exhaustion and similar get here; the commands report user errors.
            context.status = context.output.fail(
                ExitStatus::Failed,
                {"internal", std::string(e.what()) + "; ferry-cli stopped, please try again",
                 name});
        }
    });
    return *command;
}

} // namespace ferry::cli
