// Desktop responsiveness during a run: the run monitor shows a copy of 10,000 small files
// (folder to folder, every object verified) while a 5 ms timer on the UI thread measures how long
// the event loop goes without turning. Reports the longest stall and the 99th percentile gap, and
// how many snapshots the UI received. Figures in docs/benchmarks.md (goal: no stall over 50 ms).

#include <ferry/model/ProjectJson.hpp>
#include <ferry/ui/ProjectDocument.hpp>
#include <ferry/ui/RunMonitor.hpp>

#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QTemporaryDir>
#include <QTimer>

#include <benchmark/benchmark.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <vector>

using namespace ferry;
namespace fs = std::filesystem;

namespace {

constexpr int kFiles = 10000;

/// A project with one workload whose data is kFiles small files, mapped to a local target.
QString makeProject(const QTemporaryDir& dir) {
    const fs::path root = dir.path().toStdString();
    for (int i = 0; i < kFiles; ++i) {
        const fs::path file =
            root / "source" / ("d" + std::to_string(i / 500)) / ("f" + std::to_string(i) + ".txt");
        fs::create_directories(file.parent_path());
        std::ofstream(file) << std::string(200 + i % 1800, static_cast<char>('a' + i % 26));
    }
    model::ProjectData data;
    data.info.name = "Responsiveness";
    data.sites.push_back({.id = "dc", .name = "DC"});
    data.sites.push_back({.id = "cloud", .name = "Cloud", .provider = model::Provider::Aws});
    data.workloads.push_back({.id = "files",
                              .name = "Files",
                              .kind = model::WorkloadKind::FileShare,
                              .site = "dc",
                              .sizeGb = 0.02,
                              .endpoint = "file://${project_dir}/source"});
    data.mappings.push_back({.workload = "files",
                             .targetSite = "cloud",
                             .targetEndpoint = "file://${project_dir}/target"});
    const fs::path project = root / "project.json";
    if (!model::ProjectJson::writeFile(data, project))
        std::abort();
    return QString::fromStdString(project.string());
}

void BM_RunWhileUiResponds(benchmark::State& state) {
    for (auto _ : state) {
        state.PauseTiming();
        QTemporaryDir dir;
        const QString project = makeProject(dir);
        ui::ProjectDocument document;
        if (!document.load(project))
            std::abort();
        ui::RunMonitor monitor(document);
        monitor.resize(1280, 700);
        monitor.show();
        int snapshots = 0;
        QObject::connect(&monitor, &ui::RunMonitor::snapshotShown, [&] { ++snapshots; });
        std::vector<double> gaps;
        QElapsedTimer clock;
        QTimer tick;
        tick.setTimerType(Qt::PreciseTimer);
        tick.setInterval(5);
        qint64 last = 0;
        QObject::connect(&tick, &QTimer::timeout, [&] {
            const qint64 now = clock.nsecsElapsed();
            gaps.push_back((now - last) / 1e6);
            last = now;
        });
        QEventLoop loop;
        QObject::connect(&monitor.bridge(), &ui::EngineBridge::finished, &loop, &QEventLoop::quit);
        state.ResumeTiming();

        clock.start();
        tick.start();
        if (!monitor.startRun())
            std::abort();
        loop.exec();
        tick.stop();

        state.PauseTiming();
        std::sort(gaps.begin(), gaps.end());
        // The gap beyond the timer's own 5 ms is the time the event loop did not turn.
        const double maxStall = gaps.empty() ? 0 : std::max(0.0, gaps.back() - 5.0);
        const double p99 = gaps.empty() ? 0 : gaps[gaps.size() * 99 / 100] - 5.0;
        state.counters["max_stall_ms"] = maxStall;
        state.counters["p99_stall_ms"] = std::max(0.0, p99);
        state.counters["snapshots"] = snapshots;
        state.counters["objects"] =
            monitor.bridge().summary() ? double(monitor.bridge().summary()->objectsVerified) : 0;
        state.ResumeTiming();
    }
}
BENCHMARK(BM_RunWhileUiResponds)->Unit(benchmark::kMillisecond)->Iterations(1)->UseRealTime();

} // namespace

int main(int argc, char** argv) {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv))
        return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
