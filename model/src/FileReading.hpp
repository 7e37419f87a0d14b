#pragma once

#include <ferry/model/Result.hpp>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>

namespace ferry::model::detail {

/// An "io.read" Error for a failed open or read (missing file, folder, permission...).
Error readFailure(int errnoValue, const std::filesystem::path& path);
/// The first maxBytes of a file (fewer when it is shorter), to recognise its format.
Result<std::string> readFileStart(const std::filesystem::path& path, std::size_t maxBytes);
/// The whole file; an "io.read" error when it holds more than maxBytes.
Result<std::string> readWholeFile(const std::filesystem::path& path, std::uint64_t maxBytes);

} // namespace ferry::model::detail
