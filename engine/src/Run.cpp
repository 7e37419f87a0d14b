#include <ferry/engine/Run.hpp>

#include <ferry/engine/ContentHasher.hpp>
#include <ferry/engine/TableCopy.hpp>
#include <ferry/engine/TableHasher.hpp>
#include <ferry/engine/TransformChain.hpp>
#include <ferry/engine/ZstdTransform.hpp>

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <deque>
#include <map>
#include <random>
#include <set>
#include <thread>
#include <unordered_map>

namespace ferry::engine {

namespace {

constexpr std::size_t kLimitedSlice = 64 * 1024; // write granularity under a bandwidth limit
constexpr auto kProgressInterval = std::chrono::milliseconds(100);
constexpr auto kSampleInterval = std::chrono::milliseconds(200);
constexpr std::uint64_t kWholeObject = ~std::uint64_t{0};
constexpr std::size_t kWorkersPerBuffer = 16;
constexpr std::size_t kMaxWorkers = 128;
// User metadata holding the source's modification time (ns) on stores that set their own.
constexpr const char* kMtimeMetadata = "ferry-mtime";

using Clock = std::chrono::steady_clock;

/// How an object is written: its size and source time, kept in metadata when the target cannot
/// keep modification times itself.
WriteOptions writeOptionsFor(const Capabilities& target, const JournalTask& t) {
    WriteOptions options;
    options.expectedSize = t.size;
    options.mtimeNs = t.mtimeNs;
    if (!target.preservesMtime && t.mtimeNs != 0)
        options.metadata[std::string(kMtimeMetadata)] = std::to_string(t.mtimeNs);
    return options;
}

std::string shortHash(const std::string& hash) {
    return hash.size() > 12 ? hash.substr(0, 12) + "…" : hash;
}

std::string bytesText(std::uint64_t bytes) {
    return std::to_string(bytes) + (bytes == 1 ? " byte" : " bytes");
}

} // namespace

// ---------------------------------------------------------------------------------------------
// Options and summary

nlohmann::json RunOptions::toJson() const {
    return {{"parallel", parallel},
            {"checksum", checksum},
            {"bandwidth_limit", bandwidthLimit},
            {"verify", verify == VerifyMode::ReadBack ? "read-back" : "auto"},
            {"buffer_size", bufferSize},
            {"max_attempts", maxAttempts},
            {"retry_delay_ms", retryDelay.count()},
            {"checkpoint_bytes", checkpointBytes},
            {"checkpoint_interval_ms", checkpointInterval.count()},
            {"mtime_tolerance_ns", mtimeToleranceNs},
            {"project_dir", projectDir},
            {"table_chunk_rows", tableChunkRows}};
}

RunOptions RunOptions::fromJson(const nlohmann::json& json) {
    RunOptions o;
    if (!json.is_object())
        return o;
    o.parallel = json.value("parallel", o.parallel);
    o.checksum = json.value("checksum", o.checksum);
    o.bandwidthLimit = json.value("bandwidth_limit", o.bandwidthLimit);
    o.verify = json.value("verify", std::string("auto")) == "read-back" ? VerifyMode::ReadBack
                                                                        : VerifyMode::Auto;
    o.bufferSize = json.value("buffer_size", o.bufferSize);
    o.maxAttempts = json.value("max_attempts", o.maxAttempts);
    o.retryDelay = std::chrono::milliseconds(json.value("retry_delay_ms", o.retryDelay.count()));
    o.checkpointBytes = json.value("checkpoint_bytes", o.checkpointBytes);
    o.checkpointInterval = std::chrono::milliseconds(
        json.value("checkpoint_interval_ms", o.checkpointInterval.count()));
    o.mtimeToleranceNs = json.value("mtime_tolerance_ns", o.mtimeToleranceNs);
    o.projectDir = json.value("project_dir", o.projectDir);
    o.tableChunkRows = std::max<std::size_t>(1, json.value("table_chunk_rows", o.tableChunkRows));
    return o;
}

namespace {

nlohmann::json estimateJson(const TransferEstimate& e) {
    nlohmann::json j = nlohmann::json::object();
    j["seconds"] = e.seconds >= 0 ? nlohmann::json(e.seconds) : nlohmann::json(nullptr);
    j["egress_cost"] = e.egressCost >= 0 ? nlohmann::json(e.egressCost) : nlohmann::json(nullptr);
    if (!e.currency.empty())
        j["currency"] = e.currency;
    if (!e.basis.empty())
        j["basis"] = e.basis;
    return j;
}

} // namespace

nlohmann::json RunSummary::toJson() const {
    nlohmann::json j;
    j["run"] = runId;
    j["state"] = state;
    j["dry_run"] = dryRun;
    if (!journal.empty())
        j["journal"] = journal.string();
    j["objects"] = {{"total", objectsTotal},
                    {"verified", objectsVerified},
                    {"skipped", objectsSkipped},
                    {"failed", objectsFailed},
                    {"pending", objectsPending}};
    j["bytes"] = {{"total", bytesTotal}, {"copied", bytesCopied}};
    j["seconds"] = seconds;
    j["peak_buffers"] = peakBuffers;
    j["buffer_size"] = bufferSize;
    nlohmann::json failed = nlohmann::json::array();
    for (const auto& f : failures)
        failed.push_back(
            {{"workload", f.workload}, {"key", f.key}, {"code", f.code}, {"message", f.message}});
    j["failures"] = std::move(failed);
    nlohmann::json pairList = nlohmann::json::array();
    for (const auto& p : pairs) {
        nlohmann::json pj{{"source", p.pair.source},
                          {"target", p.pair.target},
                          {"workload", p.pair.workload},
                          {"wave", p.pair.wave},
                          {"state", p.state},
                          {"objects", p.objects},
                          {"to_copy", p.toCopy},
                          {"bytes_to_copy", p.bytesToCopy}};
        if (!p.note.empty())
            pj["note"] = p.note;
        if (dryRun)
            pj["estimate"] = estimateJson(p.estimate);
        pairList.push_back(std::move(pj));
    }
    j["pairs"] = std::move(pairList);
    if (dryRun) {
        nlohmann::json plannedList = nlohmann::json::array();
        for (const auto& p : planned)
            plannedList.push_back(
                {{"workload", p.workload}, {"key", p.key}, {"size", p.size}, {"reason", p.reason}});
        j["would_copy"] = std::move(plannedList);
        j["estimate"] = estimateJson(estimate);
    }
    return j;
}

bool isRetryable(const Error& error) {
    const std::string& c = error.code;
    if (c == "io.permission" || c == "io.read_only" || c.starts_with("transform."))
        return false; // a transform refusing an object refuses it again
    if (c.starts_with("io.") || c.starts_with("net.") || c.starts_with("http.") ||
        c == "verify.mismatch" || c == "source.changed" || c == "write.in_progress")
        return true;
    if (c.starts_with("s3.") || c.starts_with("curl."))
        return c.find("denied") == std::string::npos && c.find("no_such") == std::string::npos &&
               c.find("invalid") == std::string::npos &&
               c.find("credential") == std::string::npos &&
               c.find("signature") == std::string::npos;
    return c.find("timeout") != std::string::npos || c.find("throttl") != std::string::npos ||
           c.find("unavailable") != std::string::npos;
}

// ---------------------------------------------------------------------------------------------
// Run state

struct Run::PairRuntime {
    JournalPair journal;
    RunPair pair;
    TransformChain transforms; // the mapping's, checked when the run was made
    std::unique_ptr<Connector> source;
    std::unique_ptr<Connector> target;
    Capabilities targetCaps;
    std::vector<JournalTask> tasks; // loaded or listed in this session
    bool listedNow = false;         // listed in this session (so failed tasks are not retried)
    std::string openError;
    std::uint64_t bytesToCopy = 0;
    std::uint64_t toCopy = 0;
    bool isTables = false;         // a database pair: one task per table, sizes in rows
    SchemaTranslation translation; // of a database pair, once listed in this session
};

struct Run::TaskWork {
    JournalTask task;
    PairRuntime* pair = nullptr;
    std::uint64_t counted = 0; // bytes of this object added to m_bytesDone in this session
};

Run::Run(RunOptions options, const RunContext& context)
    : m_options(std::move(options)), m_context(context), m_limiter(m_options.bandwidthLimit) {
    m_options.parallel = std::clamp(m_options.parallel, 1, 256);
    m_parallel = m_options.parallel;
    m_options.maxAttempts = std::max(m_options.maxAttempts, 1);
    m_pool = std::make_unique<BufferPool>(m_options.bufferSize,
                                          static_cast<std::size_t>(m_options.parallel));
}

Run::~Run() = default;

std::filesystem::path Run::journalPath() const {
    return m_journal ? m_journal->path() : std::filesystem::path();
}

namespace {

/// The pair's transforms, checked; the error names the mapping they belong to.
Result<TransformChain> transformsOf(const RunPair& pair) {
    auto chain = TransformChain::fromJson(pair.transforms);
    if (chain)
        return chain;
    const std::string owner = pair.workload.empty()
                                  ? "the copy " + pair.source + " -> " + pair.target
                                  : "the mapping of workload '" + pair.workload + "'";
    return Error{chain.error().code,
                 "A transform of " + owner + " is not valid: " + chain.error().message +
                     (pair.workload.empty() ? " Fix the transforms and start the copy again."
                                            : " Fix the mapping's transforms and start the run "
                                              "again."),
                 (pair.workload.empty() ? std::string("copy") : "mapping " + pair.workload) + ": " +
                     chain.error().context};
}

} // namespace

Result<std::unique_ptr<Run>> Run::create(std::vector<RunPair> pairs, RunOptions options,
                                         const RunContext& context) {
    if (context.registry == nullptr)
        return Error{"run.usage", "A run needs a connector registry.", ""};
    if (pairs.empty())
        return Error{"run.empty",
                     "There is nothing to copy: no pair of source and target was given; check "
                     "the project's endpoints and mappings.",
                     context.project};
    if (options.parallel < 1 || options.parallel > 256)
        return Error{"run.parallel",
                     "Parallelism must be between 1 and 256; got " +
                         std::to_string(options.parallel) + ".",
                     "parallel"};
    std::unique_ptr<Run> run(new Run(std::move(options), context));
    std::vector<JournalPair> records;
    for (auto& p : pairs) {
        auto rt = std::make_unique<PairRuntime>();
        auto chain = transformsOf(p);
        if (!chain)
            return chain.error();
        if (!chain->empty() && p.skipReason.empty() &&
            (isTableUri(p.source) || isTableUri(p.target)))
            return Error{"transform.tables",
                         "Transforms apply to objects (files), not to database tables: remove "
                         "the transforms of " +
                             (p.workload.empty() ? "this copy"
                                                 : "the mapping of workload '" + p.workload + "'") +
                             ", or map it to an object store.",
                         p.workload.empty() ? p.target : "mapping " + p.workload};
        rt->transforms = std::move(*chain);
        rt->pair = p;
        rt->journal.transforms = rt->transforms.json();
        rt->journal.source = p.source;
        rt->journal.target = p.target;
        rt->journal.workload = p.workload;
        rt->journal.wave = p.wave;
        rt->journal.state = p.skipReason.empty() ? "pending" : "skipped";
        rt->journal.note = p.skipReason;
        records.push_back(rt->journal);
        run->m_pairs.push_back(std::move(rt));
    }
    if (!run->m_options.dryRun) {
        if (context.journalPath.empty())
            return Error{"run.usage", "A run needs a journal path.", ""};
        run->m_runId = context.runId.empty() ? RunJournal::newRunId() : context.runId;
        auto journal = RunJournal::create(context.journalPath, run->m_runId,
                                          run->m_options.toJson(), context.project, records);
        if (!journal)
            return journal.error();
        run->m_journal = std::move(*journal);
        auto stored = run->m_journal->pairs();
        if (!stored)
            return stored.error();
        std::sort(stored->begin(), stored->end(),
                  [](const JournalPair& a, const JournalPair& b) { return a.id < b.id; });
        for (std::size_t i = 0; i < stored->size() && i < run->m_pairs.size(); ++i)
            run->m_pairs[i]->journal.id = (*stored)[i].id;
    }
    return run;
}

Result<std::unique_ptr<Run>> Run::fromJournal(const std::filesystem::path& journalPath,
                                              const RunContext& context,
                                              const std::optional<RunOptions>& overrides) {
    if (context.registry == nullptr)
        return Error{"run.usage", "A run needs a connector registry.", ""};
    auto journal = RunJournal::open(journalPath);
    if (!journal)
        return journal.error();
    auto info = (*journal)->run();
    if (!info)
        return info.error();
    RunOptions options = RunOptions::fromJson(info->options);
    if (overrides) {
        options.parallel = overrides->parallel;
        options.bandwidthLimit = overrides->bandwidthLimit;
    }
    options.dryRun = false;
    RunContext ctx = context;
    ctx.journalPath = journalPath;
    if (ctx.project.empty())
        ctx.project = info->project;
    std::unique_ptr<Run> run(new Run(options, ctx));
    run->m_runId = info->runId;
    if (overrides)
        (void)(*journal)->setOptions(run->m_options.toJson());
    auto pairs = (*journal)->pairs();
    if (!pairs)
        return pairs.error();
    run->m_journal = std::move(*journal);
    for (auto& p : *pairs) {
        auto rt = std::make_unique<PairRuntime>();
        rt->journal = p;
        rt->pair = {p.source,
                    p.target,
                    p.workload,
                    p.wave,
                    p.state == "skipped" ? p.note : std::string(),
                    p.transforms};
        auto chain = transformsOf(rt->pair);
        if (!chain)
            return chain.error();
        rt->transforms = std::move(*chain);
        run->m_pairs.push_back(std::move(rt));
    }
    return run;
}

// ---------------------------------------------------------------------------------------------
// Controls

void Run::pause() {
    if (m_paused.exchange(true))
        return;
    RunEvent e;
    e.type = RunEventType::RunState;
    e.runId = m_runId;
    e.state = "paused";
    m_events.publish(std::move(e));
}

void Run::resume() {
    {
        std::lock_guard lock(m_pauseMutex);
        if (!m_paused.exchange(false))
            return;
    }
    m_pauseChanged.notify_all();
    RunEvent e;
    e.type = RunEventType::RunState;
    e.runId = m_runId;
    e.state = "running";
    m_events.publish(std::move(e));
}

void Run::cancel() {
    m_stop.request_stop();
    m_pauseChanged.notify_all();
    m_workersChanged.notify_all();
}

void Run::setBandwidthLimit(std::uint64_t bytesPerSecond) {
    m_limiter.setRate(bytesPerSecond);
}

void Run::setParallel(int parallel) {
    parallel = std::clamp(parallel, 1, 256);
    m_parallel = parallel;
    m_pool->setCapacity(static_cast<std::size_t>(parallel));
    { std::lock_guard lock(m_workersMutex); }
    m_workersChanged.notify_all();
}

bool Run::waitWhilePaused() {
    std::unique_lock lock(m_pauseMutex);
    m_pauseChanged.wait(lock, m_stop.get_token(), [this] { return !m_paused.load(); });
    return !m_stop.stop_requested();
}

bool Run::sleepFor(std::chrono::milliseconds delay) {
    std::unique_lock lock(m_pauseMutex);
    m_pauseChanged.wait_for(lock, m_stop.get_token(), delay, [] { return false; });
    return !m_stop.stop_requested();
}

// ---------------------------------------------------------------------------------------------
// Events

void Run::publishTask(const TaskWork& w, TaskState state, std::uint64_t bytes,
                      const std::string& code, const std::string& message) {
    RunEvent e;
    e.type = RunEventType::TaskState;
    e.runId = m_runId;
    e.wave = w.pair->pair.wave;
    e.workload = w.pair->pair.workload;
    e.taskId = w.task.id;
    e.key = w.task.key;
    e.state = std::string(toString(state));
    e.bytes = bytes;
    e.total = w.task.size;
    e.rows = w.pair->isTables;
    e.code = code;
    e.message = message;
    m_events.publish(std::move(e));
}

void Run::publishProgress(const TaskWork& w, std::uint64_t done) {
    RunEvent e;
    e.type = RunEventType::Progress;
    e.runId = m_runId;
    e.wave = w.pair->pair.wave;
    e.workload = w.pair->pair.workload;
    e.taskId = w.task.id;
    e.key = w.task.key;
    e.state = "copying";
    e.bytes = done;
    e.total = w.task.size;
    e.rows = w.pair->isTables;
    m_events.publish(std::move(e));
}

Result<bool> Run::writeLimited(ObjectWriter& writer, std::span<const std::byte> data,
                               const std::function<void(std::size_t)>& written) {
    // Under a bandwidth limit the bytes go in slices, each paid for before it is written.
    const auto stop = m_stop.get_token();
    for (std::size_t done = 0; done < data.size();) {
        const std::size_t slice = m_limiter.rate() == 0
                                      ? data.size() - done
                                      : std::min(kLimitedSlice, data.size() - done);
        if (m_limiter.rate() != 0 && !m_limiter.acquire(slice, stop))
            return false;
        if (auto ok = writer.write(data.subspan(done, slice)); !ok)
            return ok.error();
        done += slice;
        written(slice);
    }
    return true;
}

void Run::sampleLoop(std::stop_token stop) {
    std::deque<std::pair<Clock::time_point, std::uint64_t>> window;
    std::mutex mutex;
    std::condition_variable_any wake;
    for (;;) {
        const auto now = Clock::now();
        const std::uint64_t moved = m_bytesMoved.load();
        window.emplace_back(now, moved);
        while (window.size() > 2 && now - window.front().first > std::chrono::seconds(1))
            window.pop_front();
        double rate = 0;
        const double span = std::chrono::duration<double>(now - window.front().first).count();
        if (span > 0)
            rate = static_cast<double>(moved - window.front().second) / span;
        RunEvent e;
        e.type = RunEventType::Throughput;
        e.runId = m_runId;
        e.state = m_paused ? "paused" : "running";
        e.bytes = m_bytesDone.load();
        e.total = m_bytesTotal.load();
        e.bytesPerSecond = rate;
        e.objectsDone = m_objectsDone.load();
        e.objectsTotal = m_objectsTotal.load();
        if (rate > 0 && e.total >= e.bytes)
            e.etaSeconds = static_cast<double>(e.total - e.bytes) / rate;
        m_events.publish(std::move(e));
        std::unique_lock lock(mutex);
        if (wake.wait_for(lock, stop, kSampleInterval, [] { return false; }), stop.stop_requested())
            return;
    }
}

// ---------------------------------------------------------------------------------------------
// Listing and diff

Result<void> Run::listPair(PairRuntime& p, RunSummary* dryRun) {
    const auto stop = m_stop.get_token();
    std::unordered_map<std::string, ObjectInfo> existing;
    auto listedTarget = p.target->list("", [&](const ObjectInfo& info) {
        existing.emplace(info.key, info);
        return !stop.stop_requested();
    });
    // A target that does not exist yet is empty; its root is made on the first write.
    if (!listedTarget && listedTarget.error().code != "root.not_found")
        return listedTarget.error();
    std::vector<ObjectInfo> sources;
    auto listedSource = p.source->list("", [&](const ObjectInfo& info) {
        sources.push_back(info);
        return !stop.stop_requested();
    });
    if (!listedSource)
        return listedSource.error();
    if (stop.stop_requested())
        return Error{"run.cancelled", "The run was cancelled while listing.", p.pair.source};

    const auto sourceCaps = p.source->capabilities();
    const auto declares = [](const Capabilities& c, HashKind k) {
        return std::find(c.hashes.begin(), c.hashes.end(), k) != c.hashes.end();
    };
    bool cancelled = false;
    auto contentHash = [&](Connector& c, const Capabilities& caps,
                           const ObjectInfo& info) -> Result<std::string> {
        if (declares(caps, HashKind::Sha256)) {
            const auto it = info.hashes.find(HashKind::Sha256);
            if (it != info.hashes.end())
                return it->second;
        }
        return hashRange(c, info.key, kWholeObject, cancelled);
    };

    std::vector<NewTask> tasks;
    tasks.reserve(sources.size());
    for (const auto& s : sources) {
        NewTask t;
        t.key = s.key;
        t.size = s.size;
        t.mtimeNs = s.mtimeNs;
        std::string reason;
        if (auto safe = checkObjectKey(s.key); !safe) {
            t.state = TaskState::Failed;
            t.note = "Refused to copy '" + s.key + "' from " + p.pair.source + ": " +
                     safe.error().message + " Nothing was written; rename it at the source.";
            tasks.push_back(std::move(t));
            continue;
        }
        // A transformed object is compared with what its transforms write, under its target
        // key; its size differs from the source's by design.
        const bool transformed = p.transforms.appliesTo(s.key);
        const std::string targetKey = transformed ? p.transforms.targetKey(s.key) : s.key;
        if (transformed && targetKey != s.key) {
            if (auto safe = checkObjectKey(targetKey); !safe) {
                t.state = TaskState::Failed;
                t.note = "Refused to write '" + targetKey + "' (the transformed '" + s.key +
                         "') to " + p.pair.target + ": " + safe.error().message +
                         " Nothing was written; rename it at the source.";
                tasks.push_back(std::move(t));
                continue;
            }
        }
        const auto it = existing.find(targetKey);
        if (it == existing.end()) {
            reason = "missing at the target";
        } else if (transformed && m_options.checksum) {
            // Its content can only be compared by transforming the source again: copy it.
            reason = "transformed (checksum mode writes it again)";
        } else if (!transformed && it->second.size != s.size) {
            reason = "size differs";
        } else if (!transformed && m_options.checksum) {
            auto a = contentHash(*p.source, sourceCaps, s);
            if (!a)
                return a.error();
            auto b = contentHash(*p.target, p.targetCaps, it->second);
            if (!b)
                return b.error();
            if (cancelled)
                return Error{"run.cancelled", "The run was cancelled while comparing.", s.key};
            if (*a == *b) {
                t.state = TaskState::Skipped;
                t.note = "identical content (sha256)";
                t.sourceHash = *a;
            } else {
                reason = "content differs";
            }
        } else {
            const auto close = [this](std::int64_t a, std::int64_t b) {
                const std::int64_t delta = a - b;
                return a != 0 && b != 0 &&
                       (delta < 0 ? -delta : delta) <= m_options.mtimeToleranceNs;
            };
            bool same = close(s.mtimeNs, it->second.mtimeNs);
            if (!same && !p.targetCaps.preservesMtime && s.mtimeNs != 0) {
                // The store sets its own time (S3): compare the source time Ferry recorded in
                // the object's metadata when it wrote it (one stat per candidate, as rclone).
                if (auto kept = p.target->stat(targetKey); kept) {
                    if (auto m = kept->metadata.find(kMtimeMetadata); m != kept->metadata.end()) {
                        std::int64_t recorded = 0;
                        const auto* end = m->second.data() + m->second.size();
                        if (std::from_chars(m->second.data(), end, recorded).ptr == end)
                            same = close(s.mtimeNs, recorded);
                    }
                }
            }
            if (same) {
                t.state = TaskState::Skipped;
                t.note = transformed ? "transformed copy up to date (same modification time)"
                                     : "identical size and modification time";
            } else {
                reason = "modification time differs";
            }
        }
        if (t.state == TaskState::Queued) {
            ++p.toCopy;
            p.bytesToCopy += s.size;
            if (dryRun)
                dryRun->planned.push_back({p.pair.workload, s.key, s.size, reason});
        }
        tasks.push_back(std::move(t));
    }
    if (dryRun) {
        for (const auto& t : tasks) {
            JournalTask jt;
            jt.key = t.key;
            jt.size = t.size;
            jt.state = t.state;
            jt.error = t.note;
            p.tasks.push_back(std::move(jt));
        }
        return model::success();
    }
    return recordListing(p, tasks);
}

Result<void> Run::recordListing(PairRuntime& p, const std::vector<NewTask>& tasks) {
    auto ids = m_journal->addTasks(p.journal.id, tasks);
    if (!ids)
        return ids.error();
    p.journal.state = "listed";
    p.listedNow = true;
    p.tasks.clear();
    for (std::size_t i = 0; i < tasks.size(); ++i) {
        JournalTask jt;
        jt.id = (*ids)[i];
        jt.pairId = p.journal.id;
        jt.key = tasks[i].key;
        jt.size = tasks[i].size;
        jt.mtimeNs = tasks[i].mtimeNs;
        jt.state = tasks[i].state;
        jt.sourceHash = tasks[i].sourceHash;
        jt.error = tasks[i].note;
        p.tasks.push_back(std::move(jt));
    }
    return model::success();
}

// ---------------------------------------------------------------------------------------------
// Execution

Result<RunSummary> Run::execute() {
    if (m_executed)
        return Error{"run.usage", "A run executes once; open its journal to run it again.",
                     m_runId};
    m_executed = true;
    const auto started = Clock::now();
    RunSummary summary;
    summary.runId = m_runId;
    summary.dryRun = m_options.dryRun;
    summary.bufferSize = m_pool->bufferSize();
    summary.journal = journalPath();

    auto publishRun = [this](const std::string& state, const std::string& message = {}) {
        RunEvent e;
        e.type = RunEventType::RunState;
        e.runId = m_runId;
        e.state = state;
        e.message = message;
        m_events.publish(std::move(e));
    };
    auto publishPair = [this](const PairRuntime& p, const std::string& state,
                              const std::string& message) {
        RunEvent e;
        e.type = RunEventType::PairState;
        e.runId = m_runId;
        e.wave = p.pair.wave;
        e.workload = p.pair.workload;
        e.key = p.pair.source + " -> " + p.pair.target;
        e.state = state;
        e.message = message;
        m_events.publish(std::move(e));
    };
    auto pairFailed = [&](PairRuntime& p, const Error& error) {
        p.openError = error.message;
        if (m_journal)
            (void)m_journal->setPairState(p.journal.id, "failed", error.message);
        p.journal.state = "failed";
        {
            std::lock_guard lock(m_failureMutex);
            m_failures.push_back({p.pair.workload, "", error.code, error.toString()});
        }
        RunEvent e;
        e.type = RunEventType::Error;
        e.runId = m_runId;
        e.wave = p.pair.wave;
        e.workload = p.pair.workload;
        e.code = error.code;
        e.message = error.toString();
        m_events.publish(std::move(e));
        publishPair(p, "failed", error.message);
    };

    // An object or table refused when its pair was listed (an unsafe key, a different table
    // already at the target): a failure from the start, reported once.
    auto taskRefused = [this](const PairRuntime& p, const JournalTask& t, const char* code) {
        {
            std::lock_guard lock(m_failureMutex);
            m_failures.push_back({p.pair.workload, t.key, code, t.error});
        }
        RunEvent e;
        e.type = RunEventType::Error;
        e.runId = m_runId;
        e.wave = p.pair.wave;
        e.workload = p.pair.workload;
        e.taskId = t.id;
        e.key = t.key;
        e.code = code;
        e.message = t.error;
        m_events.publish(std::move(e));
    };

    if (m_journal) {
        if (auto ok = m_journal->setRunState("running"); !ok)
            return ok.error();
    }
    publishRun(m_options.dryRun ? "dry-run" : "running");
    std::jthread sampler;
    if (!m_options.dryRun)
        sampler = std::jthread([this](std::stop_token stop) { sampleLoop(stop); });

    // Open and list every pair first, so totals (and the ETA) cover the whole run.
    for (auto& pp : m_pairs) {
        PairRuntime& p = *pp;
        if (m_stop.stop_requested())
            break;
        if (p.journal.state == "skipped") {
            publishPair(p, "skipped", p.journal.note);
            continue;
        }
        if (isTableUri(p.pair.source) || isTableUri(p.pair.target)) {
            p.isTables = true;
            if (m_options.dryRun || p.journal.state == "pending" || p.journal.state == "failed") {
                publishPair(p, "listing", "");
                if (auto listed = listTablePair(p, m_options.dryRun ? &summary : nullptr);
                    !listed) {
                    pairFailed(p, listed.error());
                    continue;
                }
                publishPair(p, "listed", std::to_string(p.tasks.size()) + " tables");
            } else {
                auto tasks = m_journal->tasks(p.journal.id);
                if (!tasks)
                    return tasks.error();
                p.tasks = std::move(*tasks);
            }
            for (const auto& t : p.tasks) {
                m_objectsTotal += 1;
                if (t.state == TaskState::Verified || t.state == TaskState::Skipped ||
                    (p.listedNow && t.state == TaskState::Failed))
                    m_objectsDone += 1;
                if (p.listedNow && t.state == TaskState::Failed)
                    taskRefused(p, t, "table.exists");
            }
            continue;
        }
        auto source = m_context.registry->open(p.pair.source, m_options.projectDir);
        if (!source) {
            pairFailed(p, source.error());
            continue;
        }
        auto target = m_context.registry->open(p.pair.target, m_options.projectDir);
        if (!target) {
            pairFailed(p, target.error());
            continue;
        }
        p.source = std::move(*source);
        p.target = std::move(*target);
        p.targetCaps = p.target->capabilities();
        if (m_options.dryRun || p.journal.state == "pending" || p.journal.state == "failed") {
            publishPair(p, "listing", "");
            if (auto listed = listPair(p, m_options.dryRun ? &summary : nullptr); !listed) {
                if (m_stop.stop_requested())
                    break;
                pairFailed(p, listed.error());
                continue;
            }
            publishPair(p, "listed",
                        std::to_string(p.tasks.size()) + " objects, " + std::to_string(p.toCopy) +
                            " to copy");
        } else {
            auto tasks = m_journal->tasks(p.journal.id);
            if (!tasks)
                return tasks.error();
            p.tasks = std::move(*tasks);
        }
        for (const auto& t : p.tasks) {
            m_objectsTotal += 1;
            if (t.state != TaskState::Skipped)
                m_bytesTotal += t.size;
            if (t.state == TaskState::Verified) {
                m_bytesDone += t.size;
                m_objectsDone += 1;
            } else if (t.state == TaskState::Skipped ||
                       (p.listedNow && t.state == TaskState::Failed)) {
                m_objectsDone += 1;
            }
            if (p.listedNow && t.state == TaskState::Failed)
                taskRefused(p, t, "key.unsafe");
        }
    }

    if (m_options.dryRun) {
        summary.state = m_stop.stop_requested() ? "cancelled" : "dry-run";
        bool allKnown = true;
        TransferEstimate total;
        total.seconds = 0;
        total.egressCost = 0;
        for (auto& pp : m_pairs) {
            PairOutcome o;
            o.pair = pp->pair;
            o.state = pp->journal.state == "skipped"  ? "skipped"
                      : pp->journal.state == "failed" ? "failed"
                                                      : "listed";
            o.note = pp->journal.state == "skipped" ? pp->journal.note : pp->openError;
            o.objects = pp->tasks.size();
            o.toCopy = pp->toCopy;
            o.bytesToCopy = pp->bytesToCopy;
            if (o.state == "listed") {
                o.estimate = estimateTransfer(m_context.projectData, pp->pair, pp->bytesToCopy,
                                              m_context.catalog);
                if (o.estimate.seconds < 0 || o.estimate.egressCost < 0)
                    allKnown = false;
                else {
                    // Pairs of one wave run side by side, waves one after another; summing is
                    // the conservative bound when they share a link.
                    total.seconds += o.estimate.seconds;
                    total.egressCost += o.estimate.egressCost;
                    if (total.currency.empty())
                        total.currency = o.estimate.currency;
                }
            }
            for (const auto& t : pp->tasks) {
                summary.objectsTotal += 1;
                if (t.state == TaskState::Skipped)
                    summary.objectsSkipped += 1;
                else if (t.state == TaskState::Failed) {
                    summary.objectsFailed += 1;
                    summary.failures.push_back({pp->pair.workload, t.key, "key.unsafe", t.error});
                } else {
                    summary.objectsPending += 1;
                    summary.bytesTotal += t.size;
                }
            }
            summary.pairs.push_back(std::move(o));
        }
        for (const auto& f : m_failures)
            if (f.key.empty())
                summary.failures.push_back(f);
        if (allKnown) {
            total.basis = "sum over pairs";
            summary.estimate = total;
        } else {
            summary.estimate.basis = "unknown for some pairs (no project link or price)";
        }
        summary.seconds = std::chrono::duration<double>(Clock::now() - started).count();
        publishRun(summary.state);
        return summary;
    }

    // Waves in order; each wave's objects on the worker pool, largest first.
    std::map<int, std::vector<PairRuntime*>> waves;
    for (auto& pp : m_pairs)
        waves[pp->pair.wave].push_back(pp.get());
    for (auto& [number, pairs] : waves) {
        if (m_stop.stop_requested())
            break;
        std::vector<TaskWork> work;
        for (PairRuntime* p : pairs) {
            if ((!p->source || !p->target) &&
                !(p->isTables && p->journal.state != "failed" && p->journal.state != "skipped"))
                continue;
            for (const auto& t : p->tasks) {
                const bool final = t.state == TaskState::Verified || t.state == TaskState::Skipped;
                if (final || (p->listedNow && t.state == TaskState::Failed))
                    continue;
                work.push_back({t, p, 0});
            }
        }
        std::stable_sort(work.begin(), work.end(), [](const TaskWork& a, const TaskWork& b) {
            return a.task.size > b.task.size;
        });
        RunEvent e;
        e.type = RunEventType::WaveState;
        e.runId = m_runId;
        e.wave = number;
        e.state = "started";
        e.total = work.size();
        m_events.publish(e);
        runWave(work);
        e.state = m_stop.stop_requested() ? "cancelled" : "finished";
        m_events.publish(e);
        if (!m_stop.stop_requested()) {
            for (PairRuntime* p : pairs) {
                if (p->isTables && p->journal.state == "listed") {
                    // After the data: indexes, foreign keys and sequences, once every table
                    // checks out.
                    auto tasks = m_journal->tasks(p->journal.id);
                    const bool allVerified =
                        tasks && std::all_of(tasks->begin(), tasks->end(), [](const auto& t) {
                            return t.state == TaskState::Verified || t.state == TaskState::Skipped;
                        });
                    if (!allVerified)
                        continue;
                    // Only the tables this run loaded: skipped ones were finished before.
                    std::set<std::string> loaded;
                    for (const auto& t : *tasks)
                        if (t.state == TaskState::Verified)
                            loaded.insert(t.key);
                    if (auto finished = finishTablePair(*p, loaded); !finished) {
                        pairFailed(*p, finished.error());
                        continue;
                    }
                    (void)m_journal->setPairState(p->journal.id, "done");
                    p->journal.state = "done";
                    publishPair(*p, "done", "indexes, foreign keys and sequences created");
                } else if (p->source && p->target && p->journal.state != "failed") {
                    (void)m_journal->setPairState(p->journal.id, "done");
                    p->journal.state = "done";
                    cleanUpTarget(*p, started);
                    publishPair(*p, "done", "");
                }
            }
        }
    }

    if (sampler.joinable()) {
        sampler.request_stop();
        sampler.join();
    }
    if (auto ok = m_journal->flush(); !ok)
        return ok.error();

    // The summary comes from the journal, so it also counts earlier sessions.
    const bool cancelled = m_stop.stop_requested();
    for (auto& pp : m_pairs) {
        PairOutcome o;
        o.pair = pp->pair;
        o.note = pp->journal.state == "skipped" ? pp->journal.note : pp->openError;
        o.state = pp->journal.state == "skipped"  ? "skipped"
                  : pp->journal.state == "failed" ? "failed"
                  : cancelled                     ? "cancelled"
                                                  : "done";
        if (pp->journal.id != 0 && (pp->journal.state == "done" || pp->journal.state == "listed")) {
            auto tasks = m_journal->tasks(pp->journal.id);
            if (!tasks)
                return tasks.error();
            for (const auto& t : *tasks) {
                summary.objectsTotal += 1;
                ++o.objects;
                if (t.state != TaskState::Skipped) {
                    ++o.toCopy;
                    if (!pp->isTables) { // a table's size is its rows, not bytes
                        summary.bytesTotal += t.size;
                        o.bytesToCopy += t.size;
                    }
                }
                switch (t.state) {
                case TaskState::Verified:
                    summary.objectsVerified += 1;
                    break;
                case TaskState::Skipped:
                    summary.objectsSkipped += 1;
                    break;
                case TaskState::Failed:
                    summary.objectsFailed += 1;
                    break;
                default:
                    summary.objectsPending += 1;
                }
            }
        }
        summary.pairs.push_back(std::move(o));
    }
    {
        std::lock_guard lock(m_failureMutex);
        summary.failures = m_failures;
    }
    summary.bytesCopied = m_bytesMoved.load();
    summary.peakBuffers = m_pool->peakInUse();
    summary.seconds = std::chrono::duration<double>(Clock::now() - started).count();
    const bool anyPairFailed = std::any_of(
        m_pairs.begin(), m_pairs.end(), [](const auto& p) { return p->journal.state == "failed"; });
    summary.state = cancelled ? "cancelled"
                    : (summary.objectsFailed > 0 || anyPairFailed || summary.objectsPending > 0)
                        ? "failed"
                        : "finished";
    const std::string note = std::to_string(summary.objectsVerified) + " verified, " +
                             std::to_string(summary.objectsSkipped) + " skipped, " +
                             std::to_string(summary.objectsFailed) + " failed, " +
                             std::to_string(summary.objectsPending) + " pending";
    if (auto ok = m_journal->setRunState(summary.state, note); !ok)
        return ok.error();
    RunEvent last;
    last.type = RunEventType::Throughput;
    last.runId = m_runId;
    last.state = summary.state;
    last.bytes = m_bytesDone.load();
    last.total = m_bytesTotal.load();
    last.objectsDone = m_objectsDone.load();
    last.objectsTotal = m_objectsTotal.load();
    last.bytesPerSecond =
        summary.seconds > 0 ? static_cast<double>(summary.bytesCopied) / summary.seconds : 0;
    m_events.publish(std::move(last));
    publishRun(summary.state, note);
    return summary;
}

// ---------------------------------------------------------------------------------------------
// Table pairs: a SQLite or PostgreSQL source copied into a SQLite or PostgreSQL target, one
// task per table. The tables are created when the pair is first listed; each task copies its
// table in primary-key chunks (each chunk committed at the target, then recorded in the journal
// with its last key), verifies row counts and content hashes on both sides, and after the
// wave the pair gets its indexes, foreign keys and identity sequences.

namespace {

nlohmann::json keyToJson(const RowKey& key) {
    nlohmann::json out = nlohmann::json::array();
    for (const CellValue& cell : key) {
        if (std::holds_alternative<std::monostate>(cell))
            out.push_back(nullptr);
        else if (const auto* i = std::get_if<std::int64_t>(&cell))
            out.push_back(*i);
        else if (const auto* d = std::get_if<double>(&cell))
            out.push_back(nlohmann::json{{"real", *d}});
        else if (const auto* s = std::get_if<std::string>(&cell))
            out.push_back(*s);
        else if (const auto* b = std::get_if<Blob>(&cell)) {
            static constexpr char kHex[] = "0123456789abcdef";
            std::string hex;
            for (unsigned char c : b->bytes) {
                hex += kHex[c >> 4];
                hex += kHex[c & 15];
            }
            out.push_back(nlohmann::json{{"blob", hex}});
        }
    }
    return out;
}

std::optional<RowKey> keyFromJson(const std::string& text) {
    const auto json = nlohmann::json::parse(text, nullptr, false);
    if (json.is_discarded() || !json.is_array())
        return std::nullopt;
    RowKey key;
    for (const auto& cell : json) {
        if (cell.is_null())
            key.emplace_back(std::monostate{});
        else if (cell.is_number_integer())
            key.emplace_back(cell.get<std::int64_t>());
        else if (cell.is_string())
            key.emplace_back(cell.get<std::string>());
        else if (cell.is_object() && cell.contains("real") && cell["real"].is_number())
            key.emplace_back(cell["real"].get<double>());
        else if (cell.is_object() && cell.contains("blob") && cell["blob"].is_string()) {
            const std::string hex = cell["blob"].get<std::string>();
            Blob blob;
            for (std::size_t i = 0; i + 1 < hex.size(); i += 2)
                blob.bytes += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
            key.emplace_back(std::move(blob));
        } else
            return std::nullopt;
    }
    return key;
}

} // namespace

Result<void> Run::listTablePair(PairRuntime& p, RunSummary* dryRun) {
    auto source = openTableConnector(p.pair.source, false, m_options.projectDir);
    if (!source)
        return source.error();
    // A dry run must not create the target; it only needs the source and the target's dialect.
    const bool create = !dryRun && p.journal.state == "pending";
    auto target = openTableConnector(p.pair.target, !dryRun, m_options.projectDir);
    if (!target && dryRun == nullptr)
        return target.error();
    const SqlDialect dialect =
        target
            ? (*target)->dialect()
            : (p.pair.target.rfind("sqlite", 0) == 0 ? SqlDialect::Sqlite : SqlDialect::Postgres);
    auto translation = translateDatabase(**source, dialect);
    if (!translation)
        return translation.error();
    p.translation = std::move(*translation);
    for (const TranslationIssue& issue : p.translation.issues) {
        RunEvent e;
        e.type = RunEventType::PairState;
        e.runId = m_runId;
        e.wave = p.pair.wave;
        e.workload = p.pair.workload;
        e.key = p.pair.source + " -> " + p.pair.target;
        e.state = "schema";
        e.message =
            issue.table + (issue.column.empty() ? "" : "." + issue.column) + ": " + issue.what;
        m_events.publish(std::move(e));
    }
    // Tables the target already has are never overwritten: identical ones are skipped (a run
    // repeated after it finished), different ones fail with what to do.
    std::vector<NewTask> tasks;
    std::vector<TableSchema> missing;
    for (const TableSchema& table : p.translation.tables) {
        auto rows = (*source)->rowCount(table.name);
        if (!rows)
            return rows.error();
        NewTask t;
        t.key = table.name;
        t.size = static_cast<std::uint64_t>(*rows);
        const bool exists = create && target && (*target)->schema(table.name).ok();
        if (exists) {
            auto check = verifyTable(**source, **target, table.name);
            if (!check)
                return check.error();
            if (check->match) {
                t.state = TaskState::Skipped;
                t.note = "identical at the target (" + std::to_string(check->sourceRows) +
                         " rows, sha256 " + shortHash(check->sourceHash) + ")";
                t.sourceHash = check->sourceHash;
            } else {
                t.state = TaskState::Failed;
                t.note = "Table '" + table.name +
                         "' already exists at the target with other "
                         "content (" +
                         check->describe() +
                         "); Ferry does not overwrite it. Drop "
                         "it or choose another database or schema, then run again.";
            }
        } else {
            missing.push_back(table);
        }
        tasks.push_back(std::move(t));
    }
    if (create && !missing.empty())
        if (auto made = (*target)->createTables(missing); !made)
            return made.error();
    p.toCopy = tasks.size();
    if (dryRun) {
        for (const NewTask& t : tasks) {
            JournalTask jt;
            jt.key = t.key;
            jt.size = t.size;
            p.tasks.push_back(jt);
            dryRun->planned.push_back(
                {p.pair.workload, t.key, t.size, "table (" + std::to_string(t.size) + " rows)"});
        }
        return model::success();
    }
    return recordListing(p, tasks);
}

Result<void> Run::copyTableOnce(TaskWork& w, bool& cancelled) {
    PairRuntime& p = *w.pair;
    JournalTask& t = w.task;
    auto source = openTableConnector(p.pair.source, false, m_options.projectDir);
    if (!source)
        return source.error();
    auto target = openTableConnector(p.pair.target, true, m_options.projectDir);
    if (!target)
        return target.error();

    // Always resume from what the journal recorded: rows after the last recorded key (all
    // rows when none was recorded) may be at the target from a chunk committed but never
    // recorded, and are deleted first. A fresh table is empty, so this costs nothing.
    TableCopyOptions options;
    options.chunkRows = m_options.tableChunkRows;
    options.resumeAfterKey = RowKey{};
    std::uint64_t rowsBefore = 0;
    if (!t.resumeToken.empty())
        if (auto key = keyFromJson(t.resumeToken)) {
            options.resumeAfterKey = std::move(*key);
            rowsBefore = t.bytesDone;
        }
    m_journal->recordState(t.id, TaskState::Copying, rowsBefore,
                           rowsBefore > 0 ? "resumed after row " + std::to_string(rowsBefore)
                                          : std::string());
    t.state = TaskState::Copying;
    t.attempts += 1;
    publishTask(w, TaskState::Copying, rowsBefore);

    const auto stop = m_stop.get_token();
    auto copied = copyTable(**source, **target, t.key, options, [&](const ChunkProgress& step) {
        const std::uint64_t rows = rowsBefore + step.totalRows;
        t.bytesDone = rows;
        t.resumeToken = keyToJson(step.lastKey).dump();
        m_journal->recordCheckpoint(t.id, rows, t.resumeToken);
        m_bytesMoved += step.bytes;
        publishProgress(w, rows);
        if (m_limiter.rate() > 0 && !m_limiter.acquire(step.bytes, stop))
            return false;
        if (m_paused.load() && !waitWhilePaused())
            return false;
        return !stop.stop_requested();
    });
    if (!copied)
        return copied.error();
    if (copied->stopped || stop.stop_requested()) {
        cancelled = true;
        return model::success();
    }
    m_journal->recordState(t.id, TaskState::Written, t.bytesDone);
    t.state = TaskState::Written;
    publishTask(w, TaskState::Written, t.bytesDone);

    auto check = verifyTable(**source, **target, t.key);
    if (!check)
        return check.error();
    if (!check->match) {
        // The next attempt copies the table again from an empty target table.
        t.resumeToken.clear();
        t.bytesDone = 0;
        m_journal->recordCheckpoint(t.id, 0, std::string());
        return Error{"verify.mismatch",
                     "Table '" + t.key + "' at " + p.pair.target + " does not match the source: " +
                         check->describe() + " It is copied again.",
                     t.key};
    }
    m_journal->recordSourceHash(t.id, check->sourceHash);
    t.sourceHash = check->sourceHash;
    t.size = check->sourceRows;
    m_journal->recordState(t.id, TaskState::Verified, check->sourceRows,
                           std::to_string(check->sourceRows) + " rows, sha256 " +
                               check->sourceHash + " on both sides");
    t.state = TaskState::Verified;
    publishTask(w, TaskState::Verified, check->sourceRows, {},
                std::to_string(check->sourceRows) + " rows verified");
    return model::success();
}

Result<void> Run::finishTablePair(PairRuntime& p, const std::set<std::string>& tables) {
    if (tables.empty())
        return model::success();
    auto target = openTableConnector(p.pair.target, true, m_options.projectDir);
    if (!target)
        return target.error();
    if (p.translation.tables.empty()) {
        auto source = openTableConnector(p.pair.source, false, m_options.projectDir);
        if (!source)
            return source.error();
        auto translation = translateDatabase(**source, (*target)->dialect());
        if (!translation)
            return translation.error();
        p.translation = std::move(*translation);
    }
    std::vector<TableSchema> loaded;
    for (const TableSchema& table : p.translation.tables)
        if (tables.count(table.name))
            loaded.push_back(table);
    return (*target)->finishTables(loaded);
}

void Run::cleanUpTarget(PairRuntime& p, std::chrono::steady_clock::time_point sessionStart) {
    // Partial writes a killed session left behind (a temporary file, an unfinished multipart
    // upload) are named by no journal entry when the kill came before their first checkpoint.
    // Once every object of the pair is final and none keeps a resume token, nothing of this
    // run needs a partial write any more: remove those begun before this session started
    // (this session's own writers have all committed or aborted by now).
    auto tasks = m_journal->tasks(p.journal.id);
    if (!tasks)
        return;
    const bool anyResumable = std::any_of(tasks->begin(), tasks->end(), [](const JournalTask& t) {
        return !t.resumeToken.empty() && t.state != TaskState::Verified &&
               t.state != TaskState::Skipped;
    });
    if (anyResumable)
        return;
    const auto age = std::chrono::duration_cast<std::chrono::seconds>(Clock::now() - sessionStart);
    auto removed = p.target->cleanupAbandoned(age.count());
    RunEvent e;
    e.runId = m_runId;
    e.wave = p.pair.wave;
    e.workload = p.pair.workload;
    if (!removed) {
        e.type = RunEventType::Error;
        e.code = removed.error().code;
        e.message = "Could not remove abandoned partial writes at " + p.pair.target + ": " +
                    removed.error().toString() + " The copied objects are not affected.";
        m_events.publish(std::move(e));
        return;
    }
    if (*removed == 0)
        return;
    e.type = RunEventType::PairState;
    e.key = p.pair.source + " -> " + p.pair.target;
    e.state = "cleaned";
    e.message = "removed " + std::to_string(*removed) +
                " abandoned partial write(s) an interrupted run left at the target";
    m_events.publish(std::move(e));
}

void Run::runWave(std::vector<TaskWork>& work) {
    std::atomic<std::size_t> next{0};
    // More workers than buffers: a worker gives its buffer back before the commit (an fsync on
    // most targets) and the verification, so others stream meanwhile. At most `parallel` objects
    // stream at once, because only that many buffers may be lent. setParallel() may raise it
    // while the wave runs: then more workers start here.
    const auto wanted = [&] {
        return std::min<std::size_t>(
            std::min(static_cast<std::size_t>(m_parallel.load()) * kWorkersPerBuffer, kMaxWorkers),
            work.size());
    };
    std::vector<std::jthread> workers;
    std::unique_lock lock(m_workersMutex);
    for (;;) {
        while (workers.size() < wanted() && next.load() < work.size())
            workers.emplace_back([this, &work, &next] {
                workerLoop(work, next);
                { std::lock_guard ended(m_workersMutex); }
                m_workersChanged.notify_all();
            });
        if (next.load() >= work.size() || m_stop.stop_requested())
            break;
        m_workersChanged.wait_for(lock, std::chrono::milliseconds(250));
    }
    lock.unlock();
    // The jthreads join here.
}

void Run::workerLoop(std::vector<TaskWork>& work, std::atomic<std::size_t>& next) {
    while (!m_stop.stop_requested()) {
        const std::size_t i = next.fetch_add(1);
        if (i >= work.size())
            return;
        runTask(work[i]);
    }
}

void Run::runTask(TaskWork& w) {
    for (int attempt = 1; attempt <= m_options.maxAttempts; ++attempt) {
        if (!waitWhilePaused())
            return;
        bool cancelled = false;
        auto result = w.pair->isTables ? copyTableOnce(w, cancelled) : copyOnce(w, cancelled);
        if (cancelled || m_stop.stop_requested())
            return; // the journal holds the place; resume continues from it
        if (result) {
            m_objectsDone += 1;
            return;
        }
        const Error& error = result.error();
        const bool retry = isRetryable(error) && attempt < m_options.maxAttempts;
        RunEvent e;
        e.type = RunEventType::Error;
        e.runId = m_runId;
        e.wave = w.pair->pair.wave;
        e.workload = w.pair->pair.workload;
        e.taskId = w.task.id;
        e.key = w.task.key;
        e.code = error.code;
        if (!retry) {
            const std::string message =
                error.toString() +
                (attempt > 1 ? " (after " + std::to_string(attempt) + " attempts)" : std::string());
            m_journal->recordState(w.task.id, TaskState::Failed, w.task.bytesDone, message);
            w.task.state = TaskState::Failed;
            publishTask(w, TaskState::Failed, w.task.bytesDone, error.code, message);
            e.message = message;
            m_events.publish(std::move(e));
            {
                std::lock_guard lock(m_failureMutex);
                m_failures.push_back({w.pair->pair.workload, w.task.key, error.code, message});
            }
            m_objectsDone += 1;
            return;
        }
        auto delay = m_options.retryDelay * (1 << std::min(attempt - 1, 6));
        delay = std::min<std::chrono::milliseconds>(delay, std::chrono::seconds(10));
        thread_local std::mt19937 jitter{std::random_device{}()};
        delay += std::chrono::milliseconds(
            std::uniform_int_distribution<int>(0, static_cast<int>(delay.count() / 4))(jitter));
        e.message = error.toString() + "; retrying in " + std::to_string(delay.count()) +
                    " ms (attempt " + std::to_string(attempt + 1) + " of " +
                    std::to_string(m_options.maxAttempts) + ")";
        e.state = "retrying";
        m_events.publish(std::move(e));
        if (!sleepFor(delay))
            return;
    }
}

Result<std::string> Run::hashRange(Connector& connector, const std::string& key,
                                   std::uint64_t length, bool& cancelled,
                                   std::uint64_t* bytesRead) {
    const auto stop = m_stop.get_token();
    auto reader =
        length == kWholeObject ? connector.openRead(key, 0) : connector.openRead(key, 0, length);
    if (!reader)
        return reader.error();
    auto lease = m_pool->acquire(stop);
    if (!lease) {
        cancelled = true;
        return std::string();
    }
    ContentHasher hasher(HashKind::Sha256);
    std::uint64_t total = 0;
    for (;;) {
        if (stop.stop_requested()) {
            cancelled = true;
            return std::string();
        }
        auto n = (*reader)->read(lease.bytes());
        if (!n)
            return n.error();
        if (*n == 0)
            break;
        hasher.update(lease.bytes().first(*n));
        total += *n;
    }
    if (bytesRead)
        *bytesRead = total;
    return hasher.finishHex();
}

Result<void> Run::verifyObject(TaskWork& w, const std::string& key, const std::string& sourceHash,
                               std::uint64_t expectedSize, const ObjectInfo& committed,
                               bool& cancelled, bool transformed) {
    PairRuntime& p = *w.pair;
    std::string targetHash;
    std::uint64_t targetSize = committed.size;
    std::string how;
    const auto& declared = p.targetCaps.hashes;
    if (m_options.verify == VerifyMode::Auto &&
        std::find(declared.begin(), declared.end(), HashKind::Sha256) != declared.end()) {
        auto it = committed.hashes.find(HashKind::Sha256);
        if (it != committed.hashes.end()) {
            targetHash = it->second;
        } else if (auto info = p.target->stat(key); info) {
            targetSize = info->size;
            if (auto h = info->hashes.find(HashKind::Sha256); h != info->hashes.end())
                targetHash = h->second;
        }
        how = "the target's own sha256";
    }
    if (targetHash.empty()) {
        std::uint64_t read = 0;
        auto h = hashRange(*p.target, key, kWholeObject, cancelled, &read);
        if (cancelled)
            return model::success();
        if (!h)
            return h.error();
        targetHash = *h;
        targetSize = read;
        how = "reading it back";
    }
    if (targetHash != sourceHash || targetSize != expectedSize) {
        (void)p.target->remove(key);
        w.task.state = TaskState::Queued;
        w.task.resumeToken.clear();
        return Error{"verify.mismatch",
                     "The copy of '" + key + "' at " + p.pair.target + " does not match " +
                         (transformed ? "what its transforms wrote" : "the source") +
                         " (checked by " + how + ": sha256 " + shortHash(targetHash) + ", " +
                         bytesText(targetSize) + " at the target; sha256 " + shortHash(sourceHash) +
                         ", " + bytesText(expectedSize) +
                         (transformed ? " written" : " at the source") +
                         "). The bad copy was removed; if this repeats, check the target storage.",
                     key};
    }
    return model::success();
}

Result<void> Run::copyOnce(TaskWork& w, bool& cancelled) {
    PairRuntime& p = *w.pair;
    Connector& source = *p.source;
    Connector& target = *p.target;
    JournalTask& t = w.task;
    const auto stop = m_stop.get_token();

    auto markVerified = [&](std::uint64_t size) {
        m_journal->recordState(t.id, TaskState::Verified, size);
        t.state = TaskState::Verified;
        m_bytesDone += size - std::min(size, w.counted);
        w.counted = size;
        publishTask(w, TaskState::Verified, size);
    };

    if (p.transforms.appliesTo(t.key))
        return copyTransformed(w, cancelled);

    // Committed in an earlier session (or committed before the journal heard of it): only
    // verification is missing. Never copied again when it checks out.
    bool alreadyThere = t.state == TaskState::Written;
    if (!alreadyThere && t.attempts > 0 && t.state != TaskState::Queued) {
        auto info = target.stat(t.key);
        alreadyThere = info && info->size == t.size && t.mtimeNs != 0 &&
                       std::llabs(info->mtimeNs - t.mtimeNs) <= m_options.mtimeToleranceNs;
    }
    if (alreadyThere) {
        auto info = target.stat(t.key);
        if (info) {
            std::string hash = t.sourceHash;
            std::uint64_t size = 0;
            auto h = hashRange(source, t.key, kWholeObject, cancelled, &size);
            if (cancelled)
                return model::success();
            if (!h)
                return h.error();
            if (*h != hash) {
                hash = *h;
                m_journal->recordSourceHash(t.id, hash);
            }
            t.bytesDone = size;
            auto verified = verifyObject(w, t.key, hash, t.bytesDone, *info, cancelled);
            if (cancelled)
                return model::success();
            if (!verified)
                return verified;
            markVerified(size);
            return model::success();
        }
        t.state = TaskState::Queued; // gone from the target: copy it
        t.resumeToken.clear();
    }

    // A buffer first: a worker waiting for one holds no open object.
    auto lease = m_pool->acquire(stop);
    if (!lease) {
        cancelled = true;
        return model::success();
    }

    // Resume a partial write only when the source is still the object that was listed.
    std::string token = p.targetCaps.resumableWrites ? t.resumeToken : std::string();
    if (!token.empty()) {
        auto now = source.stat(t.key);
        if (!now || now->size != t.size || now->mtimeNs != t.mtimeNs)
            token.clear();
    }
    WriteOptions options = writeOptionsFor(p.targetCaps, t);
    options.resumeToken = token;
    auto opened = target.openWrite(t.key, options);
    if (!opened && !token.empty()) {
        options.resumeToken.clear();
        opened = target.openWrite(t.key, options);
    }
    if (!opened)
        return opened.error();
    std::unique_ptr<ObjectWriter> writer = std::move(*opened);
    std::uint64_t offset = writer->resumeOffset();
    if (offset > t.size) {
        writer->abort();
        options.resumeToken.clear();
        auto fresh = target.openWrite(t.key, options);
        if (!fresh)
            return fresh.error();
        writer = std::move(*fresh);
        offset = writer->resumeOffset();
    }
    const bool resumable = !writer->resumeToken().empty();

    auto reader = source.openRead(t.key, 0);
    if (!reader) {
        if (!resumable)
            writer->abort();
        return reader.error();
    }

    m_journal->recordState(t.id, TaskState::Copying, offset,
                           offset > 0 ? "resumed from byte " + std::to_string(offset)
                                      : std::string());
    t.state = TaskState::Copying;
    t.attempts += 1;
    t.bytesDone = offset;
    // Progress toward the total restarts at the resume offset.
    if (w.counted > offset)
        m_bytesDone -= w.counted - offset;
    else
        m_bytesDone += offset - w.counted;
    w.counted = offset;
    publishTask(w, TaskState::Copying, offset);

    const std::span<std::byte> buffer = lease.bytes();
    ContentHasher hasher(HashKind::Sha256);

    // The bytes already at the target still go into the hash: read them from the source.
    std::uint64_t position = 0;
    while (position < offset) {
        if (stop.stop_requested()) {
            cancelled = true;
            return model::success();
        }
        const auto want =
            static_cast<std::size_t>(std::min<std::uint64_t>(buffer.size(), offset - position));
        auto n = (*reader)->read(buffer.first(want));
        if (!n)
            return n.error();
        if (*n == 0)
            return Error{"source.changed",
                         "'" + t.key + "' at " + p.pair.source +
                             " became shorter than the part already copied; copying it afresh.",
                         t.key};
        hasher.update(buffer.first(*n));
        position += *n;
    }

    std::uint64_t sinceCheckpoint = 0;
    auto checkpoint = [&]() -> Result<void> {
        if (!resumable || sinceCheckpoint == 0)
            return model::success();
        if (auto ok = writer->checkpoint(); !ok)
            return ok;
        t.resumeToken = writer->resumeToken();
        t.bytesDone = position;
        m_journal->recordCheckpoint(t.id, position, t.resumeToken);
        sinceCheckpoint = 0;
        return model::success();
    };
    auto stopHere = [&]() -> Result<void> {
        cancelled = true;
        if (!resumable) {
            writer->abort();
            return model::success();
        }
        (void)checkpoint();
        return model::success();
    };

    // A write that fails for good (a full disk, no permission) drops its partial data, which
    // would otherwise keep the space other objects need; a passing failure keeps it for the
    // retry, which continues from the checkpoint.
    auto writeFailed = [&](const Error& error) -> Result<void> {
        if (isRetryable(error)) {
            (void)checkpoint();
        } else {
            writer->abort();
            t.resumeToken.clear();
            m_journal->recordCheckpoint(t.id, 0, std::string());
        }
        return error;
    };

    auto lastProgress = Clock::now();
    auto lastCheckpoint = lastProgress;
    for (;;) {
        if (stop.stop_requested())
            return stopHere();
        if (m_paused.load()) {
            (void)checkpoint(); // a crash while paused loses nothing
            if (!waitWhilePaused())
                return stopHere();
        }
        auto n = (*reader)->read(buffer);
        if (!n) {
            (void)checkpoint(); // the retry continues from here
            return n.error();
        }
        if (*n == 0)
            break;
        const auto chunk = buffer.first(*n);
        hasher.update(chunk);
        auto account = [&](std::size_t bytes) {
            position += bytes;
            sinceCheckpoint += bytes;
            m_bytesDone += bytes;
            m_bytesMoved += bytes;
            w.counted += bytes;
        };
        auto wrote = writeLimited(*writer, chunk, account);
        if (!wrote)
            return writeFailed(wrote.error());
        if (!*wrote)
            return stopHere();
        const auto now = Clock::now();
        // Each checkpoint syncs the target, so they are spaced out by bytes and by time.
        if (sinceCheckpoint >= m_options.checkpointBytes ||
            (sinceCheckpoint > 0 && now - lastCheckpoint >= m_options.checkpointInterval)) {
            if (auto ok = checkpoint(); !ok)
                return ok;
            lastCheckpoint = now;
        }
        if (now - lastProgress >= kProgressInterval) {
            lastProgress = now;
            publishProgress(w, position);
        }
    }
    lease = BufferPool::Lease(); // verification borrows its own buffer

    const std::string sourceHash = hasher.finishHex();
    m_journal->recordSourceHash(t.id, sourceHash);
    t.sourceHash = sourceHash;
    auto committed = writer->commit();
    if (!committed) {
        writer->abort();
        t.resumeToken.clear();
        return committed.error();
    }
    t.bytesDone = position;
    t.resumeToken.clear();
    t.state = TaskState::Written;
    m_journal->recordState(t.id, TaskState::Written, position);
    publishTask(w, TaskState::Written, position);

    auto verified = verifyObject(w, t.key, sourceHash, t.bytesDone, *committed, cancelled);
    if (cancelled)
        return model::success();
    if (!verified)
        return verified;
    markVerified(position);
    return model::success();
}

Result<std::string> Run::zstdLogicalHash(Connector& connector, const std::string& key,
                                         bool& cancelled) {
    const auto stop = m_stop.get_token();
    auto reader = connector.openRead(key, 0);
    if (!reader)
        return reader.error();
    auto lease = m_pool->acquire(stop);
    if (!lease) {
        cancelled = true;
        return std::string();
    }
    ZstdLogicalHasher hasher(HashKind::Sha256);
    for (;;) {
        if (stop.stop_requested()) {
            cancelled = true;
            return std::string();
        }
        auto n = (*reader)->read(lease.bytes());
        if (!n)
            return n.error();
        if (*n == 0)
            break;
        if (auto ok = hasher.update(lease.bytes().first(*n)); !ok)
            return ok.error();
    }
    return hasher.finishHex();
}

Result<void> Run::copyTransformed(TaskWork& w, bool& cancelled) {
    PairRuntime& p = *w.pair;
    Connector& source = *p.source;
    Connector& target = *p.target;
    JournalTask& t = w.task;
    const auto stop = m_stop.get_token();
    const std::string targetKey = p.transforms.targetKey(t.key);

    auto lease = m_pool->acquire(stop);
    if (!lease) {
        cancelled = true;
        return model::success();
    }
    // Transforms carry state (a dedupe table, a zstd frame, a safetensors header), so a partial
    // write of a transformed object is never resumed from an offset: every attempt, in this
    // session or after a resume, starts at byte 0 with a fresh chain, and an object committed
    // but not yet verified by an earlier session is written again. No checkpoints are taken.
    auto opened = target.openWrite(targetKey, writeOptionsFor(p.targetCaps, t));
    if (!opened)
        return opened.error();
    std::unique_ptr<ObjectWriter> writer = std::move(*opened);
    auto reader = source.openRead(t.key, 0);
    if (!reader) {
        writer->abort();
        return reader.error();
    }

    m_journal->recordState(t.id, TaskState::Copying, 0,
                           t.attempts > 0 ? "transformed: starts again from byte 0"
                                          : std::string());
    t.state = TaskState::Copying;
    t.attempts += 1;
    t.bytesDone = 0;
    t.resumeToken.clear();
    // Progress toward the total counts source bytes read; it restarts at 0.
    m_bytesDone -= std::min(w.counted, m_bytesDone.load());
    w.counted = 0;
    publishTask(w, TaskState::Copying, 0);

    TransformChain::Stream chain = p.transforms.forKey(t.key);
    ContentHasher sourceHasher(HashKind::Sha256);
    ContentHasher outputHasher(HashKind::Sha256);
    std::uint64_t position = 0; // source bytes read
    std::uint64_t written = 0;  // output bytes written to the target
    bool stopped = false;
    // The bandwidth limit and the bytes moved count output bytes: what crosses the link.
    const ByteSink sink = [&](std::span<const std::byte> out) -> Result<void> {
        outputHasher.update(out);
        auto wrote = writeLimited(*writer, out, [&](std::size_t slice) {
            written += slice;
            m_bytesMoved += slice;
        });
        if (!wrote)
            return wrote.error();
        if (!*wrote) {
            stopped = true;
            return Error{"run.cancelled", "The run was cancelled.", t.key};
        }
        return model::success();
    };
    auto failed = [&](const Error& error) -> Result<void> {
        writer->abort();
        if (stopped) {
            cancelled = true;
            return model::success();
        }
        if (!error.code.starts_with("transform."))
            return error;
        return Error{error.code,
                     "Transforming '" + t.key + "' failed: " + error.message +
                         " Nothing was written for it; fix the object at the source or the "
                         "mapping's transforms.",
                     error.context.empty() ? t.key : t.key + ": " + error.context};
    };

    const std::span<std::byte> buffer = lease.bytes();
    auto lastProgress = Clock::now();
    for (;;) {
        if (stop.stop_requested() || (m_paused.load() && !waitWhilePaused())) {
            writer->abort();
            cancelled = true;
            return model::success();
        }
        auto n = (*reader)->read(buffer);
        if (!n) {
            writer->abort();
            return n.error();
        }
        if (*n == 0)
            break;
        const auto chunk = buffer.first(*n);
        sourceHasher.update(chunk);
        if (auto ok = chain.write(chunk, sink); !ok)
            return failed(ok.error());
        position += chunk.size();
        m_bytesDone += chunk.size();
        w.counted += chunk.size();
        t.bytesDone = position;
        if (const auto now = Clock::now(); now - lastProgress >= kProgressInterval) {
            lastProgress = now;
            publishProgress(w, position);
        }
    }
    if (auto ok = chain.finish(sink); !ok)
        return failed(ok.error());
    lease = BufferPool::Lease(); // verification borrows its own buffer

    const std::string sourceHash = sourceHasher.finishHex();
    const std::string outputHash = outputHasher.finishHex();
    m_journal->recordSourceHash(t.id, sourceHash);
    t.sourceHash = sourceHash;
    auto committed = writer->commit();
    if (!committed) {
        writer->abort();
        return committed.error();
    }
    const nlohmann::json report = chain.report();
    const std::string summary = transformSummary(report);
    m_journal->recordTransformReport(t.id, report);
    t.bytesDone = written;
    t.state = TaskState::Written;
    m_journal->recordState(t.id, TaskState::Written, written, summary);
    publishTask(w, TaskState::Written, written);

    auto verified = verifyObject(w, targetKey, outputHash, written, *committed, cancelled,
                                 /*transformed=*/true);
    if (cancelled)
        return model::success();
    if (!verified)
        return verified;
    if (chain.endsWithZstdCompression()) {
        // Also the logical content: decompressing the target gives what entered the zstd step
        // (the source itself when zstd is the only transform).
        auto logical = zstdLogicalHash(target, targetKey, cancelled);
        if (cancelled)
            return model::success();
        if (!logical || *logical != chain.logicalSha256()) {
            (void)target.remove(targetKey);
            t.state = TaskState::Queued;
            return Error{"verify.mismatch",
                         "The compressed copy of '" + t.key + "' at " + p.pair.target + " ('" +
                             targetKey + "') does not decompress to the source's content (" +
                             (logical ? "sha256 " + shortHash(*logical) + " instead of " +
                                            shortHash(chain.logicalSha256())
                                      : logical.error().message) +
                             "). The bad copy was removed; if this repeats, check the target "
                             "storage.",
                         targetKey};
        }
    }
    m_journal->recordState(t.id, TaskState::Verified, written);
    t.state = TaskState::Verified;
    publishTask(w, TaskState::Verified, written, {},
                (targetKey == t.key ? t.key : t.key + " -> " + targetKey) + ": " + summary);
    return model::success();
}

} // namespace ferry::engine
