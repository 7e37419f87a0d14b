#pragma once

#include <ferry/model/CanvasPosition.hpp>
#include <ferry/model/Enums.hpp>

#include <string>

namespace ferry::model {

/// A data centre or a cloud region that holds workloads.
struct Site {
    std::string id;                      ///< Stable id, unique among sites.
    std::string name;                    ///< Display name.
    Provider provider = Provider::OnPrem; ///< Who runs it.
    std::string region;                  ///< Provider region code, e.g. "eu-west-1"; free text on-prem.
    int utcOffsetMinutes = 0;            ///< Local time zone, for cutover windows.
    CanvasPosition position;             ///< Top-left corner on the canvas.

    bool operator==(const Site&) const = default;
};

} // namespace ferry::model
