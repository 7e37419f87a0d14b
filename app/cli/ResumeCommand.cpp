#include "CommandRegistry.hpp"
#include "RunConsole.hpp"

#include <ferry/engine/ConnectorRegistry.hpp>
#include <ferry/engine/Run.hpp>
#include <ferry/engine/RunJournal.hpp>

#include <memory>

namespace ferry::cli {
namespace {

struct ResumeOptions {
    std::string journal;
    RunCommandOptions run;
    bool parallelGiven = false;
};

ExitStatus runResume(CliContext& context, const ResumeOptions& options) {
    auto& output = context.output;
    // The journal's own options, changed only where the command line says so.
    engine::RunOptions stored;
    {
        auto journal = engine::RunJournal::open(options.journal, true);
        if (!journal)
            return output.fail(ExitStatus::Usage, journal.error());
        auto info = (*journal)->run();
        if (!info)
            return output.fail(ExitStatus::Usage, info.error());
        stored = engine::RunOptions::fromJson(info->options);
    }
    if (options.parallelGiven)
        stored.parallel = options.run.parallel;
    if (!options.run.bwlimit.empty()) {
        auto rate = parseBandwidth(options.run.bwlimit);
        if (!rate)
            return output.fail(ExitStatus::Usage, rate.error());
        stored.bandwidthLimit = *rate;
    }
    const auto registry = engine::ConnectorRegistry::withBuiltins();
    engine::RunContext runContext;
    runContext.registry = &registry;
    auto run = engine::Run::fromJournal(options.journal, runContext, stored);
    if (!run)
        return output.fail(ExitStatus::Usage, run.error());
    return executeRun(context, **run, options.run, "resume");
}

} // namespace

void addResumeCommand(CLI::App& app, CliContext& context) {
    auto options = std::make_shared<ResumeOptions>();
    CLI::App& command =
        addCommand(app, context, "resume",
                   "Finish the run a journal records: verified objects are never copied again",
                   [&context, options] { return runResume(context, *options); });
    command.add_option("JOURNAL", options->journal, "Run journal (printed by copy and run)")
        ->required();
    addRunOptions(command, options->run, false);
    command.get_option("--parallel")->each([options](const std::string&) {
        options->parallelGiven = true;
    });
}

} // namespace ferry::cli
