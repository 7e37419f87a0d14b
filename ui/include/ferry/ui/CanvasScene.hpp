#pragma once

#include <ferry/model/Result.hpp>
#include <ferry/ui/EditCommands.hpp>

#include <QGraphicsScene>
#include <QHash>
#include <QSet>
#include <QString>
#include <QStringList>
#include <QTimer>

#include <vector>

class QGraphicsPathItem;
class QMimeData;

namespace ferry::ui {

class CanvasOverviewItem;
class DependencyEdgeItem;
class LinkEdgeItem;
class MappingEdgeItem;
class PlanGraphModel;
class ProjectDocument;
class SiteItem;
class WorkloadItem;

/// The canvas scene: one item per site, workload, dependency, mapping and network link, created,
/// moved and removed only in answer to PlanGraphModel's signals. It never owns data: gestures (drag
/// to move, drag onto another site to map, drag from a card's handle to add a dependency,
/// Shift-drag from a site to another to add a network link, drops from the palette) push undo
/// commands, and the model's notification updates the items.
class CanvasScene : public QGraphicsScene {
    Q_OBJECT
public:
    explicit CanvasScene(PlanGraphModel& model, QObject* parent = nullptr);
    ~CanvasScene() override;

    /// The adapter the items read from.
    PlanGraphModel& graphModel() const { return m_model; }
    /// The document edited by gestures.
    ProjectDocument& document() const;

    /// The item of a site, or nullptr.
    SiteItem* siteItem(const QString& id) const { return m_sites.value(id); }
    /// The item of a workload, or nullptr.
    WorkloadItem* workloadItem(const QString& id) const { return m_workloads.value(id); }
    /// The item of a dependency ("from->to"), or nullptr.
    DependencyEdgeItem* dependencyItem(const QString& id) const { return m_dependencies.value(id); }
    /// The mapping edge of a workload, or nullptr when it has none.
    MappingEdgeItem* mappingItem(const QString& workloadId) const {
        return m_mappings.value(workloadId);
    }
    /// The edge of a network link (by its project id), or nullptr.
    LinkEdgeItem* linkItem(const QString& linkId) const { return m_links.value(linkId); }
    /// Number of link items.
    int linkItemCount() const { return int(m_links.size()); }
    /// Number of site, workload, dependency and mapping items.
    int siteItemCount() const { return int(m_sites.size()); }
    int workloadItemCount() const { return int(m_workloads.size()); }
    int dependencyItemCount() const { return int(m_dependencies.size()); }
    int mappingItemCount() const { return int(m_mappings.size()); }

    /// Measure translated labels again (the interface language changed) and repaint.
    void retranslate();

    /// The topmost site whose rectangle holds a scene point, skipping the site except; or nullptr.
    SiteItem* siteAt(QPointF scenePos, const QString& except = {}) const;
    /// The topmost workload card at a scene point, or nullptr.
    WorkloadItem* workloadAt(QPointF scenePos) const;
    /// Rectangle holding every site and card.
    QRectF contentRect() const;

    /// Ids of the selected sites, workloads and dependencies (as Selection holds them).
    QStringList selectedObjectIds() const;
    /// The selected objects, mapping edges included, for deleting.
    ObjectSet selectedObjects() const;
    /// Select exactly these ids (sites, workloads, "from->to" dependencies).
    void selectObjects(const QStringList& ids);

