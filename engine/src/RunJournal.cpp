#include <ferry/engine/RunJournal.hpp>

#include <sqlite3.h>

#include <fcntl.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <ctime>
#include <random>

namespace ferry::engine {
namespace {

namespace fs = std::filesystem;
using model::Error;
using model::Result;

// Version 2 added pairs.transforms and tasks.transform_report; version 1 journals are upgraded
// when opened for writing and read as they are when opened read-only.
constexpr int kSchemaVersion = 2;
constexpr std::size_t kBatchWakeup = 2048; // commit early when this many changes wait

constexpr const char* kSchema = R"SQL(
CREATE TABLE run (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    run_id TEXT NOT NULL,
    created_ns INTEGER NOT NULL,
    state TEXT NOT NULL,
    options TEXT NOT NULL,
    project TEXT NOT NULL
);
CREATE TABLE pairs (
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL,
    target TEXT NOT NULL,
    workload TEXT NOT NULL,
    wave INTEGER NOT NULL,
    state TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    transforms TEXT NOT NULL DEFAULT '[]'
);
CREATE TABLE tasks (
    id INTEGER PRIMARY KEY,
    pair INTEGER NOT NULL REFERENCES pairs(id),
    key TEXT NOT NULL,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    state TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    bytes_done INTEGER NOT NULL DEFAULT 0,
    resume_token TEXT NOT NULL DEFAULT '',
    source_hash TEXT NOT NULL DEFAULT '',
    error TEXT NOT NULL DEFAULT '',
    transform_report TEXT NOT NULL DEFAULT '',
    UNIQUE (pair, key)
);
CREATE TABLE history (
    id INTEGER PRIMARY KEY,
    task INTEGER NOT NULL DEFAULT 0,
    pair INTEGER NOT NULL DEFAULT 0,
    time_ns INTEGER NOT NULL,
    state TEXT NOT NULL,
    bytes INTEGER NOT NULL DEFAULT 0,
    note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX history_task ON history(task);
)SQL";

std::int64_t nowNs() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

/// A prepared statement, finalized on scope exit.
class Statement {
public:
    Statement(sqlite3* db, const char* sql) {
        m_rc = sqlite3_prepare_v2(db, sql, -1, &m_stmt, nullptr);
    }
    ~Statement() { sqlite3_finalize(m_stmt); }
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    bool ok() const { return m_rc == SQLITE_OK; }
    sqlite3_stmt* get() const { return m_stmt; }
    Statement& bind(int index, std::int64_t value) {
        sqlite3_bind_int64(m_stmt, index, value);
        return *this;
    }
    Statement& bind(int index, const std::string& value) {
        // SQLite stores a zero-length text as NULL; bind the empty literal instead.
        if (value.empty())
            sqlite3_bind_text(m_stmt, index, "", 0, SQLITE_STATIC);
        else
            sqlite3_bind_text(m_stmt, index, value.data(), static_cast<int>(value.size()),
                              SQLITE_TRANSIENT);
        return *this;
    }
    int step() { return sqlite3_step(m_stmt); }
    void reset() {
        sqlite3_reset(m_stmt);
        sqlite3_clear_bindings(m_stmt);
    }
    std::int64_t integer(int column) const { return sqlite3_column_int64(m_stmt, column); }
    std::string text(int column) const {
        const auto* p = sqlite3_column_text(m_stmt, column);
        return p ? std::string(reinterpret_cast<const char*>(p),
                               static_cast<std::size_t>(sqlite3_column_bytes(m_stmt, column)))
                 : std::string();
    }

private:
    sqlite3_stmt* m_stmt = nullptr;
    int m_rc = SQLITE_ERROR;
};

std::string transformsText(const nlohmann::json& transforms) {
    return transforms.is_array() ? transforms.dump() : std::string("[]");
}

} // namespace

std::string_view toString(TaskState state) {
    switch (state) {
    case TaskState::Queued:
        return "queued";
    case TaskState::Copying:
        return "copying";
    case TaskState::Written:
        return "written";
    case TaskState::Verified:
        return "verified";
    case TaskState::Failed:
        return "failed";
    case TaskState::Skipped:
        return "skipped";
    }
    return "queued";
}

std::optional<TaskState> taskStateFromString(std::string_view text) {
    for (TaskState s : {TaskState::Queued, TaskState::Copying, TaskState::Written,
                        TaskState::Verified, TaskState::Failed, TaskState::Skipped})
        if (toString(s) == text)
            return s;
    return std::nullopt;
}

RunJournal::RunJournal(fs::path path, sqlite3* db, bool readOnly)
    : m_path(std::move(path)), m_db(db), m_readOnly(readOnly) {
    if (!m_readOnly)
        m_flusher = std::jthread([this](std::stop_token stop) { flushLoop(stop); });
}

RunJournal::~RunJournal() {
    if (m_flusher.joinable()) {
        m_flusher.request_stop();
        m_pendingReady.notify_all();
        m_flusher.join();
    }
    if (!m_readOnly)
        (void)flush();
    sqlite3_close_v2(m_db);
}

Error RunJournal::sqlError(const std::string& action) const {
    return Error{"journal.sqlite",
                 "Could not " + action + " in the run journal: " + sqlite3_errmsg(m_db) +
                     "; check the disk and the file, then resume.",
                 m_path.string()};
}

Result<void> RunJournal::exec(const char* sql) const {
    char* message = nullptr;
    if (sqlite3_exec(m_db, sql, nullptr, nullptr, &message) != SQLITE_OK) {
        Error e{"journal.sqlite",
                std::string("The run journal refused a change: ") + (message ? message : "?") +
                    "; check the disk and the file, then resume.",
                m_path.string()};
        sqlite3_free(message);
        return e;
    }
    return model::success();
}

std::string RunJournal::newRunId() {
    const std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    char stamp[32];
    std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &utc);
    std::random_device device;
    static constexpr char kHex[] = "0123456789abcdef";
    std::string suffix;
    const auto value = device();
    for (int i = 0; i < 4; ++i)
        suffix.push_back(kHex[(value >> (4 * i)) & 15]);
    return std::string("run-") + stamp + "-" + suffix;
}

