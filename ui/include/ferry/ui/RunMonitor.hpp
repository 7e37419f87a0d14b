#pragma once

#include <ferry/ui/EngineBridge.hpp>

#include <QStringList>
#include <QWidget>

#include <map>

class QChartView;
class QComboBox;
class QLabel;
class QLineEdit;
class QLineSeries;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QDoubleSpinBox;
class QSpinBox;
class QTableView;
class QVBoxLayout;

namespace ferry::ui {

class ProjectDocument;

/// The operator's view of a migration run: start the whole plan, a wave or a workload; pause,
/// resume and cancel; change the bandwidth limit while it runs; live throughput and cumulative
/// bytes charts, per-wave progress, errors, an ETA from the measured throughput, the task table
/// and a filterable log. Past runs of the project are listed from their journals and a run that
/// was stopped or killed resumes from its journal.
class RunMonitor : public QWidget {
    Q_OBJECT
public:
    explicit RunMonitor(ProjectDocument& document, QWidget* parent = nullptr);

    /// Start a run of the selected scope ("" = the whole plan, "wave:N", "workload:ID").
    bool startRun(const QString& scope = QString());
    /// Continue the run a journal records.
    bool resumeRun(const QString& journal);
    /// The bridge, for tests and the canvas's live state.
    EngineBridge& bridge() { return m_bridge; }
    /// Where the project's run journals are kept: "<project folder>/.ferry-runs".
    QString runsFolder() const;
    /// Journals of past runs of this project, newest first.
    QStringList pastRuns() const;
    /// Charts by name: "throughput", "cumulative".
    QChartView* chart(const QString& name) const;
    /// The task table.
    QTableView* taskTable() const { return m_tasks; }
    /// Rows of the task table (one per object the run reported).
    int taskCount() const;
    /// The per-wave progress bars by wave number.
    const std::map<int, QProgressBar*>& waveBars() const { return m_waveBars; }
    /// Every log line received (the view shows those matching the filter).
    const QStringList& logLines() const { return m_log; }
    /// The log view.
    QPlainTextEdit* logView() const { return m_logView; }
    /// Filter the log view (case-insensitive substring).
    void setLogFilter(const QString& text);
    /// Re-check the targets of the run a journal records against their sources, in the
    /// background, and write the verification report to path (.pdf or .html); false when it
    /// cannot start. verificationReportWritten() tells the outcome.
    bool writeVerificationReport(const QString& journal, const QString& path);

signals:
    /// A verification report was written to path, or error says why not.
    void verificationReportWritten(const QString& path, const QString& error);
    /// A snapshot arrived (after the monitor has shown it).
    void snapshotShown(const ferry::ui::RunSnapshot& snapshot);

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslate();
    void refreshScopes();
    void refreshPastRuns();
    void showSnapshot(const RunSnapshot& snapshot);
    void runFinished(const QString& state, const QString& error);
    void resetViews();
    std::map<int, double> plannedRates(const std::vector<engine::RunPair>& pairs) const;
    double plannedRateNow(const RunSnapshot& snapshot) const;
    void updateButtons();
    engine::RunOptions options() const;

    ProjectDocument& m_document;
    EngineBridge m_bridge;
    QComboBox* m_scope = nullptr;
    QPushButton* m_start = nullptr;
    QPushButton* m_pause = nullptr;
    QPushButton* m_cancel = nullptr;
    QDoubleSpinBox* m_bandwidth = nullptr;
    QSpinBox* m_parallel = nullptr;
    QComboBox* m_past = nullptr;
    QPushButton* m_resume = nullptr;
    QPushButton* m_verifyReport = nullptr;
    bool m_verifying = false;
    QLabel* m_bandwidthLabel = nullptr;
    QLabel* m_parallelLabel = nullptr;
    QLabel* m_pastLabel = nullptr;
    QLabel* m_state = nullptr;
    QLabel* m_figures = nullptr;
    QChartView* m_throughput = nullptr;
    QChartView* m_cumulative = nullptr;
    QLineSeries* m_rateSeries = nullptr;
    QLineSeries* m_limitSeries = nullptr;
    QLineSeries* m_bytesSeries = nullptr;
    QLineSeries* m_totalSeries = nullptr;
    QLineSeries* m_plannedRateSeries = nullptr;  // the plan's rate for the running wave
    QLineSeries* m_plannedBytesSeries = nullptr; // bytes the plan would have moved by now
    std::map<int, double> m_plannedRate;         // bytes/s per wave, from the project's links
    double m_plannedBytes = 0;
    double m_previousSnapshotTime = 0;
    QVBoxLayout* m_waveLayout = nullptr;
    std::map<int, QProgressBar*> m_waveBars;
    QTableView* m_tasks = nullptr;
    class TaskModel* m_taskModel = nullptr;
    QLineEdit* m_logFilter = nullptr;
    QPlainTextEdit* m_logView = nullptr;
    QStringList m_log;
    QString m_lastState;
    double m_maxRate = 1;
    std::uint64_t m_lastTotal = 0;
    bool m_paused = false;
};

} // namespace ferry::ui
