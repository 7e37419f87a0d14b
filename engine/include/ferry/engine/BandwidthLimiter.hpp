#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <stop_token>

namespace ferry::engine {

/// A token bucket shared by a run's workers: bytes per second, changeable while running; a burst
/// of a quarter second of traffic at most. A rate of 0 means unlimited.
class BandwidthLimiter {
public:
    /// A limiter at bytesPerSecond (0 = unlimited).
    explicit BandwidthLimiter(std::uint64_t bytesPerSecond = 0);
    /// Change the rate; waiting workers pick it up within 100 ms.
    void setRate(std::uint64_t bytesPerSecond);
    /// The current rate (0 = unlimited).
    std::uint64_t rate() const;
    /// Take bytes from the bucket, waiting until the rate allows them; false when stop is
    /// requested while waiting (the bytes are then not taken).
    bool acquire(std::uint64_t bytes, std::stop_token stop = {});

private:
    using Clock = std::chrono::steady_clock;
    void refill(Clock::time_point now);

    mutable std::mutex m_mutex;
    std::condition_variable_any m_changed;
    std::uint64_t m_rate;
    double m_tokens = 0;
    Clock::time_point m_last;
};

} // namespace ferry::engine
