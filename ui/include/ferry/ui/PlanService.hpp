#pragma once

#include <ferry/model/Forecast.hpp>
#include <ferry/model/Planner.hpp>

#include <QFutureWatcher>
#include <QObject>
#include <QTimer>

#include <atomic>
#include <memory>
#include <optional>
#include <vector>

namespace ferry::ui {

class ProjectDocument;

/// What the planner worked out for one state of the project.
struct PlanResults {
    std::optional<model::PlanOutcome> outcome;     ///< Plan, timeline and cost; empty on error.
    std::optional<model::Error> error;             ///< Why there is no plan (bad assumptions...).
    std::optional<model::ForecastResult> forecast; ///< Monte Carlo forecast of the plan.
    std::vector<model::ScenarioSummary> scenarios; ///< Baseline and every scenario.
    quint64 generation = 0;                        ///< Which edit state it belongs to.
};

/// Keeps the plan, cost, forecast and scenario comparison of the open project up to date, off
/// the UI thread: an edit marks the results stale, and a moment later (edits in a burst are
/// coalesced) a background job recomputes them. A job made obsolete by a later edit stops at
/// its next stage and its results are dropped; the newest edit state always wins.
class PlanService : public QObject {
    Q_OBJECT
public:
    /// Watches the document; the first computation starts at once.
    explicit PlanService(ProjectDocument& document, QObject* parent = nullptr);
    ~PlanService() override;

    /// The latest complete results (null until the first computation finished).
    std::shared_ptr<const PlanResults> results() const { return m_results; }
    /// True while the shown results belong to an older state of the project.
    bool isStale() const { return m_stale; }
    /// Forecast runs per computation (0 = no forecast); default: the project's forecast_runs,
    /// at most this many.
    void setMaxForecastRuns(int runs) { m_maxForecastRuns = runs; }
    /// Delay between the last edit and the recomputation, in milliseconds.
    void setDebounceMs(int ms) { m_debounce.setInterval(ms); }
    /// Recompute now (e.g. after the pricing catalog changed).
    void recompute();

    /// The whole computation for one project state; stops early (returns null) when cancelled
    /// reports that a newer state exists. Pure: usable from any thread.
    static std::shared_ptr<const PlanResults> compute(const model::ProjectData& data,
                                                      const model::PricingCatalog* catalog,
                                                      int maxForecastRuns, quint64 generation,
                                                      const std::atomic<quint64>& latest);

signals:
    /// New results are available (results() returns them).
    void resultsChanged();
    /// isStale() changed.
    void staleChanged(bool stale);

private:
    void markStale();
    void start();
    void jobFinished();

    ProjectDocument& m_document;
    const model::PricingCatalog* m_catalog = nullptr; // process-wide, see PlanGraphDefaults
    std::optional<model::Error> m_catalogError;
    QTimer m_debounce;
    QFutureWatcher<std::shared_ptr<const PlanResults>> m_watcher;
    std::shared_ptr<const PlanResults> m_results;
    std::atomic<quint64> m_latest{0};
    bool m_stale = true;
    bool m_restartWhenDone = false;
    int m_maxForecastRuns = 1000;
};

} // namespace ferry::ui
