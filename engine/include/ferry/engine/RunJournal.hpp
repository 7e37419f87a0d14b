#pragma once

#include <ferry/model/Result.hpp>

#include <nlohmann/json.hpp>

#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

struct sqlite3;

namespace ferry::engine {

/// Where one object is in a run. Verified and Skipped are final; Failed can be retried by resume.
enum class TaskState { Queued, Copying, Written, Verified, Failed, Skipped };

/// Stable spelling: "queued", "copying", "written", "verified", "failed", "skipped".
std::string_view toString(TaskState state);
/// Parse the stable spelling; nullopt when unknown.
std::optional<TaskState> taskStateFromString(std::string_view text);

/// The run a journal records.
struct JournalRun {
    std::string runId;          ///< e.g. "run-20270104-093000-1a2b".
    std::int64_t createdNs = 0; ///< When the run was created.
    std::string state;      ///< "created", "running", "paused", "cancelled", "finished", "failed".
    nlohmann::json options; ///< The run's options (parallel, checksum, bandwidth...).
    std::string project;    ///< Project file the pairs came from, "" for an ad-hoc copy.
};

/// One source/target pair of a run.
struct JournalPair {
    std::int64_t id = 0;  ///< Row id.
    std::string source;   ///< Source URI as written (may hold ${project_dir}).
    std::string target;   ///< Target URI as written.
    std::string workload; ///< Workload id, "" for an ad-hoc copy.
    int wave = 1;         ///< Wave number, 1-based.
    std::string state;    ///< "pending" (not listed yet), "listed", "done", "skipped", "failed".
    std::string note;     ///< Why it was skipped or failed.
    /// The transforms applied to its objects (a mapping's "transforms"), so a resume applies
    /// the same ones; an empty array in journals written before transforms existed.
    nlohmann::json transforms = nlohmann::json::array();
};

/// One object of a pair.
struct JournalTask {
    std::int64_t id = 0;                 ///< Row id.
    std::int64_t pairId = 0;             ///< Its pair.
    std::string key;                     ///< Object key.
    std::uint64_t size = 0;              ///< Source size when listed.
    std::int64_t mtimeNs = 0;            ///< Source modification time when listed.
    TaskState state = TaskState::Queued; ///< Where it is.
    int attempts = 0;                    ///< Copy attempts started.
    std::uint64_t bytesDone = 0;         ///< Bytes durable at the target (last checkpoint).
    std::string resumeToken;             ///< Writer's resume token at the last checkpoint.
    std::string sourceHash;              ///< SHA-256 of the source, once known.
    std::string error;                   ///< Last error or skip reason.
    std::string transformReport;         ///< What its transforms did (JSON text), "" when none ran.
};

/// One recorded change: of a task (taskId != 0), of a pair (pairId != 0) or of the run.
struct JournalChange {
    std::int64_t taskId = 0; ///< Task, or 0.
    std::int64_t pairId = 0; ///< Pair, or 0.
    std::int64_t timeNs = 0; ///< When.
    std::string state;       ///< New state, or "checkpoint".
    std::uint64_t bytes = 0; ///< Bytes done at that moment (the offset a copy starts from).
    std::string note;        ///< Error or detail.
};

/// A task to add when a pair is listed.
struct NewTask {
    std::string key;                     ///< Object key.
    std::uint64_t size = 0;              ///< Source size.
    std::int64_t mtimeNs = 0;            ///< Source mtime.
    TaskState state = TaskState::Queued; ///< Queued, or Skipped when identical.
    std::string note;                    ///< Skip reason or error.
    std::string sourceHash;              ///< Known source hash (checksum mode), or "".
};

/// The crash-safe record of a run in an SQLite file (WAL): pairs, tasks and every state change.
/// Hot-path changes are queued and committed in small batches by a thread of its own, in order,
/// so a kill -9 can lose only the last few changes and never records work that was not done.
class RunJournal {
public:
    /// Create a new journal file (refused when the file exists), with its parent folders and
    /// the run's pairs: the file appears complete or not at all.
    static model::Result<std::unique_ptr<RunJournal>>
    create(const std::filesystem::path& path, const std::string& runId,
           const nlohmann::json& options, const std::string& project = {},
           const std::vector<JournalPair>& pairs = {});
    /// Open an existing journal; readOnly opens it without changing anything.
    static model::Result<std::unique_ptr<RunJournal>> open(const std::filesystem::path& path,
                                                           bool readOnly = false);
    /// A fresh run id: "run-YYYYMMDD-HHMMSS-xxxx" (UTC, 4 random hex digits).
    static std::string newRunId();
    /// Commits what is queued and closes the file.
    ~RunJournal();
    RunJournal(const RunJournal&) = delete;
    RunJournal& operator=(const RunJournal&) = delete;

