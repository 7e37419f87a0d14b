#include "CommandRegistry.hpp"
#include "RunConsole.hpp"

#include <ferry/engine/ConnectorRegistry.hpp>
#include <ferry/engine/Run.hpp>
#include <ferry/engine/RunJournal.hpp>

#include <memory>

namespace ferry::cli {
namespace {

struct CopyOptions {
    std::string source;
    std::string target;
    RunCommandOptions run;
};

ExitStatus runCopy(CliContext& context, const CopyOptions& options) {
    auto& output = context.output;
    auto runOptions = engineOptions(options.run);
    if (!runOptions)
        return output.fail(ExitStatus::Usage, runOptions.error());
    const std::string source = uriFromArgument(options.source);
    const std::string target = uriFromArgument(options.target);
    if (source == target)
        return output.fail(ExitStatus::Usage,
                           {"usage.same_endpoint",
                            "the source and the target are the same place; choose another target",
                            options.target});

    const auto registry = engine::ConnectorRegistry::withBuiltins();
    engine::RunContext runContext;
    runContext.registry = &registry;
    runContext.runId = engine::RunJournal::newRunId();
    runContext.journalPath = options.run.journal.empty()
                                 ? defaultCopyJournalFolder() / (runContext.runId + ".journal")
                                 : std::filesystem::path(options.run.journal);
    auto run = engine::Run::create({{source, target, "", 1, ""}}, *runOptions, runContext);
    if (!run)
        return output.fail(ExitStatus::Usage, run.error());
    return executeRun(context, **run, options.run, "copy");
}

} // namespace

void addCopyCommand(CLI::App& app, CliContext& context) {
    auto options = std::make_shared<CopyOptions>();
    CLI::App& command = addCommand(
        app, context, "copy",
        "Copy every object from SRC to DST, skipping identical ones and verifying each copy",
        [&context, options] { return runCopy(context, *options); });
    command.add_option("SRC", options->source, "Source: a folder or a URI (file://, s3://, ...)")
        ->required();
    command.add_option("DST", options->target, "Target: a folder or a URI")->required();
    addRunOptions(command, options->run);
}

} // namespace ferry::cli
