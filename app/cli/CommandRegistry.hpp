#pragma once

#include "CliContext.hpp"

#include <CLI/CLI.hpp>

#include <vector>

namespace ferry::cli {

/// Adds one command (or a group of them) to ferry-cli; one per file, named add<Name>Command.
using CommandModule = void (*)(CLI::App& app, CliContext& context);

/// Every command module, in the order `ferry-cli --help` lists them.
const std::vector<CommandModule>& commandModules();

/// `ferry-cli new`: an empty project file (NewCommand.cpp).
void addNewCommand(CLI::App& app, CliContext& context);
/// `ferry-cli import-inventory`: workloads from a CSV export (ImportInventoryCommand.cpp).
void addImportInventoryCommand(CLI::App& app, CliContext& context);
/// `ferry-cli validate`: findings about a project (ValidateCommand.cpp).
void addValidateCommand(CLI::App& app, CliContext& context);
/// `ferry-cli convert`: .json <-> .ferry (ConvertCommand.cpp).
void addConvertCommand(CLI::App& app, CliContext& context);

} // namespace ferry::cli