    /// The file.
    const std::filesystem::path& path() const { return m_path; }
    /// The run's id, state, options and project.
    model::Result<JournalRun> run() const;
    /// Record a new run state ("running", "paused", "cancelled", "finished", "failed").
    model::Result<void> setRunState(const std::string& state, const std::string& note = {});
    /// Replace the stored options (e.g. after a resume changed the bandwidth limit).
    model::Result<void> setOptions(const nlohmann::json& options);

    /// Add a pair (state "pending", or "skipped" with a note); returns its id.
    model::Result<std::int64_t> addPair(const JournalPair& pair);
    /// Record a pair's new state.
    model::Result<void> setPairState(std::int64_t pairId, const std::string& state,
                                     const std::string& note = {});
    /// Store a pair's listing in one transaction: drops tasks an interrupted listing left, adds
    /// these and marks the pair "listed". Returns the new tasks' ids in the same order.
    model::Result<std::vector<std::int64_t>> addTasks(std::int64_t pairId,
                                                      const std::vector<NewTask>& tasks);

    /// Queue a task's state change; bytes is the offset or the bytes done, note the error.
    /// Copying counts an attempt. Committed within about 50 ms.
    void recordState(std::int64_t taskId, TaskState state, std::uint64_t bytes,
                     const std::string& note = {});
    /// Queue a checkpoint: bytes now durable at the target and the writer's resume token.
    void recordCheckpoint(std::int64_t taskId, std::uint64_t bytes, const std::string& token);
    /// Queue the source's SHA-256 of a task.
    void recordSourceHash(std::int64_t taskId, const std::string& hash);
    /// Queue the report of the transforms a task's object went through (TransformChain).
    void recordTransformReport(std::int64_t taskId, const nlohmann::json& report);
    /// Commit everything queued now; returns the first error a background commit met.
    model::Result<void> flush();

    /// Every pair, by wave then id.
    model::Result<std::vector<JournalPair>> pairs() const;
    /// Every task (of one pair when pairId != 0), by id. Commits queued changes first.
    model::Result<std::vector<JournalTask>> tasks(std::int64_t pairId = 0);
    /// Recorded changes (of one task when taskId != 0), oldest first. Commits queued changes first.
    model::Result<std::vector<JournalChange>> history(std::int64_t taskId = 0);

private:
    struct Pending {
        enum class Kind { State, Checkpoint, Hash, Report } kind;
        std::int64_t taskId;
        TaskState state;
        std::uint64_t bytes;
        std::string text;
        std::int64_t timeNs;
    };

    RunJournal(std::filesystem::path path, sqlite3* db, bool readOnly);
    model::Result<void> exec(const char* sql) const;
    model::Result<void> commitPending(std::vector<Pending>& batch);
    void flushLoop(std::stop_token stop);
    void enqueue(Pending change);
    model::Error sqlError(const std::string& action) const;

    std::filesystem::path m_path;
    sqlite3* m_db = nullptr;
    bool m_readOnly = false;
    int m_schemaVersion = 2;      // 1: written before transforms, opened read-only
    mutable std::mutex m_dbMutex; // one statement at a time on the connection
    std::mutex m_pendingMutex;
    std::condition_variable_any m_pendingReady;
    std::vector<Pending> m_pending;
    std::optional<model::Error> m_backgroundError;
    std::jthread m_flusher;
};

} // namespace ferry::engine
