#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

namespace ferry::engine {

/// What an event reports.
enum class RunEventType {
    RunState,   ///< The run started, paused, resumed, finished, was cancelled or failed.
    WaveState,  ///< A wave started or finished.
    PairState,  ///< A source/target pair was listed, skipped or finished.
    TaskState,  ///< One object changed state (queued, copying, written, verified, failed, skipped).
    Progress,   ///< Bytes moved for one object so far (coalesced: only the latest is kept).
    Throughput, ///< A sample of the whole run: bytes, rate, objects, ETA (at least 4 a second).
    Error,      ///< Something failed: the object, the code and the reason.
    Dropped     ///< Events were lost because a consumer fell behind (count in `count`).
};

/// Stable spelling: "run", "wave", "pair", "task", "progress", "throughput", "error", "dropped".
std::string_view toString(RunEventType type);

/// One thing that happened in a run; fields that do not apply stay empty or 0.
struct RunEvent {
    RunEventType type = RunEventType::RunState; ///< What this reports.
    std::int64_t timeNs = 0;                    ///< Wall clock, ns since the epoch.
    std::string runId;                          ///< The run.
    int wave = 0;                               ///< Wave number, 0 when not about one wave.
    std::string workload;                       ///< Workload id of the pair, "" for ad-hoc copies.
    std::int64_t taskId = 0;                    ///< Journal task id, 0 when not about one object.
    std::string key;                            ///< Object key.
    std::string state;         ///< New state ("copying", "verified", "paused", "finished", ...).
    std::uint64_t bytes = 0;   ///< Bytes done (of the object, or of the run for Throughput).
    std::uint64_t total = 0;   ///< Bytes expected (object size, or the run's total).
    bool rows = false;         ///< bytes and total count rows: the task is a database table.
    double bytesPerSecond = 0; ///< Throughput samples: rate over the last second.
    std::uint64_t objectsDone = 0;  ///< Throughput samples: objects finished (any end state).
    std::uint64_t objectsTotal = 0; ///< Throughput samples: objects in the run.
    double etaSeconds = -1;         ///< Throughput samples: estimated time left, -1 = unknown.
    std::uint64_t count = 0;        ///< Dropped: how many events were lost.
    std::string code;               ///< Error code for Error and failed TaskState events.
    std::string message;            ///< A sentence for a person (the reason, for errors).

    /// The event as one JSON object (for --json-events); empty fields are left out.
    nlohmann::json toJson() const;
};

/// A queue one consumer polls; bounded, coalesces Progress per object and never blocks a
/// publisher: when full, events other than Progress are dropped and counted.
class RunEventQueue {
public:
    /// A queue holding at most capacity events besides the coalesced progress.
    explicit RunEventQueue(std::size_t capacity = 65536);
    /// Take every pending event (progress last), or wait up to timeout for one to arrive.
    std::vector<RunEvent> poll(std::chrono::milliseconds timeout = std::chrono::milliseconds(0));
    /// Events lost so far because the queue was full.
    std::uint64_t dropped() const;
    /// Wake a waiting poll() and make further polls return at once (used on unsubscribe).
    void close();
    /// Add an event (called by RunEventStream; never blocks beyond a short lock).
    void push(const RunEvent& event);

private:
    mutable std::mutex m_mutex;
    std::condition_variable m_ready;
    std::deque<RunEvent> m_events;
    std::map<std::int64_t, RunEvent> m_progress; // latest Progress per task id
    std::size_t m_capacity;
    std::uint64_t m_dropped = 0;
    std::uint64_t m_droppedReported = 0;
    bool m_closed = false;
};

/// The thread-safe event stream of a run: workers publish, any number of consumers subscribe
/// with a callback (called on a thread of the stream's own, never on a worker) or poll a queue.
class RunEventStream {
public:
    RunEventStream() = default;
    ~RunEventStream();
    RunEventStream(const RunEventStream&) = delete;
    RunEventStream& operator=(const RunEventStream&) = delete;

    /// Hand an event to every consumer; stamps timeNs when it is 0. Never blocks on a consumer.
    void publish(RunEvent event);
    /// A new queue that receives every event published from now on.
    std::shared_ptr<RunEventQueue> openQueue(std::size_t capacity = 65536);
    /// Call callback with every event from now on, in order, from a delivery thread; returns an
    /// id for unsubscribe(). A slow callback only makes its own queue coalesce or drop.
    int subscribe(std::function<void(const RunEvent&)> callback);
    /// Stop a callback subscription after delivering what is already queued for it.
    void unsubscribe(int id);
    /// Stop a queue from receiving events.
    void closeQueue(const std::shared_ptr<RunEventQueue>& queue);

private:
    struct Subscriber {
        std::shared_ptr<RunEventQueue> queue;
        std::jthread thread; // delivery thread of a callback subscriber
    };
    std::mutex m_mutex;
    std::vector<std::shared_ptr<RunEventQueue>> m_queues;
    std::map<int, Subscriber> m_subscribers;
    int m_nextId = 1;
};

} // namespace ferry::engine
