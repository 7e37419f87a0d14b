#pragma once

#include <ferry/model/ProjectData.hpp>

#include <optional>
#include <string>

namespace ferry::model::detail {

/// JSON pointer of the first NaN or infinite number in data (neither file format can hold one),
/// e.g. "/workloads/3/size_gb"; nullopt when every number is finite.
std::optional<std::string> findNonFiniteNumber(const ProjectData& data);

} // namespace ferry::model::detail
