#pragma once

#include <ferry/model/ProjectData.hpp>
#include <ferry/model/Result.hpp>
#include <ferry/ui/EditCommands.hpp>

#include <QByteArray>
#include <QCoreApplication>
#include <QString>

#include <vector>

namespace ferry::ui {

class ProjectDocument;

/// Automatic canvas layout. Graphviz `dot` (one cluster per site, dependencies and mappings as
/// edges, left to right: sources before targets) places unpinned sites and workloads; pinned
/// objects (CanvasPosition::pinned) stay where they are, and the workloads of a pinned site keep
/// their place relative to it. The result is a list of moves, applied as one undo step.
class AutoLayout {
    Q_DECLARE_TR_FUNCTIONS(AutoLayout)

public:
    /// The `dot` program to run: $FERRY_DOT when set, else `dot` on the PATH; empty when absent.
    static QString findDot();
    /// The graph handed to dot for a project.
    static QByteArray dotInput(const model::ProjectData& data);
    /// Moves from dot's -Tjson output for the graph dotInput(data) made.
    static model::Result<std::vector<MoveEntry>> movesFromDotJson(const model::ProjectData& data,
                                                                  const QByteArray& json);
    /// Run dot and read its layout; blocks (call it off the UI thread for big estates).
    static model::Result<std::vector<MoveEntry>>
    layoutWithDot(const model::ProjectData& data, const QString& dotPath, int timeoutMs = 120000);
    /// A layout without Graphviz: sites in rows, each site's workloads in a square-ish grid.
    static std::vector<MoveEntry> gridLayout(const model::ProjectData& data);
    /// Apply moves as one undo step named text; moves of objects that no longer exist or that
    /// would not change anything are dropped.
    static model::Result<void> apply(ProjectDocument& document, std::vector<MoveEntry> moves,
                                     const QString& text);
};

} // namespace ferry::ui
