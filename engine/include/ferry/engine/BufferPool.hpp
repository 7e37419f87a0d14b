#pragma once

#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <span>
#include <stop_token>
#include <vector>

namespace ferry::engine {

/// Fixed-size byte buffers shared by a run's workers: at most `capacity` exist at once, so the
/// memory a run holds for data never grows with object size.
class BufferPool {
public:
    /// A buffer on loan; returns to the pool when destroyed.
    class Lease {
    public:
        Lease() = default;
        Lease(Lease&& other) noexcept;
        Lease& operator=(Lease&& other) noexcept;
        Lease(const Lease&) = delete;
        Lease& operator=(const Lease&) = delete;
        ~Lease();
        /// The buffer's bytes (bufferSize of the pool); empty for a default lease.
        std::span<std::byte> bytes() const { return m_bytes; }
        /// True when it holds a buffer.
        explicit operator bool() const { return !m_bytes.empty(); }

    private:
        friend class BufferPool;
        Lease(BufferPool* pool, std::byte* data, std::size_t size);
        BufferPool* m_pool = nullptr;
        std::span<std::byte> m_bytes;
    };

    /// A pool of at most capacity buffers of bufferSize bytes each, allocated on first use.
    BufferPool(std::size_t bufferSize, std::size_t capacity);
    ~BufferPool();
    BufferPool(const BufferPool&) = delete;
    BufferPool& operator=(const BufferPool&) = delete;

    /// Borrow a buffer, waiting while all are lent; an empty lease when stop is requested.
    Lease acquire(std::stop_token stop = {});
    /// Bytes of one buffer.
    std::size_t bufferSize() const { return m_bufferSize; }
    /// Most buffers that may be lent at once.
    std::size_t capacity() const;
    /// Change how many buffers may be lent at once (at least 1), e.g. when a run's parallelism
    /// changes: more lets waiting borrowers in at once; fewer frees idle buffers now and the
    /// ones on loan as they come back, while new borrowers wait until fewer are out.
    void setCapacity(std::size_t capacity);
    /// Buffers allocated so far (never more than capacity).
    std::size_t allocated() const;
    /// Buffers lent right now.
    std::size_t inUse() const;
    /// Most buffers lent at the same time since the pool was made.
    std::size_t peakInUse() const;

private:
    void release(std::byte* data);
    void dropBuffer(std::byte* data); // with m_mutex held

    std::size_t m_bufferSize;
    std::size_t m_capacity;
    mutable std::mutex m_mutex;
    std::condition_variable_any m_available;
    std::vector<std::unique_ptr<std::byte[]>> m_all;
    std::vector<std::byte*> m_free;
    std::size_t m_inUse = 0;
    std::size_t m_peak = 0;
};

} // namespace ferry::engine
