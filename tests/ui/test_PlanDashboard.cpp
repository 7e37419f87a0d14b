// The plan views: PlanService recomputes off the UI thread after edits (stale meanwhile), and the
// dashboard's charts hold the planner's own figures.
#include "ScratchSettings.hpp"

#include <ferry/ui/GanttView.hpp>
#include <ferry/ui/MainWindow.hpp>
#include <ferry/ui/PlanDashboard.hpp>
#include <ferry/ui/PlanService.hpp>
#include <ferry/ui/ProjectDocument.hpp>

#include <catch2/catch.hpp>

#include <set>

#include <QAreaSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QFile>
#include <QLineSeries>
#include <QProcess>
#include <QSignalSpy>
#include <QStackedBarSeries>
#include <QTableWidget>
#include <QTreeWidget>

#include <cmath>

using namespace ferry;

namespace {

const QString kDemo = QStringLiteral(FERRY_SOURCE_DIR "/resources/demo/retail-demo.json");

/// Wait until the service has fresh results (or time out).
bool waitForResults(ui::PlanService& service, int timeoutMs = 60000) {
    QSignalSpy spy(&service, &ui::PlanService::resultsChanged);
    if (!service.isStale() && service.results())
        return true;
    while (service.isStale()) {
        if (!spy.wait(timeoutMs))
            return false;
    }
    return service.results() != nullptr;
}

template <class T> T* seriesNamed(QChartView* view, const QString& name) {
    for (QAbstractSeries* s : view->chart()->series())
        if (s->objectName() == name)
            return qobject_cast<T*>(s);
    return nullptr;
}

QBarSet* barSetNamed(QChartView* view, const QString& name) {
    for (QAbstractSeries* s : view->chart()->series())
        if (auto* bars = qobject_cast<QAbstractBarSeries*>(s))
            for (QBarSet* set : bars->barSets())
                if (set->objectName() == name)
                    return set;
    return nullptr;
}

} // namespace

TEST_CASE("the plan service recomputes off the UI thread and marks results stale meanwhile",
          "[ui][plan]") {
    ui::ProjectDocument document;
    REQUIRE(document.load(kDemo).ok());
    ui::PlanService service(document);
    service.setDebounceMs(10);
    service.setMaxForecastRuns(50);
    service.recompute();
    REQUIRE(waitForResults(service));
    const auto first = service.results();
    REQUIRE(first->outcome);
    CHECK_FALSE(first->error);
    CHECK(first->outcome->plan.placements.size() == 14);

    // An edit makes the results stale at once; the new ones reflect the edit.
    QSignalSpy stale(&service, &ui::PlanService::staleChanged);
    model::Workload w = *document.project().findWorkload("orders-db");
    w.sizeGb *= 10;
    REQUIRE(document.project().requestUpdateWorkload(w).ok());
    CHECK(service.isStale());
    REQUIRE(waitForResults(service));
    const auto second = service.results();
    REQUIRE(second->outcome);
    CHECK(second->generation > first->generation);
    double before = 0, after = 0;
    for (const auto& t : first->outcome->timeline.workloads)
        if (t.workload == "orders-db")
            before = t.gbMoved;
    for (const auto& t : second->outcome->timeline.workloads)
        if (t.workload == "orders-db")
            after = t.gbMoved;
    CHECK(after > before * 5);
    CHECK(stale.count() >= 2); // true, then false
}

TEST_CASE("a burst of edits gives one result for the last state", "[ui][plan]") {
    ui::ProjectDocument document;
    REQUIRE(document.load(kDemo).ok());
    ui::PlanService service(document);
    service.setDebounceMs(50);
    service.setMaxForecastRuns(20);
    REQUIRE(waitForResults(service));
    model::Workload w = *document.project().findWorkload("catalogue-share");
    for (int i = 1; i <= 5; ++i) {
        w.sizeGb = 100.0 * i;
        REQUIRE(document.project().requestUpdateWorkload(w).ok());
    }
    REQUIRE(waitForResults(service));
    const auto results = service.results();
    REQUIRE(results->outcome);
    double size = 0;
    for (const auto& workload : results->outcome->data.workloads)
        if (workload.id == "catalogue-share")
            size = workload.sizeGb;
    CHECK(size == 500.0);
}

