#include "CommandRegistry.hpp"
#include "ProjectFiles.hpp"

#include <ferry/engine/ConnectorRegistry.hpp>
#include <ferry/engine/Run.hpp>
#include <ferry/engine/TargetVerifier.hpp>
#include <ferry/engine/VerificationReportDocument.hpp>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <memory>
#include <thread>

namespace ferry::cli {
namespace {

std::atomic<bool> g_verifyInterrupted{false};
extern "C" void onVerifyInterrupt(int) {
    g_verifyInterrupted.store(true);
}

struct VerifyOptions {
    std::string input;
    int parallel = 4;
    std::string report;
    bool force = false;
};

ExitStatus runVerify(CliContext& context, const VerifyOptions& options) {
    auto& output = context.output;
    const std::filesystem::path path(options.input);
    if (auto checked = checkInputFile(path); !checked)
        return output.fail(ExitStatus::Usage, checked.error());

    if (!options.report.empty())
        if (auto checked = checkReportOutput(options.report, options.force); !checked)
            return output.fail(ExitStatus::Usage, checked.error());

    std::vector<engine::RunPair> pairs;
    std::string projectDir;
    if (projectFormatOf(path)) {
        auto loaded = loadProject(path);
        if (!loaded)
            return output.fail(ExitStatus::Usage, loaded.error());
        auto plan = engine::planProjectRun(*loaded);
        if (!plan)
            return output.fail(ExitStatus::Usage, plan.error());
        pairs = plan->pairs;
        std::error_code ec;
        const auto absolute = std::filesystem::absolute(path, ec);
        projectDir = (ec ? path : absolute).parent_path().string();
    } else {
        auto input = engine::verificationInputOfJournal(path);
        if (!input)
            return output.fail(ExitStatus::Usage, input.error());
        pairs = std::move(input->pairs);
        projectDir = std::move(input->projectDir);
    }

    g_verifyInterrupted = false;
    std::stop_source stop;
    auto oldInt = std::signal(SIGINT, onVerifyInterrupt);
    std::jthread watcher([&stop](std::stop_token done) {
        while (!done.stop_requested()) {
            if (g_verifyInterrupted.load()) {
                stop.request_stop();
                return;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
    });
    if (output.canShowProgress() && !output.json())
        output.showProgress("Verifying " + options.input + " ...");
    const auto registry = engine::ConnectorRegistry::withBuiltins();
    const auto report =
        engine::verifyTargets(pairs, registry, projectDir, options.parallel, stop.get_token());
    watcher.request_stop();
    watcher.join();
    std::signal(SIGINT, oldInt);
    output.clearProgress();
    if (stop.stop_requested())
        return output.fail(
            ExitStatus::Failed,
            {"verify.cancelled", "verification was interrupted; run it again", options.input});

    if (!options.report.empty()) {
        const auto document =
            engine::buildVerificationReport(report, path.stem().string(), reportDate());
        if (auto written = model::writeReportFile(document, options.report); !written)
            return output.fail(ExitStatus::Usage, written.error());
    }

    if (output.json()) {
        nlohmann::json document = report.toJson();
        document["command"] = "verify";
        document["input"] = options.input;
        if (!options.report.empty())
            document["report"] = options.report;
        output.printJson(document);
    } else {
        TextTable table({"WORKLOAD", "KEY", "STATUS", "DETAIL"});
        for (const auto& o : report.objects)
            table.addRow({o.workload, o.key, o.status, o.detail});
        table.print(output.out());
        for (const auto& s : report.skipped)
            output.out() << "  not checked: " << singleLine(s) << "\n";
        output.out() << report.ok << " objects match, " << report.problems << " do not.\n";
        if (!options.report.empty())
            output.out() << "Wrote the verification report to " << options.report << "\n";
    }
    if (report.problems > 0) {
        output.out().flush();
        std::fputs(("ferry-cli: " + options.input + ": " + std::to_string(report.problems) +
                    " objects at the target do not match their source; copy again with "
                    "'ferry-cli run' or 'resume'\n")
                       .c_str(),
                   stderr);
        return ExitStatus::Failed;
    }
    return ExitStatus::Ok;
}

} // namespace

void addVerifyCommand(CLI::App& app, CliContext& context) {
    auto options = std::make_shared<VerifyOptions>();
    CLI::App& command =
        addCommand(app, context, "verify",
                   "Re-check every target object against its source (size and SHA-256), per object",
                   [&context, options] { return runVerify(context, *options); });
    command.add_option("INPUT", options->input, "A project (.json or .ferry) or a run journal")
        ->required();
    command.add_option("--parallel", options->parallel, "Objects checked at once (default 4)")
        ->check(CLI::Range(1, 64));
    command.add_option("--report", options->report,
                       "Also write the verification report (objects, bytes, SHA-256, problems) to "
                       "FILE.pdf or FILE.html");
    command.add_flag("--force", options->force, "Replace the report file if it exists");
}

} // namespace ferry::cli
