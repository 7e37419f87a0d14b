#include <ferry/engine/BandwidthLimiter.hpp>

#include <algorithm>

namespace ferry::engine {

namespace {
constexpr double kBurstSeconds = 0.25;
}

BandwidthLimiter::BandwidthLimiter(std::uint64_t bytesPerSecond)
    : m_rate(bytesPerSecond), m_last(Clock::now()) {
    m_tokens = static_cast<double>(m_rate) * kBurstSeconds;
}

void BandwidthLimiter::setRate(std::uint64_t bytesPerSecond) {
    {
        std::lock_guard lock(m_mutex);
        refill(Clock::now());
        m_rate = bytesPerSecond;
        m_tokens = std::min(m_tokens, static_cast<double>(m_rate) * kBurstSeconds);
    }
    m_changed.notify_all();
}

std::uint64_t BandwidthLimiter::rate() const {
    std::lock_guard lock(m_mutex);
    return m_rate;
}

void BandwidthLimiter::refill(Clock::time_point now) {
    const double seconds = std::chrono::duration<double>(now - m_last).count();
    m_last = now;
    if (m_rate == 0)
        return;
    const double burst = static_cast<double>(m_rate) * kBurstSeconds;
    m_tokens = std::min(burst, m_tokens + seconds * static_cast<double>(m_rate));
}

bool BandwidthLimiter::acquire(std::uint64_t bytes, std::stop_token stop) {
    std::unique_lock lock(m_mutex);
    for (;;) {
        refill(Clock::now());
        if (m_rate == 0)
            return true;
        // A request larger than the burst waits for a full burst and leaves the bucket in debt,
        // which the next request waits off, so the average rate still holds.
        const double need =
            std::min(static_cast<double>(bytes), static_cast<double>(m_rate) * kBurstSeconds);
        if (m_tokens >= need) {
            m_tokens -= static_cast<double>(bytes);
            return true;
        }
        const double wait = (need - m_tokens) / static_cast<double>(m_rate);
        const auto slice = std::chrono::duration<double>(std::min(wait, 0.1));
        m_changed.wait_for(lock, stop, std::chrono::duration_cast<Clock::duration>(slice),
                           [] { return false; });
        if (stop.stop_requested())
            return false;
    }
}

} // namespace ferry::engine