TEST_CASE("the plan dashboard shows the demo's waves, Gantt, cost and forecast figures",
          "[ui][plan]") {
    ui::ProjectDocument document;
    REQUIRE(document.load(kDemo).ok());
    ui::PlanService service(document);
    service.setDebounceMs(10);
    service.setMaxForecastRuns(100);
    ui::PlanDashboard dashboard(document, service);
    dashboard.resize(1200, 800);
    REQUIRE(waitForResults(service));
    const auto results = service.results();
    REQUIRE(results->outcome);
    const model::PlanOutcome& outcome = *results->outcome;

    // Waves: one top-level item per wave, one child per placement with its reason.
    QTreeWidget* tree = dashboard.wavesTree();
    REQUIRE(tree->topLevelItemCount() == static_cast<int>(outcome.plan.waves.size()));
    int children = 0;
    for (int i = 0; i < tree->topLevelItemCount(); ++i)
        children += tree->topLevelItem(i)->childCount();
    CHECK(children == static_cast<int>(outcome.plan.placements.size()));
    QTreeWidgetItem* firstChild = tree->topLevelItem(0)->child(0);
    bool reasonFound = false;
    for (const auto& p : outcome.plan.placements)
        if (QString::fromStdString(p.workload) == firstChild->text(0))
            reasonFound = firstChild->text(2) == QString::fromStdString(p.reason);
    CHECK(reasonFound);

    // Gantt: one row per simulated workload.
    CHECK(dashboard.gantt()->rowCount() == static_cast<int>(outcome.timeline.workloads.size()));

    // Cost by wave: the stacked sets add up to each category's total.
    for (const auto& [category, total] : outcome.cost.oneTimeByCategory) {
        QBarSet* set =
            barSetNamed(dashboard.chart("cost_by_wave"), QString::fromStdString(category));
        REQUIRE(set != nullptr);
        double sum = 0;
        for (int i = 0; i < set->count(); ++i)
            sum += set->at(i);
        CHECK(sum == Approx(total));
    }
    CHECK(barSetNamed(dashboard.chart("run_rate"), "before")->at(0) ==
          Approx(outcome.cost.monthlyBefore));
    CHECK(barSetNamed(dashboard.chart("run_rate"), "after")->at(0) ==
          Approx(outcome.cost.monthlyAfter));

    // TCO lines, one point per month, and the break-even marker at its month.
    auto* stay = seriesNamed<QLineSeries>(dashboard.chart("tco"), "stay");
    REQUIRE(stay != nullptr);
    REQUIRE(stay->count() == static_cast<int>(outcome.cost.cumulativeStay.size()));
    CHECK(stay->at(stay->count() - 1).y() == Approx(outcome.cost.cumulativeStay.back()));
    if (outcome.cost.breakEvenMonth) {
        auto* marker = seriesNamed<QLineSeries>(dashboard.chart("tco"), "break_even");
        REQUIRE(marker != nullptr);
        CHECK(marker->at(0).x() == *outcome.cost.breakEvenMonth);
    }

    // Egress per day.
    QBarSet* egress = barSetNamed(dashboard.chart("egress"), "egress");
    REQUIRE(egress != nullptr);
    REQUIRE(egress->count() == static_cast<int>(outcome.timeline.egressGbPerDay.size()));
    CHECK(egress->at(0) == Approx(outcome.timeline.egressGbPerDay.front()));

    // Forecast: the histogram holds every run, and P10 <= P50 <= P90 are marked.
    REQUIRE(results->forecast);
    auto* histogram = seriesNamed<QAreaSeries>(dashboard.chart("forecast"), "histogram");
    REQUIRE(histogram != nullptr);
    double runs = 0;
    const auto points = histogram->upperSeries()->points();
    for (int i = 0; i + 1 < points.size(); i += 2)
        runs += points[i].y();
    CHECK(runs == results->forecast->runs);
    for (const char* p : {"p10", "p50", "p90"})
        CHECK(seriesNamed<QLineSeries>(dashboard.chart("forecast"), p) != nullptr);
    CHECK(seriesNamed<QLineSeries>(dashboard.chart("forecast"), "p50")->at(0).x() ==
          Approx(results->forecast->totalHours.p50 / 24));

    // Scenarios: baseline plus the demo's scenarios.
    CHECK(dashboard.scenarioTable()->rowCount() ==
          static_cast<int>(outcome.data.scenarios.size()) + 1);
}

TEST_CASE("dropping a workload on another wave pins it there, undoably", "[ui][plan]") {
    ui::ProjectDocument document;
    REQUIRE(document.load(kDemo).ok());
    ui::PlanService service(document);
    service.setDebounceMs(10);
    service.setMaxForecastRuns(0);
    ui::PlanDashboard dashboard(document, service);
    REQUIRE(waitForResults(service));
    const int undoBefore = document.undoStack().count();
    REQUIRE(dashboard.pinToWave("recommendation-model", 2));
    CHECK(document.undoStack().count() == undoBefore + 1);
    const model::Mapping* mapping = nullptr;
    for (const auto& m : document.project().data().mappings)
        if (m.workload == "recommendation-model")
            mapping = &m;
    REQUIRE(mapping != nullptr);
    CHECK(mapping->pinnedWave == 2);
    REQUIRE(waitForResults(service));
    CHECK(service.results()->outcome->plan.waveOf("recommendation-model") == 2);
    CHECK(dashboard.wavesTree()->topLevelItemCount() == 2);
    // What the move changes is shown once re-planned.
    INFO(dashboard.moveImpact().toStdString());
    CHECK(dashboard.moveImpact().contains("Moving recommendation-model to wave 2"));
    std::set<std::string> dependents;
    for (const auto& p : service.results()->outcome->plan.placements)
        if (p.wave == 2 && p.workload != "recommendation-model")
            dependents.insert(p.workload);
    REQUIRE_FALSE(dependents.empty());
    CHECK(dashboard.moveImpact().contains(
        QString("%1 other workload(s) move from wave 1 to wave 2").arg(dependents.size())));
    for (const std::string& moved : dependents)
        CHECK(dashboard.moveImpact().contains(QString::fromStdString(moved)));

    document.undoStack().undo();
    mapping = nullptr;
    for (const auto& m : document.project().data().mappings)
        if (m.workload == "recommendation-model")
            mapping = &m;
    REQUIRE(mapping != nullptr);
    CHECK_FALSE(mapping->pinnedWave.has_value());
    REQUIRE(waitForResults(service));
    CHECK(dashboard.wavesTree()->topLevelItemCount() == 1);
    CHECK(dashboard.moveImpact().isEmpty()); // the undo made the message obsolete
}

