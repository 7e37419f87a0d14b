#pragma once

#include <ferry/engine/ConnectorRegistry.hpp>
#include <ferry/engine/Run.hpp>

#include <QObject>
#include <QString>
#include <QTimer>

#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <thread>
#include <vector>

namespace ferry::ui {

/// Progress of one wave of a run.
struct WaveProgress {
    int wave = 0;                  ///< Wave number.
    std::uint64_t bytesDone = 0;   ///< Bytes of finished and in-flight objects.
    std::uint64_t objectsDone = 0; ///< Objects in an end state.
    std::uint64_t objectsSeen = 0; ///< Objects the run reported for this wave so far.
    QString state;                 ///< Last wave state ("started", "finished").
};

/// One object as the task table shows it.
struct TaskRow {
    std::int64_t taskId = 0; ///< Journal task id.
    int wave = 0;            ///< Wave number.
    QString workload;        ///< Workload id.
    QString key;             ///< Object key.
    QString state;           ///< queued, copying, verified, failed, skipped...
    std::uint64_t bytes = 0; ///< Bytes done.
    std::uint64_t total = 0; ///< Object size.
    bool rows = false;       ///< bytes and total count rows (a database table).
    int attempts = 0;        ///< Attempts so far (failed attempts counted from errors).
    QString error;           ///< Last error message.
};

/// What the run looks like now: the UI's whole view of it, delivered at most 10 times a second.
struct RunSnapshot {
    QString runId;                  ///< The run.
    QString state;                  ///< running, paused, finished, failed, cancelled.
    std::uint64_t bytesDone = 0;    ///< Bytes moved.
    std::uint64_t bytesTotal = 0;   ///< Bytes to move.
    std::uint64_t objectsDone = 0;  ///< Objects in an end state.
    std::uint64_t objectsTotal = 0; ///< Objects in the run.
    double bytesPerSecond = 0;      ///< Latest throughput sample.
    double etaSeconds = -1;         ///< Engine's estimate, -1 = unknown.
    std::uint64_t errors = 0;       ///< Error events so far.
    double elapsedSeconds = 0;      ///< Since the bridge started the run.
    /// Throughput samples since the previous snapshot: (seconds since start, bytes/s, bytes done).
    std::vector<std::tuple<double, double, std::uint64_t>> samples;
    std::map<int, WaveProgress> waves; ///< Per wave.
    std::vector<TaskRow> changedTasks; ///< Tasks whose row changed since the previous snapshot.
    std::vector<QString> logLines;     ///< New log lines (state changes and errors).
    std::map<QString, double> workloadProgress; ///< Per workload: share of its bytes done, 0..1.
    std::map<QString, double> workloadRate;     ///< Per workload: bytes/s since the last snapshot.
    std::map<QString, std::uint64_t> workloadBytesDone; ///< Per workload: bytes moved.
    std::map<QString, bool> workloadFailed;             ///< Per workload: an object failed.
};

/// Runs an engine Run on its own thread and turns its event stream into queued Qt signals:
/// events are folded into a RunSnapshot under a lock on the engine's delivery thread, and a
/// 100 ms timer on the UI thread publishes what changed, so the UI never gets more than 10
/// updates a second however fast the engine goes.
class EngineBridge : public QObject {
    Q_OBJECT
public:
    explicit EngineBridge(QObject* parent = nullptr);
    /// Cancels a running run and waits for its thread.
    ~EngineBridge() override;

    /// Start a new run of pairs; false (with the reason in lastError()) when it cannot start.
    bool start(std::vector<engine::RunPair> pairs, engine::RunOptions options,
               engine::RunContext context);
    /// Continue the run a journal records (after a crash or a cancel).
    bool resumeJournal(const QString& journal, std::optional<engine::RunOptions> overrides = {});
    /// True between start and finished().
    bool isRunning() const { return m_thread.joinable() && !m_done; }
    /// Pause, resume or cancel the running run (take effect within a second).
    void pause();
    void resume();
    void cancel();
    /// Change the bandwidth limit (bytes/s, 0 = unlimited) while running.
    void setBandwidthLimit(std::uint64_t bytesPerSecond);
    /// Change how many objects stream at once while running.
    void setParallel(int parallel);
    /// Why the last start failed.
    QString lastError() const { return m_lastError; }
    /// The summary of the finished run, if any.
    const std::optional<engine::RunSummary>& summary() const { return m_summary; }
    /// A run, wave or object state ("running", "verified"...) in the interface language.
    static QString stateText(const QString& state);
    /// Snapshots published so far (for tests and the status bar).
    int updatesPublished() const { return m_updates; }

signals:
    /// New state of the run (at most 10 a second).
    void updated(const ferry::ui::RunSnapshot& snapshot);
    /// The run ended; summary() has the outcome, or error says why it could not run.
    void finished(const QString& state, const QString& error);

private:
    bool launch(std::unique_ptr<engine::Run> run);
    void absorb(const engine::RunEvent& event);
    void publish();

    engine::ConnectorRegistry m_registry = engine::ConnectorRegistry::withBuiltins();
    std::unique_ptr<engine::Run> m_run;
    std::thread m_thread;
    int m_subscription = 0;
    QTimer m_timer;
    mutable std::mutex m_mutex;
    RunSnapshot m_pending;                   // guarded by m_mutex
    std::map<std::int64_t, TaskRow> m_tasks; // guarded by m_mutex
    std::map<QString, std::pair<std::uint64_t, std::uint64_t>> m_workloadBytes; // done, total
    std::set<std::int64_t> m_changedTasks; // guarded by m_mutex
    bool m_changed = false;                // guarded by m_mutex
    std::atomic<bool> m_done{false};
    std::optional<engine::RunSummary> m_summary;
    QString m_finishError; // guarded by m_mutex
    QString m_lastError;
    std::chrono::steady_clock::time_point m_started;
    int m_updates = 0;
    double m_previousPublish = 0;                             // UI thread only
    std::map<QString, std::uint64_t> m_previousWorkloadBytes; // UI thread only
};

} // namespace ferry::ui

Q_DECLARE_METATYPE(ferry::ui::RunSnapshot)
