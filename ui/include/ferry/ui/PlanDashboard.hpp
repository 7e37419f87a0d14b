#pragma once

#include <QWidget>

#include <map>
#include <optional>
#include <set>
#include <string>

class QChartView;
class QLabel;
class QTabWidget;
class QTableWidget;
class QTreeWidget;
class QTreeWidgetItem;
class QListWidget;
class QPushButton;

namespace ferry::ui {

class GanttView;
class PlanService;
struct PlanResults;
class ProjectDocument;

/// The plan, cost, forecast and scenario views of the open project, fed by the PlanService:
/// waves with the reason for every placement (drag a workload onto another wave to pin it
/// there, an undoable edit), the Gantt timeline, the cost dashboard, the forecast and the
/// scenario comparison. While a newer plan is being computed the views are greyed out.
class PlanDashboard : public QWidget {
    Q_OBJECT
public:
    PlanDashboard(ProjectDocument& document, PlanService& service, QWidget* parent = nullptr);

    /// The tabs, for tests and for the main window's menu.
    QTabWidget* tabs() const { return m_tabs; }
    /// The waves tree: top-level items are waves, their children workloads.
    QTreeWidget* wavesTree() const { return m_waves; }
    /// The Gantt chart.
    GanttView* gantt() const { return m_gantt; }
    /// Charts by name: "cost_by_wave", "run_rate", "tco", "egress", "forecast", "scenarios".
    QChartView* chart(const QString& name) const;
    /// The scenario comparison table.
    QTableWidget* scenarioTable() const { return m_scenarioTable; }
    /// Pin a planned workload to a wave (the drag and drop of the waves tree); returns false and
    /// says why in the status line when the edit is refused.
    bool pinToWave(const QString& workloadId, int wave);
    /// Add a scenario with this display name (an id is made from it); returns its id, or an
    /// empty string when refused.
    QString addScenario(const QString& name);
    /// Rename a scenario; false when refused.
    bool renameScenario(const QString& id, const QString& name);
    /// Replace a scenario's overrides with a JSON object text; returns an empty string on
    /// success, else why it was refused (bad JSON, an unknown path, a wrong type).
    QString setScenarioOverrides(const QString& id, const QString& json);
    /// Remove a scenario (undoable); false when refused.
    bool removeScenario(const QString& id);
    /// What the last pin changed once re-planned (problems it causes, workloads it moves, the
    /// last cutover date), as shown above the waves; empty when nothing was pinned since.
    QString moveImpact() const;

protected:
    void changeEvent(QEvent* event) override;

private:
    void rebuild();
    void setStale(bool stale);
    void retranslate();
    QWidget* makeCostTab();
    QWidget* makeForecastTab();
    QWidget* makeScenarioTab();
    QString selectedScenario() const;
    void editOverrides(const QString& id);

    ProjectDocument& m_document;
    PlanService& m_service;
    QLabel* m_status = nullptr;
    QTabWidget* m_tabs = nullptr;
    QTreeWidget* m_waves = nullptr;
    QListWidget* m_planFindings = nullptr;
    QLabel* m_moveImpact = nullptr;
    struct PendingMove {
        QString workload;
        int wave = 0;
        quint64 generation = 0;           // results the move was made from
        std::map<std::string, int> waves; // placements before
        std::set<std::string> findings;   // finding messages before
        double totalHours = 0;            // timeline before
    };
    std::optional<PendingMove> m_pendingMove;
    quint64 m_moveImpactGeneration = 0;
    void showMoveImpact(const PlanResults& results);
    GanttView* m_gantt = nullptr;
    QChartView* m_costByWave = nullptr;
    QChartView* m_runRate = nullptr;
    QChartView* m_tco = nullptr;
    QChartView* m_egress = nullptr;
    QChartView* m_forecast = nullptr;
    QTableWidget* m_forecastTable = nullptr;
    QChartView* m_scenarioChart = nullptr;
    QTableWidget* m_scenarioTable = nullptr;
    QPushButton* m_newScenario = nullptr;
    QPushButton* m_renameScenario = nullptr;
    QPushButton* m_overridesScenario = nullptr;
    QPushButton* m_removeScenario = nullptr;
};

} // namespace ferry::ui
