// ferry-cli: the headless command line tool. Commands live in one file each and are listed in
// CommandRegistry.cpp; this file parses the command line and turns errors into exit statuses.
#include "CommandRegistry.hpp"

#include <ferry/model/Version.hpp>

#include <unistd.h>

#include <cstring>
#include <iostream>

namespace {
using ferry::cli::ExitStatus;

/// --json decides how even command-line errors are reported, so look for it before parsing.
bool jsonRequested(int argc, char** argv) {
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--") == 0)
            return false;
        if (std::strcmp(argv[i], "--json") == 0)
            return true;
    }
    return false;
}

/// The subcommand being parsed when an error struck, or "" for the app itself.
std::string commandInProgress(const CLI::App& app) {
    const auto parsed = app.get_subcommands();
    return parsed.empty() ? std::string() : parsed.front()->get_name();
}

int run(int argc, char** argv) {
    ferry::cli::CliContext context{
        ferry::cli::CliOutput(std::cout, std::cerr, ::isatty(STDERR_FILENO) == 1)};
    auto& output = context.output;
    output.jsonFlag() = jsonRequested(argc, argv);

    CLI::App app{"Ferry: plan and run migrations of workloads between data centres and clouds.",
                 "ferry-cli"};
    app.footer("Run 'ferry-cli COMMAND --help' for a command's options. Exit status: 0 fine, 1 "
               "error findings or a failed operation, 2 bad usage or an unreadable input file.");
    app.require_subcommand(0, 1);
    app.add_flag("--json", output.jsonFlag(), "Write machine-readable JSON on stdout (errors too)");
    app.set_version_flag("--version", [&output]() -> std::string {
        const std::string version(ferry::model::ferryVersion());
        if (output.json())
            return nlohmann::json{{"name", "ferry-cli"}, {"version", version}}.dump(2);
        return "ferry-cli " + version;
    });
    for (const auto module : ferry::cli::commandModules())
        module(app, context);

    try {
        app.parse(argc, argv);
    } catch (const CLI::Success& e) {
        // --help and --version: CLI11 prints them on stdout.
        return app.exit(e, std::cout, std::cerr) == 0 ? 0 : static_cast<int>(ExitStatus::Usage);
    } catch (const CLI::ParseError& e) {
        const std::string command = commandInProgress(app);
        const std::string helpCommand =
            command.empty() ? "ferry-cli --help" : "ferry-cli " + command + " --help";
        std::string message = e.what();
        const auto leftOver = app.remaining();
        if (command.empty() && dynamic_cast<const CLI::ExtrasError*>(&e) != nullptr &&
            !leftOver.empty() && !leftOver.front().starts_with("-"))
            message = "unknown command \"" + leftOver.front() + "\"";
        if (message.empty())
            message = "the command line is not valid";
        output.fail(ExitStatus::Usage,
                    {"usage", message + "; run '" + helpCommand + "' for usage", command});
        return static_cast<int>(ExitStatus::Usage);
    }

    if (app.get_subcommands().empty()) {
        output.fail(ExitStatus::Usage,
                    {"usage", "no command given; run 'ferry-cli --help' to list the commands", ""});
        return static_cast<int>(ExitStatus::Usage);
    }
    return static_cast<int>(context.status);
}

} // namespace

int main(int argc, char** argv) {
    try {
        return run(argc, argv);
    } catch (const std::exception& e) {
        std::cerr << "ferry-cli: " << ferry::cli::singleLine(e.what())
                  << "; ferry-cli stopped, please try again\n";
        return static_cast<int>(ExitStatus::Failed);
    }
}
