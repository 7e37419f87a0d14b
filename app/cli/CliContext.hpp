#pragma once

#include "CliOutput.hpp"

#include <functional>
#include <string>

namespace CLI {
class App;
}

namespace ferry::cli {

/// What every command shares: where output goes and the status the process ends with.
struct CliContext {
    CliOutput output;                   ///< stdout/stderr, human or --json.
    ExitStatus status = ExitStatus::Ok; ///< Set by the command that ran.
};

/// Add a subcommand with the options every command has (--json, --help) and the function that
/// runs it once the command line has been parsed; returns the subcommand for its own options.
CLI::App& addCommand(CLI::App& app, CliContext& context, const std::string& name,
                     const std::string& description, std::function<ExitStatus()> run);

} // namespace ferry::cli
