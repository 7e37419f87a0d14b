#include <ferry/ui/EngineBridge.hpp>

#include <QDateTime>

#include <algorithm>
#include <set>

namespace ferry::ui {

namespace {
constexpr int kPublishIntervalMs = 100; // at most 10 UI updates a second

bool endState(const std::string& state) {
    return state == "verified" || state == "skipped" || state == "failed" || state == "done";
}
} // namespace

EngineBridge::EngineBridge(QObject* parent) : QObject(parent) {
    qRegisterMetaType<ferry::ui::RunSnapshot>();
    m_timer.setInterval(kPublishIntervalMs);
    m_timer.setTimerType(Qt::PreciseTimer); // never more often than every 100 ms
    connect(&m_timer, &QTimer::timeout, this, &EngineBridge::publish);
}

EngineBridge::~EngineBridge() {
    if (m_run && !m_done)
        m_run->cancel();
    if (m_thread.joinable())
        m_thread.join();
}

bool EngineBridge::start(std::vector<engine::RunPair> pairs, engine::RunOptions options,
                         engine::RunContext context) {
    if (isRunning()) {
        m_lastError = tr("A run is already in progress.");
        return false;
    }
    context.registry = &m_registry;
    auto run = engine::Run::create(std::move(pairs), std::move(options), context);
    if (!run) {
        m_lastError = QString::fromStdString(run.error().message);
        return false;
    }
    return launch(std::move(run.value()));
}

bool EngineBridge::resumeJournal(const QString& journal,
                                 std::optional<engine::RunOptions> overrides) {
    if (isRunning()) {
        m_lastError = tr("A run is already in progress.");
        return false;
    }
    engine::RunContext context;
    context.registry = &m_registry;
    auto run = engine::Run::fromJournal(journal.toStdString(), context, overrides);
    if (!run) {
        m_lastError = QString::fromStdString(run.error().message);
        return false;
    }
    return launch(std::move(run.value()));
}

bool EngineBridge::launch(std::unique_ptr<engine::Run> run) {
    if (m_thread.joinable())
        m_thread.join();
    {
        std::lock_guard lock(m_mutex);
        m_pending = RunSnapshot{};
        m_pending.state = QStringLiteral("running");
        m_tasks.clear();
        m_workloadBytes.clear();
        m_changedTasks.clear();
        m_changed = true;
        m_finishError.clear();
    }
    m_summary.reset();
    m_updates = 0;
    m_previousPublish = 0;
    m_previousWorkloadBytes.clear();
    m_done = false;
    m_run = std::move(run);
    m_started = std::chrono::steady_clock::now();
    m_subscription = m_run->events().subscribe([this](const engine::RunEvent& e) { absorb(e); });
    m_thread = std::thread([this] {
        auto result = m_run->execute();
        // Deliver what is still queued before the UI learns that the run is over.
        m_run->events().unsubscribe(m_subscription);
        std::lock_guard lock(m_mutex);
        if (result) {
            m_summary = std::move(result.value());
            m_pending.state = QString::fromStdString(m_summary->state);
        } else {
            m_finishError = QString::fromStdString(result.error().message);
            m_pending.state = QStringLiteral("failed");
        }
        m_changed = true;
        m_done = true;
    });
    m_timer.start();
    return true;
}

void EngineBridge::pause() {
    if (m_run && !m_done)
        m_run->pause();
}

void EngineBridge::resume() {
    if (m_run && !m_done)
        m_run->resume();
}

void EngineBridge::cancel() {
    if (m_run && !m_done)
        m_run->cancel();
}

void EngineBridge::setBandwidthLimit(std::uint64_t bytesPerSecond) {
    if (m_run && !m_done)
        m_run->setBandwidthLimit(bytesPerSecond);
}

void EngineBridge::setParallel(int parallel) {
    if (m_run && !m_done)
        m_run->setParallel(parallel);
}

QString EngineBridge::stateText(const QString& state) {
    static const std::map<QString, const char*> names = {
        {"running", QT_TR_NOOP("running")},   {"paused", QT_TR_NOOP("paused")},
        {"finished", QT_TR_NOOP("finished")}, {"cancelled", QT_TR_NOOP("cancelled")},
        {"failed", QT_TR_NOOP("failed")},     {"started", QT_TR_NOOP("started")},
        {"queued", QT_TR_NOOP("queued")},     {"copying", QT_TR_NOOP("copying")},
        {"written", QT_TR_NOOP("written")},   {"verified", QT_TR_NOOP("verified")},
        {"skipped", QT_TR_NOOP("skipped")},   {"listed", QT_TR_NOOP("listed")},
        {"done", QT_TR_NOOP("done")},         {"cleaned", QT_TR_NOOP("cleaned")},
        {"dry-run", QT_TR_NOOP("dry run")}};
    const auto it = names.find(state);
    return it == names.end() ? state : tr(it->second);
}

void EngineBridge::absorb(const engine::RunEvent& e) {
    std::lock_guard lock(m_mutex);
    m_changed = true;
    RunSnapshot& s = m_pending;
    if (s.runId.isEmpty())
        s.runId = QString::fromStdString(e.runId);
    const double t =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - m_started).count();
    const QString stamp = QDateTime::fromMSecsSinceEpoch(e.timeNs / 1000000).toString("HH:mm:ss");
    switch (e.type) {
    case engine::RunEventType::RunState:
        s.state = QString::fromStdString(e.state);
        s.logLines.push_back(stamp + QLatin1Char(' ') + tr("run %1").arg(stateText(s.state)));
        break;
    case engine::RunEventType::WaveState: {
        WaveProgress& w = s.waves[e.wave];
        w.wave = e.wave;
        w.state = QString::fromStdString(e.state);
        s.logLines.push_back(stamp + QLatin1Char(' ') +
                             tr("wave %1 %2").arg(e.wave).arg(stateText(w.state)));
        break;
    }
    case engine::RunEventType::PairState:
        if (!e.message.empty() || e.state == "skipped") {
            // The engine's message often starts with the state ("skipped: ..."): say it once.
            const QString state = QString::fromStdString(e.state);
            QString message = QString::fromStdString(e.message);
            if (message.startsWith(state))
                message =
                    message.mid(state.size())
                        .remove(0, message.mid(state.size()).startsWith(QLatin1Char(':')) ? 1 : 0)
                        .trimmed();
            s.logLines.push_back(
                stamp + QLatin1Char(' ') +
                tr("%1: %2 %3").arg(QString::fromStdString(e.workload), state, message));
        }
        break;
    case engine::RunEventType::TaskState:
    case engine::RunEventType::Progress: {
        auto [it, added] = m_tasks.try_emplace(e.taskId);
        TaskRow& row = it->second;
        const QString workload = QString::fromStdString(e.workload);
        if (added) {
            row.taskId = e.taskId;
            row.wave = e.wave;
            row.workload = workload;
            row.key = QString::fromStdString(e.key);
            s.waves[e.wave].wave = e.wave;
            s.waves[e.wave].objectsSeen++;
        }
        row.rows = row.rows || e.rows;
        if (e.total > row.total) {
            m_workloadBytes[workload].second += e.total - row.total;
            row.total = e.total;
        }
        if (e.bytes > row.bytes || e.type == engine::RunEventType::TaskState) {
            const std::uint64_t before = row.bytes;
            // A verified object is complete, whatever its byte count says (a transformed
            // object's output differs in size from its source).
            const bool complete =
                e.type == engine::RunEventType::TaskState && e.state == "verified";
            const std::uint64_t now =
                complete ? std::max(row.total, e.bytes) : std::max(row.bytes, e.bytes);
            m_workloadBytes[workload].first += now - before;
            s.waves[e.wave].bytesDone += now - before;
            row.bytes = now;
        }
        if (e.type == engine::RunEventType::TaskState) {
            const bool wasEnd = endState(row.state.toStdString());
            row.state = QString::fromStdString(e.state);
            if (e.state == "copying")
                row.attempts++;
            if (!wasEnd && endState(e.state))
                s.waves[e.wave].objectsDone++;
            if (e.state == "failed") {
                row.error = QString::fromStdString(e.message);
                s.workloadFailed[workload] = true;
            }
            // A transformed object: one line saying what its transforms did (engine text, as
            // the other engine messages of the log, so nothing new to translate).
            if (e.state == "verified" && !e.message.empty())
                s.logLines.push_back(stamp + QLatin1Char(' ') + workload + QStringLiteral(": ") +
                                     QString::fromStdString(e.message));
        }
        m_changedTasks.insert(e.taskId); // the row goes out with the next snapshot
        break;
    }
    case engine::RunEventType::Throughput:
        s.bytesDone = e.bytes;
        s.bytesTotal = e.total;
        s.bytesPerSecond = e.bytesPerSecond;
        s.objectsDone = e.objectsDone;
        s.objectsTotal = e.objectsTotal;
        s.etaSeconds = e.etaSeconds;
        s.samples.emplace_back(t, e.bytesPerSecond, e.bytes);
        break;
    case engine::RunEventType::Error:
        s.errors++;
        if (e.taskId != 0) {
            auto it = m_tasks.find(e.taskId);
            if (it != m_tasks.end()) {
                it->second.error = QString::fromStdString(e.message);
                m_changedTasks.insert(e.taskId);
            }
        }
        s.logLines.push_back(stamp + QLatin1Char(' ') +
                             tr("error %1 %2: %3")
                                 .arg(QString::fromStdString(e.code), QString::fromStdString(e.key),
                                      QString::fromStdString(e.message)));
        break;
    case engine::RunEventType::Dropped:
        s.logLines.push_back(stamp + QLatin1Char(' ') +
                             tr("%n event(s) were dropped because the view fell behind", "",
                                static_cast<int>(e.count)));
        break;
    }
}