Result<std::unique_ptr<RunJournal>>
RunJournal::create(const fs::path& path, const std::string& runId, const nlohmann::json& options,
                   const std::string& project, const std::vector<JournalPair>& pairs) {
    std::error_code ec;
    if (fs::exists(path, ec))
        return Error{"journal.exists",
                     "A run journal already exists here; resume it with 'ferry-cli resume' or "
                     "choose another journal path.",
                     path.string()};
    if (path.has_parent_path()) {
        fs::create_directories(path.parent_path(), ec);
        if (ec)
            return Error{"journal.create",
                         "Could not create the folder for the run journal: " + ec.message() + ".",
                         path.parent_path().string()};
    }
    // Built under a temporary name and renamed into place once complete, so a crash never
    // leaves a journal without its schema.
    const fs::path building = path.string() + ".new";
    fs::remove(building, ec);
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(building.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                        nullptr) != SQLITE_OK) {
        Error e{"journal.create",
                std::string("Could not create the run journal: ") +
                    (db ? sqlite3_errmsg(db) : "out of memory") + ".",
                path.string()};
        sqlite3_close_v2(db);
        return e;
    }
    {
        std::unique_ptr<RunJournal> draft(new RunJournal(building, db, true));
        for (const char* sql : {"PRAGMA synchronous=FULL", "BEGIN IMMEDIATE", kSchema})
            if (auto ok = draft->exec(sql); !ok)
                return ok.error();
        Statement insert(db, "INSERT INTO run (id, run_id, created_ns, state, options, project) "
                             "VALUES (1, ?, ?, 'created', ?, ?)");
        insert.bind(1, runId).bind(2, nowNs()).bind(3, options.dump()).bind(4, project);
        if (insert.step() != SQLITE_DONE)
            return draft->sqlError("record the run");
        Statement pair(db, "INSERT INTO pairs (source, target, workload, wave, state, note, "
                           "transforms) VALUES (?, ?, ?, ?, ?, ?, ?)");
        for (const auto& p : pairs) {
            pair.reset();
            pair.bind(1, p.source)
                .bind(2, p.target)
                .bind(3, p.workload)
                .bind(4, p.wave)
                .bind(5, p.state.empty() ? std::string("pending") : p.state)
                .bind(6, p.note)
                .bind(7, transformsText(p.transforms));
            if (pair.step() != SQLITE_DONE)
                return draft->sqlError("record a pair");
        }
        const std::string version = "PRAGMA user_version=" + std::to_string(kSchemaVersion);
        if (auto ok = draft->exec(version.c_str()); !ok)
            return ok.error();
        if (auto ok = draft->exec("COMMIT"); !ok)
            return ok.error();
    } // closes the draft
    fs::rename(building, path, ec);
    if (ec)
        return Error{"journal.create",
                     "Could not put the new run journal in place: " + ec.message() + ".",
                     path.string()};
    // The new name must survive a power cut too.
    if (const int dir = ::open(path.has_parent_path() ? path.parent_path().c_str() : ".",
                               O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        dir >= 0) {
        (void)::fsync(dir);
        ::close(dir);
    }
    return open(path);
}

