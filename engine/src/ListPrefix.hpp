#pragma once

#include <ferry/engine/Connector.hpp>

#include <string_view>

namespace ferry::engine {

/// Check a list() prefix: "" (everything), a safe key, or a safe key followed by one '/'.
inline Result<void> checkListPrefix(std::string_view prefix) {
    if (prefix.empty())
        return model::success();
    if (prefix.ends_with('/'))
        prefix.remove_suffix(1);
    return checkObjectKey(prefix);
}

} // namespace ferry::engine
