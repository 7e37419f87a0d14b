#pragma once

#include <ferry/model/Result.hpp>

#include <map>
#include <string>
#include <string_view>

namespace ferry::engine {

/// A connector address: scheme://authority/path?query, e.g. "s3://bucket/prefix?region=eu-west-1".
struct Uri {
    std::string scheme;                       ///< "file", "s3", "sqlite", "postgresql", "memory".
    std::string userInfo;                     ///< "user" of "user@host" (never a password).
    std::string host;                         ///< Bucket for s3, host for postgresql, "" for file.
    int port = 0;                             ///< 0 when absent.
    std::string path;                         ///< Percent-decoded path, "/abs/dir" for file.
    std::map<std::string, std::string> query; ///< Percent-decoded query parameters.

    /// Parse; expands "${project_dir}" with projectDir first. Refuses passwords in the URI.
    static model::Result<Uri> parse(std::string_view text, std::string_view projectDir = {});
    /// The URI as text, with the query in key order (for logs: never holds a secret).
    std::string toString() const;
    /// Query parameter or fallback.
    std::string param(const std::string& key, const std::string& fallback = {}) const;
};

} // namespace ferry::engine