Result<std::unique_ptr<RunJournal>> RunJournal::open(const fs::path& path, bool readOnly) {
    std::error_code ec;
    if (!fs::is_regular_file(path, ec))
        return Error{"journal.not_found",
                     "There is no run journal here; give the path 'ferry-cli copy' or 'run' "
                     "printed (default: <project>.runs/<run id>.journal).",
                     path.string()};
    sqlite3* db = nullptr;
    // Read-only still opens read-write at the SQLite level when it may, so the WAL a killed run
    // left can be recovered and read; nothing is written through it.
    int rc =
        sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK && readOnly) {
        sqlite3_close_v2(db);
        db = nullptr;
        rc =
            sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr);
    }
    if (rc != SQLITE_OK) {
        Error e{"journal.open",
                std::string("Could not open the run journal: ") +
                    (db ? sqlite3_errmsg(db) : "out of memory") + ".",
                path.string()};
        sqlite3_close_v2(db);
        return e;
    }
    std::unique_ptr<RunJournal> journal(new RunJournal(path, db, readOnly));
    (void)journal->exec("PRAGMA busy_timeout=5000");
    {
        Statement version(db, "PRAGMA user_version");
        const std::int64_t found =
            version.ok() && version.step() == SQLITE_ROW ? version.integer(0) : 0;
        const bool known = found == 1 || found == kSchemaVersion;
        journal->m_schemaVersion = static_cast<int>(found);
        Statement probe(db, "SELECT run_id FROM run WHERE id = 1");
        if (!known || !probe.ok() || probe.step() != SQLITE_ROW)
            return Error{"journal.format",
                         "This file is not a Ferry run journal (or one from a newer Ferry); give "
                         "the journal a run wrote.",
                         path.string()};
    }
    if (!readOnly)
        for (const char* sql : {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL"})
            if (auto ok = journal->exec(sql); !ok)
                return ok.error();
    if (!readOnly && journal->m_schemaVersion == 1) {
        // A journal from before transforms: add their columns, all in one transaction.
        for (const char* sql :
             {"BEGIN IMMEDIATE",
              "ALTER TABLE pairs ADD COLUMN transforms TEXT NOT NULL DEFAULT '[]'",
              "ALTER TABLE tasks ADD COLUMN transform_report TEXT NOT NULL DEFAULT ''",
              "PRAGMA user_version=2", "COMMIT"})
            if (auto ok = journal->exec(sql); !ok) {
                (void)journal->exec("ROLLBACK");
                return ok.error();
            }
        journal->m_schemaVersion = kSchemaVersion;
    }
    return journal;
}

Result<JournalRun> RunJournal::run() const {
    std::lock_guard lock(m_dbMutex);
    Statement q(m_db, "SELECT run_id, created_ns, state, options, project FROM run WHERE id = 1");
    if (!q.ok() || q.step() != SQLITE_ROW)
        return sqlError("read the run");
    JournalRun run;
    run.runId = q.text(0);
    run.createdNs = q.integer(1);
    run.state = q.text(2);
    run.options = nlohmann::json::parse(q.text(3), nullptr, false);
    if (run.options.is_discarded())
        run.options = nlohmann::json::object();
    run.project = q.text(4);
    return run;
}

Result<void> RunJournal::setRunState(const std::string& state, const std::string& note) {
    if (auto ok = flush(); !ok)
        return ok;
    std::lock_guard lock(m_dbMutex);
    if (auto ok = exec("BEGIN IMMEDIATE"); !ok)
        return ok;
    Statement update(m_db, "UPDATE run SET state = ? WHERE id = 1");
    update.bind(1, state);
    Statement history(m_db, "INSERT INTO history (time_ns, state, note) VALUES (?, ?, ?)");
    history.bind(1, nowNs()).bind(2, "run:" + state).bind(3, note);
    if (update.step() != SQLITE_DONE || history.step() != SQLITE_DONE) {
        Error e = sqlError("record the run state");
        (void)exec("ROLLBACK");
        return e;
    }
    return exec("COMMIT");
}

Result<void> RunJournal::setOptions(const nlohmann::json& options) {
    std::lock_guard lock(m_dbMutex);
    Statement update(m_db, "UPDATE run SET options = ? WHERE id = 1");
    update.bind(1, options.dump());
    if (update.step() != SQLITE_DONE)
        return sqlError("record the run options");
    return model::success();
}

Result<std::int64_t> RunJournal::addPair(const JournalPair& pair) {
    std::lock_guard lock(m_dbMutex);
    Statement insert(m_db, "INSERT INTO pairs (source, target, workload, wave, state, note, "
                           "transforms) VALUES (?, ?, ?, ?, ?, ?, ?)");
    insert.bind(1, pair.source)
        .bind(2, pair.target)
        .bind(3, pair.workload)
        .bind(4, pair.wave)
        .bind(5, pair.state.empty() ? std::string("pending") : pair.state)
        .bind(6, pair.note)
        .bind(7, transformsText(pair.transforms));
    if (insert.step() != SQLITE_DONE)
        return sqlError("record a pair");
    return static_cast<std::int64_t>(sqlite3_last_insert_rowid(m_db));
}

Result<void> RunJournal::setPairState(std::int64_t pairId, const std::string& state,
                                      const std::string& note) {
    if (auto ok = flush(); !ok)
        return ok;
    std::lock_guard lock(m_dbMutex);
    if (auto ok = exec("BEGIN IMMEDIATE"); !ok)
        return ok;
    Statement update(m_db, "UPDATE pairs SET state = ?, note = ? WHERE id = ?");
    update.bind(1, state).bind(2, note).bind(3, pairId);
    Statement history(m_db, "INSERT INTO history (pair, time_ns, state, note) VALUES (?, ?, ?, ?)");
    history.bind(1, pairId).bind(2, nowNs()).bind(3, "pair:" + state).bind(4, note);
    if (update.step() != SQLITE_DONE || history.step() != SQLITE_DONE) {
        Error e = sqlError("record a pair state");
        (void)exec("ROLLBACK");
        return e;
    }
    return exec("COMMIT");
}

Result<std::vector<std::int64_t>> RunJournal::addTasks(std::int64_t pairId,
                                                       const std::vector<NewTask>& tasks) {
    if (auto ok = flush(); !ok)
        return ok.error();
    std::lock_guard lock(m_dbMutex);
    if (auto ok = exec("BEGIN IMMEDIATE"); !ok)
        return ok.error();
    auto fail = [this](const std::string& action) {
        Error e = sqlError(action);
        (void)exec("ROLLBACK");
        return e;
    };
    {
        Statement drop(m_db, "DELETE FROM tasks WHERE pair = ?");
        drop.bind(1, pairId);
        if (drop.step() != SQLITE_DONE)
            return fail("replace a pair's listing");
    }
    std::vector<std::int64_t> ids;
    ids.reserve(tasks.size());
    Statement insert(m_db, "INSERT INTO tasks (pair, key, size, mtime_ns, state, error, "
                           "source_hash) VALUES (?, ?, ?, ?, ?, ?, ?)");
    Statement history(m_db, "INSERT INTO history (task, time_ns, state, note) VALUES (?, ?, ?, ?)");
    const std::int64_t now = nowNs();
    for (const auto& t : tasks) {
        insert.reset();
        insert.bind(1, pairId)
            .bind(2, t.key)
            .bind(3, static_cast<std::int64_t>(t.size))
            .bind(4, t.mtimeNs)
            .bind(5, std::string(toString(t.state)))
            .bind(6, t.note)
            .bind(7, t.sourceHash);
        if (insert.step() != SQLITE_DONE)
            return fail("record the objects of a pair");
        const auto id = static_cast<std::int64_t>(sqlite3_last_insert_rowid(m_db));
        ids.push_back(id);
        history.reset();
        history.bind(1, id).bind(2, now).bind(3, std::string(toString(t.state))).bind(4, t.note);
        if (history.step() != SQLITE_DONE)
            return fail("record the objects of a pair");
    }
    Statement update(m_db, "UPDATE pairs SET state = 'listed' WHERE id = ?");
    update.bind(1, pairId);
    Statement pairHistory(m_db, "INSERT INTO history (pair, time_ns, state, note) VALUES (?, ?, "
                                "'pair:listed', ?)");
    pairHistory.bind(1, pairId).bind(2, now).bind(3, std::to_string(tasks.size()) + " objects");
    if (update.step() != SQLITE_DONE || pairHistory.step() != SQLITE_DONE)
        return fail("record a pair's listing");
    if (auto ok = exec("COMMIT"); !ok)
        return ok.error();
    return ids;
}

void RunJournal::enqueue(Pending change) {
    bool wake = false;
    {
        std::lock_guard lock(m_pendingMutex);
        m_pending.push_back(std::move(change));
        wake = m_pending.size() >= kBatchWakeup;
    }
    if (wake)
        m_pendingReady.notify_one();
}

void RunJournal::recordState(std::int64_t taskId, TaskState state, std::uint64_t bytes,
                             const std::string& note) {
    enqueue({Pending::Kind::State, taskId, state, bytes, note, nowNs()});
}

void RunJournal::recordCheckpoint(std::int64_t taskId, std::uint64_t bytes,
                                  const std::string& token) {
    enqueue({Pending::Kind::Checkpoint, taskId, TaskState::Copying, bytes, token, nowNs()});
}

void RunJournal::recordSourceHash(std::int64_t taskId, const std::string& hash) {
    enqueue({Pending::Kind::Hash, taskId, TaskState::Copying, 0, hash, nowNs()});
}

void RunJournal::recordTransformReport(std::int64_t taskId, const nlohmann::json& report) {
    enqueue({Pending::Kind::Report, taskId, TaskState::Copying, 0,
             report.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), nowNs()});
}

