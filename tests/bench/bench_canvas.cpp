// Canvas benchmarks: open a generated estate of 2,000 workloads and 5,000 dependencies and
// build its scene, and repaint the whole view offscreen. Figures in docs/benchmarks.md.

#include "EstateGenerator.hpp"

#include <ferry/model/Project.hpp>
#include <ferry/model/ProjectStore.hpp>
#include <ferry/ui/AutoLayout.hpp>
#include <ferry/ui/CanvasScene.hpp>
#include <ferry/ui/CanvasView.hpp>
#include <ferry/ui/PlanGraphModel.hpp>
#include <ferry/ui/ProjectDocument.hpp>

#include <QApplication>
#include <QImage>
#include <QPainter>
#include <QTemporaryDir>

#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <unordered_map>

using namespace ferry;

namespace {

constexpr int kWorkloads = 2000;
constexpr int kDependencies = 5000;

/// The generated estate, laid out in a grid (generated estates have no positions), saved once
/// as a .ferry file.
const QString& estateFile() {
    static QTemporaryDir dir;
    static const QString path = [] {
        bench::EstateSpec spec;
        spec.workloads = kWorkloads;
        spec.dependencies = kDependencies;
        spec.sourceSites = 8;
        spec.targetSites = 4;
        spec.cycles = 10;
        model::ProjectData data = bench::generateEstate(spec);
        std::unordered_map<std::string, model::CanvasPosition> placed;
        for (const ui::MoveEntry& m : ui::AutoLayout::gridLayout(data))
            placed[m.id] = m.to;
        for (auto& s : data.sites)
            s.position = placed[s.id];
        for (auto& w : data.workloads)
            w.position = placed[w.id];
        const QString file = dir.filePath("canvas-estate.ferry");
        if (auto r = model::ProjectStore::save(data, file.toStdString()); !r) {
            std::fprintf(stderr, "cannot save the estate: %s\n", r.error().toString().c_str());
            std::exit(1);
        }
        return file;
    }();
    return path;
}

/// Load the .ferry file and build the canvas (adapter, waves and validation, every item).
void BM_OpenAndBuildScene(benchmark::State& state) {
    const QString path = estateFile();
    std::unique_ptr<ui::ProjectDocument> document;
    std::unique_ptr<ui::CanvasView> view;
    for (auto _ : state) {
        // Tearing the previous canvas down is not part of opening one.
        state.PauseTiming();
        view.reset();
        document.reset();
        state.ResumeTiming();
        document = std::make_unique<ui::ProjectDocument>();
        if (!document->load(path)) {
            state.SkipWithError("load failed");
            return;
        }
        view = std::make_unique<ui::CanvasView>(*document);
        benchmark::DoNotOptimize(view->canvasScene().workloadItemCount());
    }
    state.counters["workloads"] = kWorkloads;
    state.counters["dependencies"] = kDependencies;
}

/// Only the .ferry load, to separate it from building the scene.
void BM_LoadFerryFile(benchmark::State& state) {
    const QString path = estateFile();
    std::unique_ptr<ui::ProjectDocument> document;
    for (auto _ : state) {
        state.PauseTiming();
        document = std::make_unique<ui::ProjectDocument>();
        state.ResumeTiming();
        if (!document->load(path)) {
            state.SkipWithError("load failed");
            return;
        }
        benchmark::DoNotOptimize(document->project().workloads().size());
    }
}

/// Waves and validation of the estate, which the adapter computes when it opens a project.
void BM_CanvasAnalysis(benchmark::State& state) {
    ui::ProjectDocument document;
    if (!document.load(estateFile())) {
        state.SkipWithError("load failed");
        return;
    }
    ui::PlanGraphModel model(document);
    for (auto _ : state)
        model.analyseNow();
}

/// Repaint the whole view into an image the size of the view: zoomed out to fit (the level of
/// detail draws plain boxes and hairlines), and at 100 %.
void BM_RepaintView(benchmark::State& state) {
    ui::ProjectDocument document;
    if (!document.load(estateFile())) {
        state.SkipWithError("load failed");
        return;
    }
    ui::CanvasView view(document);
    view.resize(1280, 800);
    view.show();
    QApplication::processEvents();
    if (state.range(0) == 0) {
        view.fitToView();
    } else {
        view.setZoom(1.0);
        view.centerOn(view.canvasScene().contentRect().center());
    }
    QApplication::processEvents();
    QImage image(view.size(), QImage::Format_ARGB32_Premultiplied);
    for (auto _ : state) {
        QPainter painter(&image);
        view.render(&painter);
    }
    state.counters["zoom_percent"] = view.zoom() * 100;
}

} // namespace

BENCHMARK(BM_LoadFerryFile)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_OpenAndBuildScene)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_CanvasAnalysis)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_RepaintView)->Arg(0)->Arg(1)->ArgName("actual_size")->Unit(benchmark::kMillisecond);

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
