#pragma once

#include <ferry/engine/BandwidthLimiter.hpp>
#include <ferry/engine/BufferPool.hpp>
#include <ferry/engine/ConnectorRegistry.hpp>
#include <ferry/engine/RunEvents.hpp>
#include <ferry/engine/RunJournal.hpp>
#include <ferry/engine/RunPlan.hpp>

#include <nlohmann/json.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <set>
#include <span>
#include <stop_token>
#include <string>
#include <vector>

namespace ferry::engine {

/// How a written object is checked.
enum class VerifyMode {
    Auto, ///< The target's own SHA-256 when it declares one (Capabilities::hashes), else read back.
    ReadBack ///< Always read the target back and hash it.
};

/// How a run copies.
struct RunOptions {
    int parallel = 4; ///< Objects streaming at once (one pool buffer each); more may be committing.
    bool checksum = false;                ///< Diff by content hash instead of size + mtime.
    std::uint64_t bandwidthLimit = 0;     ///< Bytes per second over all workers, 0 = unlimited.
    bool dryRun = false;                  ///< List and diff only; nothing is written, no journal.
    VerifyMode verify = VerifyMode::Auto; ///< How written objects are checked (always checked).
    std::size_t bufferSize = 1 << 20;     ///< Bytes of one pool buffer.
    int maxAttempts = 4;                  ///< Copy attempts per object on retryable errors.
    std::chrono::milliseconds retryDelay{250};    ///< First backoff; doubles per attempt, max 10 s.
    std::uint64_t checkpointBytes = 128ull << 20; ///< Checkpoint a write every this many bytes,
    std::chrono::milliseconds checkpointInterval{10000}; ///< or after this long, when sooner.
    std::int64_t mtimeToleranceNs = 1'000'000; ///< Mtimes closer than this count as equal.
    std::string projectDir;                    ///< Expands ${project_dir} in pair URIs.
    std::size_t tableChunkRows = 50'000; ///< Rows per chunk of a table copy (one journal entry).

    /// The options as JSON (kept in the journal so resume runs the same way).
    nlohmann::json toJson() const;
    /// Read options written by toJson; missing keys keep their defaults.
    static RunOptions fromJson(const nlohmann::json& json);
};

/// What a run needs from outside.
struct RunContext {
    const ConnectorRegistry* registry = nullptr;     ///< Opens the pairs' URIs (required).
    std::filesystem::path journalPath;               ///< Journal to create (not for dry runs).
    std::string runId;                               ///< Id of a new run ("" = a fresh one).
    std::string project;                             ///< Project file the pairs came from, or "".
    const model::ProjectData* projectData = nullptr; ///< For dry-run estimates, or null.
    const model::PricingCatalog* catalog = nullptr;  ///< For dry-run egress estimates, or null.
};

/// An object that failed, with the reason.
struct RunFailure {
    std::string workload; ///< Workload id ("" for ad-hoc).
    std::string key;      ///< Object key.
    std::string code;     ///< Error code.
    std::string message;  ///< What happened and what to do.
};

/// What happened to one pair.
struct PairOutcome {
    RunPair pair;              ///< The pair.
    std::string state;         ///< "done", "failed", "skipped", "cancelled", "listed" (dry run).
    std::string note;          ///< Skip reason or error.
    std::uint64_t objects = 0; ///< Objects at the source.
    std::uint64_t toCopy = 0;  ///< Objects that differ (dry run) or were copied.
    std::uint64_t bytesToCopy = 0; ///< Their bytes.
    TransferEstimate estimate;     ///< Dry run: time and egress for bytesToCopy.
};

/// An object a dry run would copy.
struct PlannedCopy {
    std::string workload;   ///< Workload id ("" for ad-hoc).
    std::string key;        ///< Object key.
    std::uint64_t size = 0; ///< Bytes.
    std::string reason;     ///< "missing at the target", "size differs", "mtime differs", ...
};

/// The outcome of a run (or of a dry run).
struct RunSummary {
    std::string runId;                 ///< The run ("" for a dry run).
    std::string state;                 ///< "finished", "failed", "cancelled" or "dry-run".
    std::filesystem::path journal;     ///< The journal ("" for a dry run).
    bool dryRun = false;               ///< Nothing was written.
    std::uint64_t objectsTotal = 0;    ///< Objects of all pairs.
    std::uint64_t objectsVerified = 0; ///< Copied and verified (in this or an earlier session).
    std::uint64_t objectsSkipped = 0;  ///< Already identical at the target.
    std::uint64_t objectsFailed = 0;   ///< Failed.
    std::uint64_t objectsPending = 0;  ///< Not finished (cancelled run).
    std::uint64_t bytesTotal = 0;      ///< Bytes of objects to copy (not the skipped ones).
    std::uint64_t bytesCopied = 0;     ///< Bytes moved in this session.
    double seconds = 0;                ///< Wall time of this session.
    std::size_t peakBuffers = 0;       ///< Most pool buffers in use at once.
    std::size_t bufferSize = 0;        ///< Bytes of one pool buffer.
    std::vector<RunFailure> failures;  ///< Every failed object.
    std::vector<PairOutcome> pairs;    ///< Per pair.
    std::vector<PlannedCopy> planned;  ///< Dry run: what would be copied.
    TransferEstimate estimate;         ///< Dry run: totals over pairs (-1 when any is unknown).

