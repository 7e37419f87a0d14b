// The run monitor: the demo migration to local folders, started, paused and resumed from the
// GUI, watched on the live charts, and finished with targets equal to their sources (or, for
// objects the demo's mappings transform, present under their target key).
#include "ScratchSettings.hpp"

#include <ferry/engine/RunPlan.hpp>
#include <ferry/engine/TransformChain.hpp>
#include <ferry/ui/CanvasView.hpp>
#include <ferry/ui/MainWindow.hpp>
#include <ferry/ui/PlanGraphModel.hpp>
#include <ferry/ui/ProjectDocument.hpp>
#include <ferry/ui/RunMonitor.hpp>

#include <catch2/catch.hpp>

#include <QChart>
#include <QChartView>
#include <QDoubleSpinBox>
#include <QLineSeries>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableView>
#include <QTest>

#include <ferry/model/Assumptions.hpp>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

using namespace ferry;
namespace fs = std::filesystem;

namespace {

const fs::path kDemoDir = fs::path(FERRY_SOURCE_DIR) / "resources" / "demo";

struct DemoCopy {
    fs::path root;
    DemoCopy() {
        std::string pattern = (fs::temp_directory_path() / "ferry-monitor-XXXXXX").string();
        REQUIRE(::mkdtemp(pattern.data()) != nullptr);
        root = pattern;
        // The sample data comes from resources/demo/generate-sample-data.sh (make test runs it).
        REQUIRE(fs::exists(kDemoDir / "data" / "source"));
        fs::copy(kDemoDir / "retail-demo.json", root / "retail-demo.json");
        fs::create_directories(root / "data");
        fs::copy(kDemoDir / "data" / "source", root / "data" / "source",
                 fs::copy_options::recursive);
        // Enough data that the run is still going when it is paused (8 MiB at 1 MiB/s).
        std::ofstream big(root / "data" / "source" / "catalogue" / "archive.bin", std::ios::binary);
        for (int i = 0; i < 8 * 1024; ++i)
            big << std::string(1024, static_cast<char>('a' + i % 26));
    }
    ~DemoCopy() {
        std::error_code ec;
        fs::remove_all(root, ec);
    }
};

std::string slurp(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

/// file:// URI of a pair endpoint with ${project_dir} expanded.
fs::path localPath(std::string uri, const fs::path& projectDir) {
    const std::string token = "${project_dir}";
    if (auto at = uri.find(token); at != std::string::npos)
        uri.replace(at, token.size(), projectDir.string());
    REQUIRE(uri.rfind("file://", 0) == 0);
    return uri.substr(7);
}

QLineSeries* series(QChartView* view, int index) {
    return qobject_cast<QLineSeries*>(view->chart()->series().at(index));
}

} // namespace

TEST_CASE("the demo migrates to local folders from the run monitor, paused and resumed on the way",
          "[ui][run]") {
    DemoCopy demo;
    ui::ProjectDocument document;
    REQUIRE(document.load(QString::fromStdString((demo.root / "retail-demo.json").string())).ok());
    ui::RunMonitor monitor(document);
    monitor.resize(1200, 700);
    // Slow enough to pause on the way (the sample data is a few MiB).
    monitor.findChild<QDoubleSpinBox*>("runBandwidth")->setValue(1);

    QSignalSpy shown(&monitor, &ui::RunMonitor::snapshotShown);
    QSignalSpy finished(&monitor.bridge(), &ui::EngineBridge::finished);
    REQUIRE(monitor.startRun());
    REQUIRE(shown.wait(10000));

    auto* pause = monitor.findChild<QPushButton*>("runPause");
    REQUIRE(pause->isEnabled());
    auto* parallel = monitor.findChild<QSpinBox*>("runParallel");
    CHECK(parallel->isEnabled()); // adjustable while running
    parallel->setValue(6);
    pause->click(); // pause
    bool paused = false;
    for (int i = 0; i < 40 && !paused && finished.isEmpty(); ++i) {
        shown.wait(250);
        for (const auto& args : shown)
            paused = paused || args.at(0).value<ui::RunSnapshot>().state == "paused";
    }
    REQUIRE(finished.isEmpty()); // 8 MiB at 1 MiB/s cannot be done yet
    CHECK(paused);
    pause->click();                                                  // resume
    monitor.findChild<QDoubleSpinBox*>("runBandwidth")->setValue(0); // and at full speed
    REQUIRE((finished.size() > 0 || finished.wait(120000)));
    CHECK(finished.at(0).at(0).toString() == "finished");
    REQUIRE(monitor.bridge().summary());
    const engine::RunSummary& summary = *monitor.bridge().summary();
    CHECK(summary.objectsFailed == 0);
    CHECK(summary.objectsVerified > 0);

    // The live views received what happened.
    CHECK(series(monitor.chart("throughput"), 0)->count() > 0);
    QLineSeries* moved = series(monitor.chart("cumulative"), 0);
    REQUIRE(moved->count() > 0);
    CHECK(moved->at(moved->count() - 1).y() * 1024 * 1024 ==
          Approx(static_cast<double>(summary.bytesTotal)).epsilon(0.01));
    CHECK_FALSE(monitor.waveBars().empty());
    for (const auto& [wave, bar] : monitor.waveBars())
        CHECK(bar->value() == bar->maximum());
    CHECK(monitor.taskCount() ==
          static_cast<int>(summary.objectsVerified + summary.objectsSkipped));
    // The demo's databases were copied table by table: their rows show as rows, not bytes.
    bool sawTable = false;
    const QAbstractItemModel* tasks = monitor.taskTable()->model();
    for (int r = 0; r < tasks->rowCount(); ++r)
        for (int c = 0; c < tasks->columnCount(); ++c)
            if (tasks->index(r, c).data().toString() == "order_items") {
                sawTable = true;
                bool rowsShown = false;
                for (int k = 0; k < tasks->columnCount(); ++k)
                    rowsShown = rowsShown || tasks->index(r, k).data().toString().endsWith(" rows");
                CHECK(rowsShown);
            }
    CHECK(sawTable);
    CHECK(monitor.logLines().join('\n').contains("finished"));
    monitor.setLogFilter("wave 1");
    for (const QString& line : monitor.logView()->toPlainText().split('\n'))
        CHECK((line.isEmpty() || line.contains("wave 1", Qt::CaseInsensitive)));

    // The plan overlaid: the rate the project's links give wave 1 (bandwidth x efficiency; the
    // limit was lifted) and the bytes that rate would have moved, never above the total.
    const auto& data = document.project().data();
    const auto efficiency = model::PlanAssumptions::fromJson(data.info.assumptions);
    REQUIRE(efficiency);
    auto wavePairs = engine::planProjectRun(data);
    REQUIRE(wavePairs);
    std::set<std::string> links;
    double expectedRate = 0;
    for (const engine::RunPair& pair : wavePairs->pairs) {
        if (!pair.skipReason.empty() || pair.wave != 1)
            continue;
        std::string from, to;
        for (const auto& w : data.workloads)
            if (w.id == pair.workload)
                from = w.site;
        for (const auto& m : data.mappings)
            if (m.workload == pair.workload)
                to = m.targetSite;
        for (const auto& link : data.links)
            if (((link.from == from && link.to == to) || (link.from == to && link.to == from)) &&
                links.insert(link.id).second)
                expectedRate += link.bandwidthMbps * 1e6 * efficiency->linkEfficiency / 8;
    }
    REQUIRE(expectedRate > 0);
    QLineSeries* plannedRate = series(monitor.chart("throughput"), 2);
    REQUIRE(plannedRate->count() > 0);
    CHECK(plannedRate->at(plannedRate->count() - 1).y() * 1024 * 1024 ==
          Approx(expectedRate).epsilon(0.001));
    QLineSeries* plannedBytes = series(monitor.chart("cumulative"), 2);
    REQUIRE(plannedBytes->count() > 1);
    for (int i = 1; i < plannedBytes->count(); ++i)
        CHECK(plannedBytes->at(i).y() >= plannedBytes->at(i - 1).y());
    CHECK(plannedBytes->at(plannedBytes->count() - 1).y() * 1024 * 1024 <=
          static_cast<double>(summary.bytesTotal) * 1.0001);
    CHECK(plannedBytes->at(plannedBytes->count() - 1).y() > 0);

    // Every file target equals its source.
    auto plan = engine::planProjectRun(document.project().data());
    REQUIRE(plan);
    int compared = 0;
    for (const engine::RunPair& pair : plan->pairs) {
        if (!pair.skipReason.empty() || pair.source.rfind("file://", 0) != 0 ||
            pair.target.rfind("file://", 0) != 0)
            continue;
        const fs::path source = localPath(pair.source, demo.root);
        const fs::path target = localPath(pair.target, demo.root);
        auto chain = engine::TransformChain::fromJson(pair.transforms);
        REQUIRE(chain);
        for (const auto& entry : fs::recursive_directory_iterator(source)) {
            if (!entry.is_regular_file())
                continue;
            const std::string key = fs::relative(entry.path(), source).generic_string();
            if (chain->appliesTo(key)) {
                // Transformed on the way (docs/transforms.md): different bytes by design, under
                // its target key (the verification report below checks its content).
                CHECK(fs::exists(target / chain->targetKey(key)));
                ++compared;
                continue;
            }
            const fs::path copy = target / key;
            INFO(copy.string());
            REQUIRE(fs::exists(copy));
            CHECK(slurp(copy) == slurp(entry.path()));
            ++compared;
        }
    }
    CHECK(compared > 0);

    // The run is listed from its journal, and resuming it finds nothing left to do.
    const QStringList past = monitor.pastRuns();
    REQUIRE(past.size() == 1);
    REQUIRE(monitor.resumeRun(past.first()));
    REQUIRE(finished.wait(60000));
    CHECK(finished.at(1).at(0).toString() == "finished");
    CHECK(monitor.bridge().summary()->bytesCopied == 0);

    // The verification report of that run, written in the background.
    QSignalSpy written(&monitor, &ui::RunMonitor::verificationReportWritten);
    const QString report = QString::fromStdString((demo.root / "verification.html").string());
    REQUIRE(monitor.writeVerificationReport(past.first(), report));
    REQUIRE(written.wait(60000));
    CHECK(written.at(0).at(1).toString().isEmpty());
    const std::string page = slurp(report.toStdString());
    CHECK(page.find("Every checked object at the target matches its source.") != std::string::npos);
    CHECK(page.find("catalogue") != std::string::npos);
    CHECK(page.find("<th>SHA-256</th>") != std::string::npos);
}

TEST_CASE("the canvas shows a run live: progress on the cards of the workloads it copies",
          "[ui][run]") {
    ScratchSettings scratch;
    DemoCopy demo;
    ui::MainWindow window;
    REQUIRE(window.openFile(QString::fromStdString((demo.root / "retail-demo.json").string())));
    ui::PlanGraphModel& model = window.canvas()->graphModel();
    CHECK(model.liveState("catalogue-share") == nullptr);
    QSignalSpy live(&model, &ui::PlanGraphModel::liveStateChanged);
    QSignalSpy finished(&window.runMonitor()->bridge(), &ui::EngineBridge::finished);
    REQUIRE(window.runMonitor()->startRun("workload:catalogue-share"));
    REQUIRE(finished.wait(60000));
    QTest::qWait(250); // the closing snapshot
    CHECK(live.count() > 0);
    const ui::PlanGraphModel::LiveState* state = model.liveState("catalogue-share");
    REQUIRE(state != nullptr);
    CHECK(state->progress == Approx(1.0));
    CHECK_FALSE(state->failed);
    CHECK(model.liveState("orders-db") == nullptr); // not part of this run
    // A card with a live state still paints (the ring) without trouble.
    CHECK_FALSE(window.canvas()->grab().isNull());
}