void RunJournal::flushLoop(std::stop_token stop) {
    while (!stop.stop_requested()) {
        std::vector<Pending> batch;
        {
            std::unique_lock lock(m_pendingMutex);
            m_pendingReady.wait_for(lock, stop, std::chrono::milliseconds(50),
                                    [this] { return m_pending.size() >= kBatchWakeup; });
            batch.swap(m_pending);
        }
        if (batch.empty())
            continue;
        auto ok = commitPending(batch);
        if (!ok) {
            std::lock_guard lock(m_pendingMutex);
            if (!m_backgroundError)
                m_backgroundError = ok.error();
        }
    }
}

Result<void> RunJournal::flush() {
    if (m_readOnly)
        return model::success();
    std::vector<Pending> batch;
    {
        std::lock_guard lock(m_pendingMutex);
        batch.swap(m_pending);
        if (m_backgroundError)
            return *m_backgroundError;
    }
    return commitPending(batch);
}

Result<void> RunJournal::commitPending(std::vector<Pending>& batch) {
    std::lock_guard lock(m_dbMutex);
    if (batch.empty())
        return model::success();
    if (auto ok = exec("BEGIN IMMEDIATE"); !ok)
        return ok;
    Statement setState(m_db, "UPDATE tasks SET state = ?, attempts = attempts + ?, bytes_done = "
                             "?, error = ? WHERE id = ?");
    Statement verified(m_db, "UPDATE tasks SET state = ?, bytes_done = ?, resume_token = '', "
                             "error = ? WHERE id = ?");
    Statement checkpoint(m_db, "UPDATE tasks SET bytes_done = ?, resume_token = ? WHERE id = ?");
    Statement hash(m_db, "UPDATE tasks SET source_hash = ? WHERE id = ?");
    Statement report(m_db, "UPDATE tasks SET transform_report = ? WHERE id = ?");
    Statement history(m_db, "INSERT INTO history (task, time_ns, state, bytes, note) VALUES "
                            "(?, ?, ?, ?, ?)");
    bool failed = false;
    for (const auto& p : batch) {
        int rc = SQLITE_DONE;
        switch (p.kind) {
        case Pending::Kind::State: {
            const bool final = p.state == TaskState::Verified || p.state == TaskState::Skipped ||
                               p.state == TaskState::Written;
            if (final) {
                verified.reset();
                verified.bind(1, std::string(toString(p.state)))
                    .bind(2, static_cast<std::int64_t>(p.bytes))
                    .bind(3, p.state == TaskState::Written ? std::string() : p.text)
                    .bind(4, p.taskId);
                rc = verified.step();
            } else {
                setState.reset();
                setState.bind(1, std::string(toString(p.state)))
                    .bind(2, p.state == TaskState::Copying ? 1 : 0)
                    .bind(3, static_cast<std::int64_t>(p.bytes))
                    .bind(4, p.text)
                    .bind(5, p.taskId);
                rc = setState.step();
            }
            if (rc == SQLITE_DONE) {
                history.reset();
                history.bind(1, p.taskId)
                    .bind(2, p.timeNs)
                    .bind(3, std::string(toString(p.state)))
                    .bind(4, static_cast<std::int64_t>(p.bytes))
                    .bind(5, p.text);
                rc = history.step();
            }
            break;
        }
        case Pending::Kind::Checkpoint:
            checkpoint.reset();
            checkpoint.bind(1, static_cast<std::int64_t>(p.bytes))
                .bind(2, p.text)
                .bind(3, p.taskId);
            rc = checkpoint.step();
            if (rc == SQLITE_DONE) {
                history.reset();
                history.bind(1, p.taskId)
                    .bind(2, p.timeNs)
                    .bind(3, std::string("checkpoint"))
                    .bind(4, static_cast<std::int64_t>(p.bytes))
                    .bind(5, std::string());
                rc = history.step();
            }
            break;
        case Pending::Kind::Hash:
            hash.reset();
            hash.bind(1, p.text).bind(2, p.taskId);
            rc = hash.step();
            break;
        case Pending::Kind::Report:
            report.reset();
            report.bind(1, p.text).bind(2, p.taskId);
            rc = report.step();
            break;
        }
        if (rc != SQLITE_DONE) {
            failed = true;
            break;
        }
    }
    if (failed) {
        Error e = sqlError("record object states");
        (void)exec("ROLLBACK");
        return e;
    }
    return exec("COMMIT");
}

