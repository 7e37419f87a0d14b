#include "CommandRegistry.hpp"

#include <ferry/engine/RunJournal.hpp>
#include <ferry/engine/RunPlan.hpp>
#include <ferry/engine/TransformChain.hpp>

#include <ctime>
#include <map>
#include <memory>

namespace ferry::cli {
namespace {

struct StatusOptions {
    std::string journal;
};

std::string isoTime(std::int64_t ns) {
    const std::time_t seconds = static_cast<std::time_t>(ns / 1'000'000'000);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return text;
}

ExitStatus runStatus(CliContext& context, const StatusOptions& options) {
    auto& output = context.output;
    auto journal = engine::RunJournal::open(options.journal, true);
    if (!journal)
        return output.fail(ExitStatus::Usage, journal.error());
    auto run = (*journal)->run();
    auto pairs = (*journal)->pairs();
    auto tasks = (*journal)->tasks();
    if (!run || !pairs || !tasks)
        return output.fail(ExitStatus::Usage, !run     ? run.error()
                                              : !pairs ? pairs.error()
                                                       : tasks.error());

    struct Counts {
        std::map<std::string, std::uint64_t> byState;
        std::uint64_t bytesTotal = 0;
        std::uint64_t bytesDone = 0;
    };
    std::map<std::int64_t, Counts> perPair;
    Counts all;
    nlohmann::json failed = nlohmann::json::array();
    std::map<std::int64_t, const engine::JournalPair*> pairById;
    for (const auto& p : *pairs)
        pairById[p.id] = &p;
    nlohmann::json transformed = nlohmann::json::array();
    for (const auto& t : *tasks) {
        const std::string state(engine::toString(t.state));
        // A database table's size counts rows: it stays out of the byte totals.
        const bool table =
            pairById.count(t.pairId) && (engine::isTableUri(pairById[t.pairId]->source) ||
                                         engine::isTableUri(pairById[t.pairId]->target));
        if (!t.transformReport.empty()) {
            auto report = nlohmann::json::parse(t.transformReport, nullptr, false);
            if (!report.is_discarded())
                transformed.push_back({{"key", t.key}, {"report", std::move(report)}});
        }
        for (Counts* c : {&perPair[t.pairId], &all}) {
            c->byState[state] += 1;
            if (t.state != engine::TaskState::Skipped && !table) {
                c->bytesTotal += t.size;
                c->bytesDone += t.state == engine::TaskState::Verified ? t.size : t.bytesDone;
            }
        }
        if (t.state == engine::TaskState::Failed)
            failed.push_back({{"workload", pairById.count(t.pairId) ? pairById[t.pairId]->workload
                                                                    : std::string()},
                              {"key", t.key},
                              {"attempts", t.attempts},
                              {"error", t.error}});
    }
    const bool complete = run->state == "finished";
    const bool hasFailures = all.byState["failed"] > 0;

    if (output.json()) {
        nlohmann::json pairList = nlohmann::json::array();
        for (const auto& p : *pairs) {
            const Counts& c = perPair[p.id];
            pairList.push_back({{"source", p.source},
                                {"target", p.target},
                                {"workload", p.workload},
                                {"wave", p.wave},
                                {"state", p.state},
                                {"note", p.note},
                                {"objects", c.byState},
                                {"bytes_total", c.bytesTotal},
                                {"bytes_done", c.bytesDone}});
        }
        output.printJson({{"command", "status"},
                          {"journal", options.journal},
                          {"run", run->runId},
                          {"state", run->state},
                          {"created", isoTime(run->createdNs)},
                          {"project", run->project},
                          {"objects", all.byState},
                          {"bytes_total", all.bytesTotal},
                          {"bytes_done", all.bytesDone},
                          {"pairs", pairList},
                          {"failures", failed},
                          {"transforms", transformed}});
    } else {
        auto& out = output.out();
        out << "Run " << run->runId << ": " << run->state << " (created " << isoTime(run->createdNs)
            << ")\n";
        if (!run->project.empty())
            out << "Project: " << run->project << "\n";
        out << "Objects:";
        for (const char* s : {"verified", "skipped", "failed", "queued", "copying", "written"})
            out << " " << all.byState[s] << " " << s << (std::string(s) == "written" ? "" : ",");
        out << "\nBytes: " << all.bytesDone << " of " << all.bytesTotal << " done\n";
        TextTable table({"WAVE", "WORKLOAD", "SOURCE", "TARGET", "STATE", "VERIFIED", "SKIPPED",
                         "FAILED", "LEFT", "NOTE"});
        for (const auto& p : *pairs) {
            Counts& c = perPair[p.id];
            const std::uint64_t left =
                c.byState["queued"] + c.byState["copying"] + c.byState["written"];
            table.addRow({std::to_string(p.wave), p.workload, p.source, p.target, p.state,
                          std::to_string(c.byState["verified"]),
                          std::to_string(c.byState["skipped"]), std::to_string(c.byState["failed"]),
                          std::to_string(left), p.note});
        }
        table.print(out);
        for (const auto& f : failed)
            out << "  failed " << f["key"].get<std::string>() << ": "
                << singleLine(f["error"].get<std::string>()) << "\n";
        // What the transforms did, with the first rows CSV cleaning could not clean.
        if (!transformed.empty())
            out << "Transforms:\n";
        for (const auto& t : transformed) {
            out << "  " << t["key"].get<std::string>() << ": "
                << engine::transformSummary(t["report"]) << "\n";
            for (const auto& step : t["report"].value("transforms", nlohmann::json::array())) {
                const auto& r = step.value("report", nlohmann::json::object());
                if (!r.contains("uncleanable"))
                    continue;
                for (const auto& sample :
                     r["uncleanable"].value("samples", nlohmann::json::array()))
                    out << "    not cleaned: row " << sample.value("row", 0) << " (line "
                        << sample.value("line", 0) << "): " << sample.value("reason", "") << "\n";
            }
        }
        if (!complete)
            out << "Continue with: ferry-cli resume " << options.journal << "\n";
    }
    return hasFailures ? ExitStatus::Failed : ExitStatus::Ok;
}

} // namespace

void addStatusCommand(CLI::App& app, CliContext& context) {
    auto options = std::make_shared<StatusOptions>();
    CLI::App& command = addCommand(app, context, "status",
                                   "Show what a run journal records: objects by state, failures",
                                   [&context, options] { return runStatus(context, *options); });
    command.add_option("JOURNAL", options->journal, "Run journal")->required();
}

} // namespace ferry::cli
