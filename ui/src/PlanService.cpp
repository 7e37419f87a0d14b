#include <ferry/ui/PlanService.hpp>

#include <ferry/ui/PlanGraphDefaults.hpp>
#include <ferry/ui/ProjectDocument.hpp>

#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>

namespace ferry::ui {

PlanService::PlanService(ProjectDocument& document, QObject* parent)
    : QObject(parent), m_document(document) {
    // The catalog the canvas's defaults already loaded (once per process); its error only when
    // there is none.
    m_catalog = PlanGraphDefaults::catalog();
    if (!m_catalog)
        if (auto failed = model::PricingCatalog::loadDefault(); !failed)
            m_catalogError = failed.error();
    m_debounce.setSingleShot(true);
    m_debounce.setInterval(400);
    connect(&m_debounce, &QTimer::timeout, this, &PlanService::start);
    connect(&m_watcher, &QFutureWatcher<std::shared_ptr<const PlanResults>>::finished, this,
            &PlanService::jobFinished);
    connect(&document, &ProjectDocument::changed, this, [this] { markStale(); });
    m_latest = 1;
    start();
}

PlanService::~PlanService() {
    // Tell a running job to stop at its next stage, and wait for it: it reads no member, but the
    // watcher must not outlive its future's thread.
    ++m_latest;
    m_watcher.waitForFinished();
}

void PlanService::recompute() {
    markStale();
    m_debounce.stop();
    start();
}

void PlanService::markStale() {
    ++m_latest;
    if (!m_stale) {
        m_stale = true;
        emit staleChanged(true);
    }
    m_debounce.start();
}

void PlanService::start() {
    if (m_watcher.isRunning()) {
        // The running job sees the newer generation and stops early; start again when it is done.
        m_restartWhenDone = true;
        return;
    }
    m_restartWhenDone = false;
    const quint64 generation = m_latest.load();
    if (!m_catalog) {
        auto results = std::make_shared<PlanResults>();
        results->error = m_catalogError;
        results->generation = generation;
        m_results = std::move(results);
        m_stale = false;
        emit resultsChanged();
        emit staleChanged(false);
        return;
    }
    // The job works on a copy of the data, so editing can go on meanwhile.
    m_watcher.setFuture(
        QtConcurrent::run([data = m_document.project().data(), catalog = m_catalog,
                           runs = m_maxForecastRuns, generation, latest = &m_latest] {
            return compute(data, catalog, runs, generation, *latest);
        }));
}

void PlanService::jobFinished() {
    std::shared_ptr<const PlanResults> results = m_watcher.result();
    const bool current = results && results->generation == m_latest.load();
    if (current) {
        m_results = std::move(results);
        m_stale = false;
        emit resultsChanged();
        emit staleChanged(false);
    }
    if (!current && (m_restartWhenDone || !m_debounce.isActive()))
        start();
}

std::shared_ptr<const PlanResults> PlanService::compute(const model::ProjectData& data,
                                                        const model::PricingCatalog* catalog,
                                                        int maxForecastRuns, quint64 generation,
                                                        const std::atomic<quint64>& latest) {
    auto results = std::make_shared<PlanResults>();
    results->generation = generation;
    auto cancelled = [&] { return latest.load() != generation; };
    if (!catalog) {
        results->error = model::Error{"pricing.not_found", "No pricing catalog.", ""};
        return results;
    }
    auto outcome = model::runPlanner(data, "", *catalog); // applies the project's price overrides
    if (!outcome) {
        results->error = outcome.error();
        return results;
    }
    results->outcome = std::move(outcome.value());
    if (cancelled())
        return nullptr;
    // The forecast prices every run with the same catalog the plan used, overrides included.
    model::PricingCatalog priced = *catalog;
    if (auto overridden = priced.applyOverrides(results->outcome->data.info.priceOverrides);
        !overridden) {
        results->error = overridden.error();
        results->outcome.reset();
        return results;
    }
    const int runs = std::min(results->outcome->assumptions.forecastRuns, maxForecastRuns);
    if (runs > 0 && results->outcome->plan.feasible()) {
        results->forecast = model::Forecast::run(
            results->outcome->data, results->outcome->assumptions, results->outcome->plan, priced,
            runs, results->outcome->assumptions.forecastSeed);
        if (cancelled())
            return nullptr;
    }
    if (!data.scenarios.empty()) {
        auto compared = model::compareScenarios(data, {}, *catalog);
        if (compared)
            results->scenarios = std::move(compared.value());
    }
    if (cancelled())
        return nullptr;
    return results;
}

} // namespace ferry::ui
