#include <ferry/engine/RunEvents.hpp>

#include <algorithm>

namespace ferry::engine {

std::string_view toString(RunEventType type) {
    switch (type) {
    case RunEventType::RunState:
        return "run";
    case RunEventType::WaveState:
        return "wave";
    case RunEventType::PairState:
        return "pair";
    case RunEventType::TaskState:
        return "task";
    case RunEventType::Progress:
        return "progress";
    case RunEventType::Throughput:
        return "throughput";
    case RunEventType::Error:
        return "error";
    case RunEventType::Dropped:
        return "dropped";
    }
    return "unknown";
}

nlohmann::json RunEvent::toJson() const {
    nlohmann::json j;
    j["event"] = std::string(toString(type));
    j["time_ns"] = timeNs;
    if (!runId.empty())
        j["run"] = runId;
    if (wave != 0)
        j["wave"] = wave;
    if (!workload.empty())
        j["workload"] = workload;
    if (taskId != 0)
        j["task"] = taskId;
    if (!key.empty())
        j["key"] = key;
    if (!state.empty())
        j["state"] = state;
    if (type == RunEventType::Progress || type == RunEventType::Throughput ||
        type == RunEventType::TaskState || bytes != 0)
        j["bytes"] = bytes;
    if (total != 0)
        j["total"] = total;
    if (rows)
        j["unit"] = "rows"; // bytes and total count a table's rows
    if (type == RunEventType::Throughput) {
        j["bytes_per_second"] = bytesPerSecond;
        j["objects_done"] = objectsDone;
        j["objects_total"] = objectsTotal;
        if (etaSeconds >= 0)
            j["eta_seconds"] = etaSeconds;
    }
    if (type == RunEventType::Dropped)
        j["count"] = count;
    if (!code.empty())
        j["code"] = code;
    if (!message.empty())
        j["message"] = message;
    return j;
}

RunEventQueue::RunEventQueue(std::size_t capacity)
    : m_capacity(std::max<std::size_t>(capacity, 16)) {}

void RunEventQueue::push(const RunEvent& event) {
    {
        std::lock_guard lock(m_mutex);
        if (m_closed)
            return;
        if (event.type == RunEventType::Progress) {
            m_progress[event.taskId] = event;
        } else {
            if (event.type == RunEventType::TaskState)
                m_progress.erase(event.taskId); // the state event carries the bytes
            if (m_events.size() >= m_capacity) {
                ++m_dropped;
                return;
            }
            if (m_dropped != m_droppedReported && m_events.size() + 1 < m_capacity) {
                RunEvent lost;
                lost.type = RunEventType::Dropped;
                lost.timeNs = event.timeNs;
                lost.runId = event.runId;
                lost.count = m_dropped - m_droppedReported;
                lost.message = std::to_string(lost.count) +
                               " events were dropped because this consumer fell behind.";
                m_droppedReported = m_dropped;
                m_events.push_back(std::move(lost));
            }
            m_events.push_back(event);
        }
    }
    m_ready.notify_one();
}

std::vector<RunEvent> RunEventQueue::poll(std::chrono::milliseconds timeout) {
    std::unique_lock lock(m_mutex);
    if (timeout.count() > 0)
        m_ready.wait_for(lock, timeout,
                         [this] { return m_closed || !m_events.empty() || !m_progress.empty(); });
    std::vector<RunEvent> out;
    out.reserve(m_events.size() + m_progress.size());
    for (auto& e : m_events)
        out.push_back(std::move(e));
    m_events.clear();
    for (auto& [id, e] : m_progress)
        out.push_back(std::move(e));
    m_progress.clear();
    return out;
}

std::uint64_t RunEventQueue::dropped() const {
    std::lock_guard lock(m_mutex);
    return m_dropped;
}

void RunEventQueue::close() {
    {
        std::lock_guard lock(m_mutex);
        m_closed = true;
    }
    m_ready.notify_all();
}

RunEventStream::~RunEventStream() {
    std::vector<int> ids;
    {
        std::lock_guard lock(m_mutex);
        for (const auto& [id, s] : m_subscribers)
            ids.push_back(id);
    }
    for (int id : ids)
        unsubscribe(id);
}

void RunEventStream::publish(RunEvent event) {
    if (event.timeNs == 0)
        event.timeNs = std::chrono::duration_cast<std::chrono::nanoseconds>(
                           std::chrono::system_clock::now().time_since_epoch())
                           .count();
    std::lock_guard lock(m_mutex);
    for (const auto& queue : m_queues)
        queue->push(event);
}

std::shared_ptr<RunEventQueue> RunEventStream::openQueue(std::size_t capacity) {
    auto queue = std::make_shared<RunEventQueue>(capacity);
    std::lock_guard lock(m_mutex);
    m_queues.push_back(queue);
    return queue;
}

void RunEventStream::closeQueue(const std::shared_ptr<RunEventQueue>& queue) {
    {
        std::lock_guard lock(m_mutex);
        std::erase(m_queues, queue);
    }
    queue->close();
}

int RunEventStream::subscribe(std::function<void(const RunEvent&)> callback) {
    auto queue = openQueue();
    std::lock_guard lock(m_mutex);
    const int id = m_nextId++;
    Subscriber& s = m_subscribers[id];
    s.queue = queue;
    s.thread = std::jthread([queue, callback = std::move(callback)](std::stop_token stop) {
        for (;;) {
            const bool stopping = stop.stop_requested();
            auto events = queue->poll(std::chrono::milliseconds(100));
            for (const auto& e : events)
                callback(e);
            if (stopping && events.empty())
                return; // everything queued before the stop was delivered
        }
    });
    return id;
}

void RunEventStream::unsubscribe(int id) {
    Subscriber s;
    {
        std::lock_guard lock(m_mutex);
        auto it = m_subscribers.find(id);
        if (it == m_subscribers.end())
            return;
        s = std::move(it->second);
        m_subscribers.erase(it);
        std::erase(m_queues, s.queue);
    }
    s.thread.request_stop();
    if (s.thread.joinable())
        s.thread.join();
    s.queue->close();
}

} // namespace ferry::engine
