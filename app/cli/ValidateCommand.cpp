#include "CommandRegistry.hpp"
#include "ProjectFiles.hpp"

#include <ferry/engine/EndpointCheck.hpp>
#include <ferry/model/Project.hpp>
#include <ferry/model/Validator.hpp>

#include <algorithm>
#include <memory>

namespace ferry::cli {
namespace {
using model::Finding;
using model::Severity;

struct ValidateOptions {
    std::string project;
};

/// Endpoints the engine could not use, as warnings: they block a run, not planning.
std::vector<Finding> endpointFindings(const model::Project& project) {
    std::vector<Finding> findings;
    for (const auto& problem : engine::checkEndpoints(project)) {
        const model::Workload* workload = project.findWorkload(problem.objectId);
        const bool isTarget = workload == nullptr || workload->endpoint != problem.uri;
        Finding finding;
        finding.severity = Severity::Warning;
        finding.code = "endpoint.invalid";
        finding.objectId = problem.objectId;
        finding.message = std::string(isTarget ? "The target endpoint '" : "The endpoint '") +
                          problem.uri + "' " + problem.reason + ".";
        findings.push_back(std::move(finding));
    }
    return findings;
}

std::string countOf(std::size_t count, const char* one, const char* many) {
    return std::to_string(count) + " " + (count == 1 ? one : many);
}

ExitStatus runValidate(CliContext& context, const ValidateOptions& options) {
    auto& output = context.output;
    auto loaded = loadProject(options.project);
    if (!loaded)
        return output.fail(ExitStatus::Usage, loaded.error());

    std::vector<Finding> findings = model::Validator::validate(loaded.value());
    const model::Project project(std::move(loaded).value());
    for (auto& finding : endpointFindings(project))
        findings.push_back(std::move(finding));
    // Same order as the validator: errors first, then by code and object id.
    std::stable_sort(findings.begin(), findings.end(), [](const Finding& a, const Finding& b) {
        if (a.severity != b.severity)
            return a.severity > b.severity;
        if (a.code != b.code)
            return a.code < b.code;
        return a.objectId < b.objectId;
    });

    std::size_t counts[3] = {0, 0, 0};
    for (const auto& finding : findings)
        ++counts[static_cast<int>(finding.severity)];
    const std::size_t infos = counts[static_cast<int>(Severity::Info)];
    const std::size_t warnings = counts[static_cast<int>(Severity::Warning)];
    const std::size_t errors = counts[static_cast<int>(Severity::Error)];
    const bool passes = errors == 0;

    if (output.json()) {
        nlohmann::json list = nlohmann::json::array();
        for (const auto& finding : findings)
            list.push_back({{"severity", model::toString(finding.severity)},
                            {"code", finding.code},
                            {"object", finding.objectId},
                            {"message", finding.message},
                            {"path", finding.path}});
        output.printJson(
            {{"command", "validate"},
             {"project", options.project},
             {"passes", passes},
             {"summary", {{"errors", errors}, {"warnings", warnings}, {"infos", infos}}},
             {"counts", objectCounts(project.data())},
             {"findings", std::move(list)}});
    } else {
        auto& out = output.out();
        if (!findings.empty()) {
            TextTable table({"SEVERITY", "CODE", "OBJECT", "MESSAGE"});
            for (const auto& finding : findings)
                table.addRow({std::string(model::toString(finding.severity)), finding.code,
                              finding.objectId.empty() ? "-" : finding.objectId, finding.message});
            table.print(out);
            out << "\n";
        }
        out << options.project << ": " << countOf(errors, "error", "errors") << ", "
            << countOf(warnings, "warning", "warnings") << ", " << countOf(infos, "info", "infos")
            << (passes ? "; the project passes validation" : "; fix the errors before planning")
            << "\n";
    }
    return passes ? ExitStatus::Ok : ExitStatus::Failed;
}

} // namespace

void addValidateCommand(CLI::App& app, CliContext& context) {
    auto options = std::make_shared<ValidateOptions>();
    CLI::App& command =
        addCommand(app, context, "validate",
                   "Check a project and list its findings; exits 1 when any finding is an error",
                   [&context, options] { return runValidate(context, *options); });
    command.add_option("PROJECT", options->project, "Project file to check (.json or .ferry)")
        ->required();
}

} // namespace ferry::cli