TEST_CASE("the main window exports the plan report of the open project as PDF and HTML",
          "[ui][plan]") {
    ScratchSettings scratch;
    ui::MainWindow window;
    REQUIRE(window.openFile(kDemo));
    window.planService()->setDebounceMs(10);
    window.planService()->setMaxForecastRuns(50);
    window.planService()->recompute();
    REQUIRE(waitForResults(*window.planService()));
    const QString pdf = scratch.path("plan.pdf");
    REQUIRE(window.writeReport(pdf, true));
    QFile file(pdf);
    REQUIRE(file.open(QIODevice::ReadOnly));
    CHECK(file.read(8) == QByteArray("%PDF-1.4"));
    QProcess text;
    text.start("pdftotext", {pdf, "-"});
    REQUIRE(text.waitForFinished(30000));
    const QString body = QString::fromUtf8(text.readAllStandardOutput());
    for (const char* expected :
         {"Retail - migration plan", "Waves", "Timeline", "Forecast", "Price sources", "orders-db"})
        CHECK(body.contains(QLatin1String(expected)));
    const QString html = scratch.path("plan.html");
    REQUIRE(window.writeReport(html, true));
    QFile page(html);
    REQUIRE(page.open(QIODevice::ReadOnly));
    CHECK(page.readAll().startsWith("<!DOCTYPE html>"));
    CHECK_FALSE(window.writeReport(scratch.path("plan.txt"), true));
}

TEST_CASE(
    "scenarios are created, renamed, given overrides and deleted from the plan panel, undoably",
    "[ui][plan]") {
    ui::ProjectDocument document;
    REQUIRE(document.load(kDemo).ok());
    ui::PlanService service(document);
    service.setDebounceMs(10);
    service.setMaxForecastRuns(0);
    ui::PlanDashboard dashboard(document, service);
    REQUIRE(waitForResults(service));
    const std::size_t before = document.project().data().scenarios.size();

    const QString id = dashboard.addScenario("Half the link!");
    CHECK(id == "half-the-link");
    REQUIRE(document.project().findScenario("half-the-link") != nullptr);
    CHECK(dashboard.addScenario("Half the link!") == "half-the-link-2");
    document.undoStack().undo();
    CHECK(document.project().findScenario("half-the-link-2") == nullptr);

    CHECK(dashboard.renameScenario(id, "Half bandwidth"));
    CHECK(document.project().findScenario(id.toStdString())->name == "Half bandwidth");

    // Refused with the reason, nothing changed.
    CHECK(dashboard.setScenarioOverrides(id, "{not json").contains("JSON"));
    const QString unknown =
        dashboard.setScenarioOverrides(id, R"({"links.nowhere.bandwidth_mbps": 5})");
    CHECK_FALSE(unknown.isEmpty());
    CHECK(unknown.contains("links.nowhere"));
    CHECK(document.project().findScenario(id.toStdString())->overrides.empty());

    // Accepted: the comparison gets a column for it.
    CHECK(dashboard.setScenarioOverrides(id, R"({"links.dc-aws.bandwidth_mbps": 500})").isEmpty());
    CHECK(document.project()
              .findScenario(id.toStdString())
              ->overrides["links.dc-aws.bandwidth_mbps"] == 500);
    REQUIRE(waitForResults(service));
    CHECK(dashboard.scenarioTable()->rowCount() == static_cast<int>(before) + 2);
    bool listed = false;
    for (int r = 0; r < dashboard.scenarioTable()->rowCount(); ++r)
        listed = listed || dashboard.scenarioTable()->item(r, 0)->text() == "Half bandwidth";
    CHECK(listed);

    CHECK(dashboard.removeScenario(id));
    CHECK(document.project().findScenario(id.toStdString()) == nullptr);
    document.undoStack().undo();
    REQUIRE(document.project().findScenario(id.toStdString()) != nullptr);
    CHECK(document.project().findScenario(id.toStdString())->name == "Half bandwidth");
}