Result<std::vector<JournalPair>> RunJournal::pairs() const {
    std::lock_guard lock(m_dbMutex);
    const std::string sql =
        std::string("SELECT id, source, target, workload, wave, state, note, ") +
        (m_schemaVersion >= 2 ? "transforms" : "'[]'") + " FROM pairs ORDER BY wave, id";
    Statement q(m_db, sql.c_str());
    if (!q.ok())
        return sqlError("read the pairs");
    std::vector<JournalPair> out;
    while (q.step() == SQLITE_ROW) {
        JournalPair p;
        p.id = q.integer(0);
        p.source = q.text(1);
        p.target = q.text(2);
        p.workload = q.text(3);
        p.wave = static_cast<int>(q.integer(4));
        p.state = q.text(5);
        p.note = q.text(6);
        p.transforms = nlohmann::json::parse(q.text(7), nullptr, false);
        if (!p.transforms.is_array())
            p.transforms = nlohmann::json::array();
        out.push_back(std::move(p));
    }
    return out;
}

Result<std::vector<JournalTask>> RunJournal::tasks(std::int64_t pairId) {
    if (auto ok = flush(); !ok)
        return ok.error();
    std::lock_guard lock(m_dbMutex);
    const std::string sql =
        std::string("SELECT id, pair, key, size, mtime_ns, state, attempts, bytes_done, "
                    "resume_token, source_hash, error, ") +
        (m_schemaVersion >= 2 ? "transform_report" : "''") + " FROM tasks " +
        (pairId != 0 ? "WHERE pair = ? " : "") + "ORDER BY id";
    Statement q(m_db, sql.c_str());
    if (!q.ok())
        return sqlError("read the objects");
    if (pairId != 0)
        q.bind(1, pairId);
    std::vector<JournalTask> out;
    while (q.step() == SQLITE_ROW) {
        JournalTask t;
        t.id = q.integer(0);
        t.pairId = q.integer(1);
        t.key = q.text(2);
        t.size = static_cast<std::uint64_t>(q.integer(3));
        t.mtimeNs = q.integer(4);
        t.state = taskStateFromString(q.text(5)).value_or(TaskState::Queued);
        t.attempts = static_cast<int>(q.integer(6));
        t.bytesDone = static_cast<std::uint64_t>(q.integer(7));
        t.resumeToken = q.text(8);
        t.sourceHash = q.text(9);
        t.error = q.text(10);
        t.transformReport = q.text(11);
        out.push_back(std::move(t));
    }
    return out;
}

Result<std::vector<JournalChange>> RunJournal::history(std::int64_t taskId) {
    if (auto ok = flush(); !ok)
        return ok.error();
    std::lock_guard lock(m_dbMutex);
    Statement q(m_db, taskId != 0 ? "SELECT task, pair, time_ns, state, bytes, note FROM history "
                                    "WHERE task = ? ORDER BY id"
                                  : "SELECT task, pair, time_ns, state, bytes, note FROM history "
                                    "ORDER BY id");
    if (!q.ok())
        return sqlError("read the history");
    if (taskId != 0)
        q.bind(1, taskId);
    std::vector<JournalChange> out;
    while (q.step() == SQLITE_ROW) {
        JournalChange c;
        c.taskId = q.integer(0);
        c.pairId = q.integer(1);
        c.timeNs = q.integer(2);
        c.state = q.text(3);
        c.bytes = static_cast<std::uint64_t>(q.integer(4));
        c.note = q.text(5);
        out.push_back(std::move(c));
    }
    return out;
}

} // namespace ferry::engine