    /// Create the object a palette drag carries at a scene point (one undo step). A workload must
    /// land inside a site; otherwise nothing changes and statusMessage says why. Returns the new
    /// object's id, or an empty string.
    QString dropPaletteObject(const QMimeData* mime, QPointF scenePos);
    /// Highlight the site a palette drag at scenePos would land in (clear with a null mime).
    void previewPaletteDrop(const QMimeData* mime, QPointF scenePos);
    /// Abandon a gesture in progress (Escape): a drag returns to where it started.
    void cancelGesture();
    /// True while a drag or a dependency is being drawn.
    bool gestureActive() const { return m_gesture != Gesture::None; }
    /// Zoomed far out: draw every edge as one batch of hairlines instead of one item per edge
    /// (edge items are hidden, so they cannot be clicked then).
    void setOverview(bool on);
    /// True in the overview level of detail.
    bool overview() const { return m_overviewMode; }
    /// The aggregated edges shown in the overview.
    const CanvasOverviewItem* overviewItem() const { return m_overview; }

signals:
    /// A short message for the status bar (what a gesture did or why it did nothing).
    void statusMessage(const QString& message);
    /// The user double-clicked an object (show its properties).
    void objectActivated(const QString& id);
    /// Items were added, removed or moved (the minimap and the scene rectangle follow).
    void contentChanged();

protected:
    void mousePressEvent(QGraphicsSceneMouseEvent* event) override;
    void mouseMoveEvent(QGraphicsSceneMouseEvent* event) override;
    void mouseReleaseEvent(QGraphicsSceneMouseEvent* event) override;
    void mouseDoubleClickEvent(QGraphicsSceneMouseEvent* event) override;
    void helpEvent(QGraphicsSceneHelpEvent* event) override;

private:
    enum class Gesture { None, Move, Link, SiteLink };
    struct Dragged {
        MoveEntry::Target target;
        QString id;
        QPointF start;
        bool pinned;
    };

    void rebuild();
    void addSite(const QString& id);
    void removeSite(const QString& id);
    void addWorkload(const QString& id);
    void changeWorkload(const QString& id, const QString& oldSite);
    void removeWorkload(const QString& id, const QString& oldSite);
    void addDependency(const QString& id);
    void removeDependency(const QString& id);
    void addLink(const QString& id);
    void removeLink(const QString& id);
    void placeLinksOf(const QString& siteId);
    void updateMapping(const QString& workloadId);
    void refreshSite(const QString& id);
    void placeMappingEdge(const QString& workloadId);
    void refreshAll();
    void updateEdgesOf(const QString& workloadId);
    void syncSelectionToDocument();
    void scheduleOverview();

    void beginMove(QGraphicsSceneMouseEvent* event);
    void continueMove(QGraphicsSceneMouseEvent* event);
    void finishMove(QGraphicsSceneMouseEvent* event);
    void mapDragged(SiteItem* target, const QStringList& workloads);
    void beginLink(WorkloadItem* from, QPointF scenePos);
    void continueLink(QPointF scenePos);
    void finishLink(QPointF scenePos);
    void beginSiteLink(SiteItem* from, QPointF scenePos);
    void continueSiteLink(QPointF scenePos);
    void finishSiteLink(QPointF scenePos);
    void setHoverSite(SiteItem* site);
    void setHoverWorkload(WorkloadItem* workload);
    void undoOwnMove();
    QString tooltipAt(QPointF scenePos) const;

    PlanGraphModel& m_model;
    QHash<QString, SiteItem*> m_sites;
    QHash<QString, WorkloadItem*> m_workloads;
    QHash<QString, DependencyEdgeItem*> m_dependencies;
    QHash<QString, MappingEdgeItem*> m_mappings;
    QHash<QString, LinkEdgeItem*> m_links;

    Gesture m_gesture = Gesture::None;
    int m_gestureNumber = 0;
    bool m_moved = false;
    bool m_workloadsOnly = false;
    QPointF m_dragStart;
    std::vector<Dragged> m_dragged;
    QSet<QString> m_pendingSites;
    SiteItem* m_hoverSite = nullptr;
    WorkloadItem* m_hoverWorkload = nullptr;
    QString m_linkFrom;
    QGraphicsPathItem* m_linkLine = nullptr;
    bool m_syncingSelection = false;
    CanvasOverviewItem* m_overview = nullptr;
    bool m_overviewMode = false;
    QTimer m_overviewTimer;
};

} // namespace ferry::ui