void EngineBridge::publish() {
    RunSnapshot snapshot;
    bool done = false;
    QString error;
    {
        std::lock_guard lock(m_mutex);
        done = m_done;
        error = m_finishError;
        if (!m_changed && !done)
            return;
        snapshot = m_pending;
        for (std::int64_t id : m_changedTasks)
            snapshot.changedTasks.push_back(m_tasks[id]);
        // What is sent once is not sent again.
        m_changedTasks.clear();
        m_pending.samples.clear();
        m_pending.logLines.clear();
        m_changed = false;
        for (const auto& [workload, bytes] : m_workloadBytes) {
            snapshot.workloadProgress[workload] =
                bytes.second > 0 ? static_cast<double>(bytes.first) / bytes.second : 0.0;
            snapshot.workloadBytesDone[workload] = bytes.first;
        }
    }
    snapshot.elapsedSeconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - m_started).count();
    // Per-workload rate: bytes since the previous snapshot over the time since then.
    const double dt = snapshot.elapsedSeconds - m_previousPublish;
    for (const auto& [workload, done] : snapshot.workloadBytesDone) {
        const std::uint64_t before = m_previousWorkloadBytes[workload];
        snapshot.workloadRate[workload] = dt > 0 && done >= before ? (done - before) / dt : 0.0;
        m_previousWorkloadBytes[workload] = done;
    }
    m_previousPublish = snapshot.elapsedSeconds;
    ++m_updates;
    emit updated(snapshot);
    if (done) {
        m_timer.stop();
        if (m_thread.joinable())
            m_thread.join();
        emit finished(snapshot.state, error);
    }
}

} // namespace ferry::ui
