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
/// `ferry-cli plan`: migration waves with their reasons (PlanCommand.cpp).
void addPlanCommand(CLI::App& app, CliContext& context);
/// `ferry-cli cost`: one-time cost, run-rates and break-even of the plan (CostCommand.cpp).
void addCostCommand(CLI::App& app, CliContext& context);
/// `ferry-cli simulate`: simulated schedule per workload (SimulateCommand.cpp).
void addSimulateCommand(CLI::App& app, CliContext& context);
/// `ferry-cli forecast`: P10/P50/P90 of duration, cost and wave ends (ForecastCommand.cpp).
void addForecastCommand(CLI::App& app, CliContext& context);
/// `ferry-cli compare`: baseline and scenarios side by side (CompareCommand.cpp).
void addCompareCommand(CLI::App& app, CliContext& context);
/// `ferry-cli report`: the plan report as HTML or PDF (ReportCommand.cpp).
void addReportCommand(CLI::App& app, CliContext& context);
/// `ferry-cli copy`: copy and verify objects between two places (CopyCommand.cpp).
void addCopyCommand(CLI::App& app, CliContext& context);
/// `ferry-cli run`: copy a project's workloads to their targets, wave by wave (RunCommand.cpp).
void addRunCommand(CLI::App& app, CliContext& context);
/// `ferry-cli resume`: finish the run a journal records (ResumeCommand.cpp).
void addResumeCommand(CLI::App& app, CliContext& context);
/// `ferry-cli verify`: re-check targets against sources, per object (VerifyCommand.cpp).
void addVerifyCommand(CLI::App& app, CliContext& context);
/// `ferry-cli status`: what a run journal records (StatusCommand.cpp).
void addStatusCommand(CLI::App& app, CliContext& context);
/// `ferry-cli schema`: a database's tables translated for a target, and what is lost
/// (SchemaCommand.cpp).
void addSchemaCommand(CLI::App& app, CliContext& context);

} // namespace ferry::cli
