#include <ferry/engine/BufferPool.hpp>

#include <algorithm>
#include <cassert>
#include <utility>

namespace ferry::engine {

BufferPool::Lease::Lease(BufferPool* pool, std::byte* data, std::size_t size)
    : m_pool(pool), m_bytes(data, size) {}

BufferPool::Lease::Lease(Lease&& other) noexcept
    : m_pool(std::exchange(other.m_pool, nullptr)), m_bytes(std::exchange(other.m_bytes, {})) {}

BufferPool::Lease& BufferPool::Lease::operator=(Lease&& other) noexcept {
    if (this != &other) {
        if (m_pool)
            m_pool->release(m_bytes.data());
        m_pool = std::exchange(other.m_pool, nullptr);
        m_bytes = std::exchange(other.m_bytes, {});
    }
    return *this;
}

BufferPool::Lease::~Lease() {
    if (m_pool)
        m_pool->release(m_bytes.data());
}

BufferPool::BufferPool(std::size_t bufferSize, std::size_t capacity)
    : m_bufferSize(std::max<std::size_t>(bufferSize, 4096)),
      m_capacity(std::max<std::size_t>(capacity, 1)) {}

BufferPool::~BufferPool() {
    assert(m_inUse == 0 && "a buffer outlived its pool");
}

BufferPool::Lease BufferPool::acquire(std::stop_token stop) {
    std::unique_lock lock(m_mutex);
    if (!m_available.wait(lock, stop,
                          [this] {
                              return m_inUse < m_capacity &&
                                     (!m_free.empty() || m_all.size() < m_capacity);
                          }))
        return {};
    std::byte* data = nullptr;
    if (!m_free.empty()) {
        data = m_free.back();
        m_free.pop_back();
    } else {
        m_all.push_back(std::make_unique_for_overwrite<std::byte[]>(m_bufferSize));
        data = m_all.back().get();
    }
    ++m_inUse;
    m_peak = std::max(m_peak, m_inUse);
    return Lease(this, data, m_bufferSize);
}

void BufferPool::release(std::byte* data) {
    {
        std::lock_guard lock(m_mutex);
        --m_inUse;
        if (m_all.size() > m_capacity)
            dropBuffer(data);
        else
            m_free.push_back(data);
    }
    m_available.notify_one();
}

void BufferPool::dropBuffer(std::byte* data) {
    auto it = std::find_if(m_all.begin(), m_all.end(),
                           [data](const auto& buffer) { return buffer.get() == data; });
    assert(it != m_all.end());
    m_all.erase(it);
}

std::size_t BufferPool::capacity() const {
    std::lock_guard lock(m_mutex);
    return m_capacity;
}

void BufferPool::setCapacity(std::size_t capacity) {
    {
        std::lock_guard lock(m_mutex);
        m_capacity = std::max<std::size_t>(capacity, 1);
        while (m_all.size() > m_capacity && !m_free.empty()) {
            dropBuffer(m_free.back());
            m_free.pop_back();
        }
    }
    m_available.notify_all();
}

std::size_t BufferPool::allocated() const {
    std::lock_guard lock(m_mutex);
    return m_all.size();
}

std::size_t BufferPool::inUse() const {
    std::lock_guard lock(m_mutex);
    return m_inUse;
}

std::size_t BufferPool::peakInUse() const {
    std::lock_guard lock(m_mutex);
    return m_peak;
}

} // namespace ferry::engine
