#pragma once

#include <string_view>

namespace ferry::model {

/// Ferry's version, as set by the build, e.g. "0.1.0".
std::string_view ferryVersion();

} // namespace ferry::model
