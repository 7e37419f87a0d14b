#pragma once

namespace ferry::model {

/// Where an object sits on the canvas, in scene units; saved with the project.
struct CanvasPosition {
    double x = 0.0;      ///< Left edge (sites) or centre (workloads).
    double y = 0.0;      ///< Top edge (sites) or centre (workloads).
    bool pinned = false; ///< Automatic layout keeps pinned objects where they are.

    bool operator==(const CanvasPosition&) const = default;
};

} // namespace ferry::model