    /// The summary as JSON (for --json).
    nlohmann::json toJson() const;
};

/// Copies pairs of connectors: lists and diffs both sides, copies what differs on a worker pool
/// with bounded buffers, hashes while streaming, verifies every object, and records every state
/// change in a RunJournal so that fromJournal() can finish the job after a crash.
class Run {
public:
    /// A new run of pairs (in wave order); creates its journal unless options.dryRun.
    static model::Result<std::unique_ptr<Run>>
    create(std::vector<RunPair> pairs, RunOptions options, const RunContext& context);
    /// Continue the run a journal records; overrides (parallel, bandwidth) replace stored ones.
    static model::Result<std::unique_ptr<Run>>
    fromJournal(const std::filesystem::path& journal, const RunContext& context,
                const std::optional<RunOptions>& overrides = std::nullopt);
    ~Run();
    Run(const Run&) = delete;
    Run& operator=(const Run&) = delete;

    /// Do the work; blocks until everything is done, failed or cancelled. Call once.
    model::Result<RunSummary> execute();

    /// Stop taking bytes; workers hold their place (mid-object) until resume() or cancel().
    void pause();
    /// Continue after pause().
    void resume();
    /// Stop cooperatively: workers checkpoint and return within a second; the journal keeps the
    /// place for fromJournal().
    void cancel();
    /// True while paused.
    bool paused() const { return m_paused.load(); }
    /// Change the bandwidth limit (bytes/s, 0 = unlimited) while running.
    void setBandwidthLimit(std::uint64_t bytesPerSecond);
    /// Change how many objects stream at once (1 to 256) while running: more start at once,
    /// fewer take effect as objects in flight finish (none is interrupted).
    void setParallel(int parallel);
    /// Objects streaming at once now.
    int parallel() const { return m_parallel.load(); }

    /// The run's event stream; subscribe before execute() to see everything.
    RunEventStream& events() { return m_events; }
    /// The run's buffer pool (for checking peak memory).
    const BufferPool& buffers() const { return *m_pool; }
    /// The run id ("" for a dry run).
    const std::string& runId() const { return m_runId; }
    /// The journal file ("" for a dry run).
    std::filesystem::path journalPath() const;

private:
    struct PairRuntime;
    struct TaskWork;
    Run(RunOptions options, const RunContext& context);

    model::Result<void> listPair(PairRuntime& pair, RunSummary* dryRun);
    model::Result<void> listTablePair(PairRuntime& pair, RunSummary* dryRun);
    model::Result<void> recordListing(PairRuntime& pair, const std::vector<NewTask>& tasks);
    model::Result<void> copyTableOnce(TaskWork& task, bool& cancelled);
    model::Result<void> finishTablePair(PairRuntime& pair, const std::set<std::string>& tables);
    void runWave(std::vector<TaskWork>& work);
    void cleanUpTarget(PairRuntime& pair, std::chrono::steady_clock::time_point sessionStart);
    void workerLoop(std::vector<TaskWork>& work, std::atomic<std::size_t>& next);
    void runTask(TaskWork& task);
    model::Result<void> copyOnce(TaskWork& task, bool& cancelled);
    model::Result<void> copyTransformed(TaskWork& task, bool& cancelled);
    model::Result<void> verifyObject(TaskWork& task, const std::string& key,
                                     const std::string& expectedHash, std::uint64_t expectedSize,
                                     const ObjectInfo& committed, bool& cancelled,
                                     bool transformed = false);
    model::Result<std::string> zstdLogicalHash(Connector& connector, const std::string& key,
                                               bool& cancelled);
    model::Result<std::string> hashRange(Connector& connector, const std::string& key,
                                         std::uint64_t length, bool& cancelled,
                                         std::uint64_t* bytesRead = nullptr);
    bool waitWhilePaused();
    bool sleepFor(std::chrono::milliseconds delay);
    void publishTask(const TaskWork& task, TaskState state, std::uint64_t bytes,
                     const std::string& code = {}, const std::string& message = {});
    void publishProgress(const TaskWork& task, std::uint64_t done);
    model::Result<bool> writeLimited(ObjectWriter& writer, std::span<const std::byte> data,
                                     const std::function<void(std::size_t)>& written);
    void sampleLoop(std::stop_token stop);

    RunOptions m_options;
    RunContext m_context;
    std::string m_runId;
    std::unique_ptr<RunJournal> m_journal;
    std::vector<std::unique_ptr<PairRuntime>> m_pairs;
    std::unique_ptr<BufferPool> m_pool;
    BandwidthLimiter m_limiter;
    RunEventStream m_events;
    std::stop_source m_stop;
    std::atomic<bool> m_paused{false};
    std::atomic<int> m_parallel{4};
    std::mutex m_workersMutex;
    std::condition_variable m_workersChanged; // parallelism changed or a worker ended
    std::mutex m_pauseMutex;
    std::condition_variable_any m_pauseChanged;
    std::atomic<std::uint64_t> m_bytesDone{0};  // toward bytesTotal, incl. earlier sessions
    std::atomic<std::uint64_t> m_bytesMoved{0}; // written in this session
    std::atomic<std::uint64_t> m_bytesTotal{0};
    std::atomic<std::uint64_t> m_objectsDone{0};
    std::atomic<std::uint64_t> m_objectsTotal{0};
    std::mutex m_failureMutex;
    std::vector<RunFailure> m_failures;
    bool m_executed = false;
};

/// Whether an error is worth retrying (I/O hiccups, network, throttling, a failed verification)
/// rather than permanent (a refused key, a missing object, no permission, a full disk).
bool isRetryable(const model::Error& error);

} // namespace ferry::engine
