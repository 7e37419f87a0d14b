#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace ferry::model {

/// What went wrong, for a user: a stable code, a sentence saying what to do, and where.
struct Error {
    std::string code;    ///< Stable machine-readable code, e.g. "json.parse" or "edit.unknown_site".
    std::string message; ///< One sentence: what happened and what to do.
    std::string context; ///< Where: a file and line, an object id, a column.

    /// The message with its context, as one line for logs and the command line.
    std::string toString() const {
        return context.empty() ? message : context + ": " + message;
    }
};

/// A value or an Error; the return type of every operation a user can make fail.
template <typename T> class [[nodiscard]] Result {
public:
    Result(T value) : m_state(std::move(value)) {}
    Result(Error error) : m_state(std::move(error)) {}

    /// True when the operation succeeded.
    bool ok() const { return m_state.index() == 0; }
    explicit operator bool() const { return ok(); }

    /// The value; only valid when ok().
    T& value() & {
        assert(ok());
        return std::get<0>(m_state);
    }
    const T& value() const& {
        assert(ok());
        return std::get<0>(m_state);
    }
    T&& value() && {
        assert(ok());
        return std::get<0>(std::move(m_state));
    }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }

    /// The error; only valid when !ok().
    const Error& error() const {
        assert(!ok());
        return std::get<1>(m_state);
    }

private:
    std::variant<T, Error> m_state;
};

/// Result of an operation with no value.
template <> class [[nodiscard]] Result<void> {
public:
    Result() = default;
    Result(Error error) : m_error(std::move(error)), m_ok(false) {}

    /// True when the operation succeeded.
    bool ok() const { return m_ok; }
    explicit operator bool() const { return m_ok; }
    /// The error; only valid when !ok().
    const Error& error() const {
        assert(!m_ok);
        return m_error;
    }

private:
    Error m_error;
    bool m_ok = true;
};

/// Shorthand for a successful Result<void>.
inline Result<void> success() { return {}; }

} // namespace ferry::model
