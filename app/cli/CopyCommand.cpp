#include "CommandRegistry.hpp"
#include "RunConsole.hpp"

#include <ferry/engine/ConnectorRegistry.hpp>
#include <ferry/engine/Run.hpp>
#include <ferry/engine/RunJournal.hpp>

#include <nlohmann/json.hpp>

#include <fstream>
#include <memory>
#include <sstream>
#include <vector>

namespace ferry::cli {
namespace {

struct CopyOptions {
    std::string source;
    std::string target;
    std::vector<std::string> transform; // --transform JSON, in order
    std::string transformsFile;         // --transforms FILE.json
    RunCommandOptions run;
};

/// The transforms the command line asks for: a file's array, then each --transform object.
model::Result<nlohmann::json> transformsOf(const CopyOptions& options) {
    nlohmann::json all = nlohmann::json::array();
    if (!options.transformsFile.empty()) {
        std::ifstream in(options.transformsFile, std::ios::binary);
        if (!in)
            return model::Error{"usage.transforms",
                                "cannot read the transforms file; give a JSON file holding an "
                                "array of transforms",
                                options.transformsFile};
        std::ostringstream text;
        text << in.rdbuf();
        auto parsed = nlohmann::json::parse(text.str(), nullptr, false);
        if (parsed.is_discarded() || !parsed.is_array())
            return model::Error{"usage.transforms",
                                "the transforms file must hold a JSON array such as "
                                "[{\"type\":\"zstd\",\"level\":3}]",
                                options.transformsFile};
        for (auto& t : parsed)
            all.push_back(std::move(t));
    }
    for (const auto& text : options.transform) {
        auto parsed = nlohmann::json::parse(text, nullptr, false);
        if (parsed.is_discarded() || !parsed.is_object())
            return model::Error{"usage.transforms",
                                "--transform takes one JSON object such as "
                                "'{\"type\":\"zstd\",\"level\":3}'",
                                text};
        all.push_back(std::move(parsed));
    }
    return all;
}

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
    auto transforms = transformsOf(options);
    if (!transforms)
        return output.fail(ExitStatus::Usage, transforms.error());
    auto run = engine::Run::create({{source, target, "", 1, "", std::move(*transforms)}},
                                   *runOptions, runContext);
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
    command.add_option("--transform", options->transform,
                       "A transform applied on the way, as JSON, e.g. "
                       "'{\"type\":\"zstd\",\"level\":3}' (repeatable, applied in order; see "
                       "docs/transforms.md)");
    command.add_option("--transforms", options->transformsFile,
                       "A JSON file holding an array of transforms (applied before --transform)");
    addRunOptions(command, options->run);
}

} // namespace ferry::cli
