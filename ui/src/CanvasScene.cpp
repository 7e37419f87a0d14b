#include <ferry/ui/CanvasScene.hpp>

#include <ferry/model/Project.hpp>
#include <ferry/ui/CanvasOverviewItem.hpp>
#include <ferry/ui/CanvasStyle.hpp>
#include <ferry/ui/DependencyEdgeItem.hpp>
#include <ferry/ui/LinkEdgeItem.hpp>
#include <ferry/ui/MappingEdgeItem.hpp>
#include <ferry/ui/PaletteWidget.hpp>
#include <ferry/ui/PlanGraphDefaults.hpp>
#include <ferry/ui/PlanGraphModel.hpp>
#include <ferry/ui/ProjectDocument.hpp>
#include <ferry/ui/Selection.hpp>
#include <ferry/ui/SiteItem.hpp>
#include <ferry/ui/WorkloadItem.hpp>

#include <QApplication>
#include <QGraphicsPathItem>
#include <QGraphicsSceneHelpEvent>
#include <QGraphicsSceneMouseEvent>
#include <QGraphicsView>
#include <QLocale>
#include <QToolTip>

#include <algorithm>
#include <cmath>

namespace ferry::ui {
namespace {

QString qs(const std::string& text) {
    return QString::fromStdString(text);
}

model::CanvasPosition toPosition(QPointF p, bool pinned) {
    return model::CanvasPosition{std::round(p.x()), std::round(p.y()), pinned};
}

QString escaped(const QString& text) {
    return text.toHtmlEscaped();
}

} // namespace

CanvasScene::CanvasScene(PlanGraphModel& model, QObject* parent)
    : QGraphicsScene(parent), m_model(model) {
    // No spatial index: items move all the time, long edges span most of the scene (a BSP tree
    // holds them in many leaves), and a linear pass over a few thousand rectangles is cheaper
    // than the tree's upkeep and look-ups (see tests/bench/bench_canvas.cpp).
    setItemIndexMethod(NoIndex);
    m_overviewTimer.setSingleShot(true);
    m_overviewTimer.setInterval(0);
    connect(&m_overviewTimer, &QTimer::timeout, this, [this] {
        if (m_overview && m_overviewMode)
            m_overview->rebuild();
    });
    connect(&m_model, &PlanGraphModel::reset, this, &CanvasScene::rebuild);
    connect(&m_model, &PlanGraphModel::liveStateChanged, this, [this](const QString& id) {
        if (WorkloadItem* item = m_workloads.value(id))
            item->update();
        if (MappingEdgeItem* edge = m_mappings.value(id))
            edge->update();
    });
    connect(&m_model, &PlanGraphModel::siteAdded, this, &CanvasScene::addSite);
    connect(&m_model, &PlanGraphModel::siteChanged, this, [this](const QString& id) {
        if (SiteItem* item = siteItem(id))
            item->update();
        refreshSite(id);
    });
    connect(&m_model, &PlanGraphModel::siteRemoved, this, &CanvasScene::removeSite);
    connect(&m_model, &PlanGraphModel::workloadAdded, this, &CanvasScene::addWorkload);
    connect(&m_model, &PlanGraphModel::workloadChanged, this, &CanvasScene::changeWorkload);
    connect(&m_model, &PlanGraphModel::workloadRemoved, this, &CanvasScene::removeWorkload);
    connect(&m_model, &PlanGraphModel::dependencyAdded, this, &CanvasScene::addDependency);
    connect(&m_model, &PlanGraphModel::dependencyChanged, this, [this](const QString& id) {
        if (DependencyEdgeItem* item = dependencyItem(id))
            item->update();
    });
    connect(&m_model, &PlanGraphModel::dependencyRemoved, this,
            [this](const QString& id) { removeDependency(id); });
    connect(&m_model, &PlanGraphModel::linkAdded, this, &CanvasScene::addLink);
    connect(&m_model, &PlanGraphModel::linkChanged, this, [this](const QString& id) {
        if (LinkEdgeItem* item = linkItem(id)) {
            item->updateGeometry();
            item->update();
        }
    });
    connect(&m_model, &PlanGraphModel::linkRemoved, this, &CanvasScene::removeLink);
    connect(&m_model, &PlanGraphModel::mappingChanged, this,
            [this](const QString& id, const QString& oldTarget) {
                updateMapping(id);
                // Empty sites count what is mapped onto them.
                if (SiteItem* old = siteItem(oldTarget))
                    old->update();
                if (const WorkloadView* w = m_model.workload(id))
                    if (SiteItem* target = siteItem(w->target))
                        target->update();
            });
    connect(&m_model, &PlanGraphModel::analysisChanged, this, [this] {
        refreshAll();
        scheduleOverview(); // cycles are drawn in their own colour
    });
    connect(&m_model, &PlanGraphModel::colourModeChanged, this, &CanvasScene::refreshAll);

    connect(this, &QGraphicsScene::selectionChanged, this, &CanvasScene::syncSelectionToDocument);
    connect(&document().selection(), &Selection::changed, this,
            [this](const QStringList& ids) { selectObjects(ids); });
    rebuild();
}

CanvasScene::~CanvasScene() {
    // Items go before the scene's signals could reach a half-destroyed scene.
    disconnect(this, &QGraphicsScene::selectionChanged, this,
               &CanvasScene::syncSelectionToDocument);
}

ProjectDocument& CanvasScene::document() const {
    return m_model.document();
}

// ---- building and keeping in sync -------------------------------------------------------------

void CanvasScene::rebuild() {
    cancelGesture();
    m_syncingSelection = true;
    clear();
    m_sites.clear();
    m_workloads.clear();
    m_dependencies.clear();
    m_mappings.clear();
    m_links.clear();
    m_hoverSite = nullptr;
    m_hoverWorkload = nullptr;
    m_linkLine = nullptr;
    m_pendingSites.clear();
    m_overview = new CanvasOverviewItem(m_model);
    m_overview->setVisible(m_overviewMode);
    addItem(m_overview);
    for (const QString& id : m_model.siteIds())
        addSite(id);
    for (const auto& w : m_model.project().workloads()) {
        const QString id = qs(w.id);
        if (!m_workloads.contains(id) && m_model.workload(id)) {
            auto* item = new WorkloadItem(m_model, id);
            if (m_overviewMode)
                item->setCacheMode(QGraphicsItem::NoCache);
            m_workloads.insert(id, item);
            addItem(item);
        }
    }
    for (const QString& id : m_model.dependencyIds())
        addDependency(id);
    for (SiteItem* site : std::as_const(m_sites))
        site->updateGeometry();
    for (const QString& id : m_model.mappingEdgeIds())
        updateMapping(id);
    for (const QString& id : m_model.linkIds())
        addLink(id);
    m_syncingSelection = false;
    selectObjects(document().selection().ids());
    if (m_overviewMode)
        m_overview->rebuild();
    emit contentChanged();
}

void CanvasScene::setOverview(bool on) {
    if (on == m_overviewMode)
        return;
    m_overviewMode = on;
    for (DependencyEdgeItem* item : std::as_const(m_dependencies))
        item->setVisible(!on);
    for (MappingEdgeItem* item : std::as_const(m_mappings))
        item->setVisible(!on);
    m_overview->setVisible(on);
    // A far-out card is a flat box, cheaper to draw than to fetch from a pixmap cache.
    for (WorkloadItem* item : std::as_const(m_workloads))
        item->setCacheMode(on ? QGraphicsItem::NoCache : QGraphicsItem::DeviceCoordinateCache);
    if (on)
        m_overview->rebuild();
}

void CanvasScene::scheduleOverview() {
    if (m_overviewMode)
        m_overviewTimer.start();
}

void CanvasScene::addSite(const QString& id) {
    if (m_sites.contains(id))
        return;
    auto* item = new SiteItem(m_model, id);
    m_sites.insert(id, item);
    addItem(item);
    for (const QString& w : m_model.workloadsMappedTo(id))
        updateMapping(w);
    placeLinksOf(id);
    emit contentChanged();
}

void CanvasScene::addLink(const QString& id) {
    if (m_links.contains(id))
        return;
    auto* item = new LinkEdgeItem(m_model, id);
    m_links.insert(id, item);
    addItem(item);
}

void CanvasScene::removeLink(const QString& id) {
    delete m_links.take(id);
}

void CanvasScene::retranslate() {
    for (LinkEdgeItem* item : std::as_const(m_links))
        item->updateGeometry();
    update();
}

void CanvasScene::placeLinksOf(const QString& siteId) {
    for (const QString& l : m_model.linksOf(siteId))
        if (LinkEdgeItem* item = linkItem(l))
            item->updateGeometry();
}

void CanvasScene::removeSite(const QString& id) {
    SiteItem* item = m_sites.take(id);
    if (!item)
        return;
    if (m_hoverSite == item)
        m_hoverSite = nullptr;
    delete item;
    emit contentChanged();
}

void CanvasScene::addWorkload(const QString& id) {
    if (m_workloads.contains(id))
        return;
    auto* item = new WorkloadItem(m_model, id);
    if (m_overviewMode)
        item->setCacheMode(QGraphicsItem::NoCache);
    m_workloads.insert(id, item);
    addItem(item);
    if (const WorkloadView* w = m_model.workload(id))
        refreshSite(w->site);
    updateMapping(id);
    emit contentChanged();
}

void CanvasScene::changeWorkload(const QString& id, const QString& oldSite) {
    WorkloadItem* item = workloadItem(id);
    const WorkloadView* w = m_model.workload(id);
    if (!item || !w)
        return;
    item->updatePosition();
    item->update();
    updateEdgesOf(id);
    const bool defer = m_gesture == Gesture::Move && m_workloadsOnly;
    for (const QString& site : {oldSite, w->site}) {
        if (defer)
            m_pendingSites.insert(site);
        else
            refreshSite(site);
    }
    emit contentChanged();
}

void CanvasScene::removeWorkload(const QString& id, const QString& oldSite) {
    if (MappingEdgeItem* edge = m_mappings.take(id))
        delete edge;
    WorkloadItem* item = m_workloads.take(id);
    if (!item)
        return;
    if (m_hoverWorkload == item)
        m_hoverWorkload = nullptr;
    delete item;
    refreshSite(oldSite);
    emit contentChanged();
}

void CanvasScene::addDependency(const QString& id) {
    if (m_dependencies.contains(id) || !m_model.dependency(id))
        return;
    auto* item = new DependencyEdgeItem(m_model, id);
    item->setVisible(!m_overviewMode);
    m_dependencies.insert(id, item);
    addItem(item);
    scheduleOverview();
}

void CanvasScene::removeDependency(const QString& id) {
    delete m_dependencies.take(id);
    scheduleOverview();
}

void CanvasScene::updateMapping(const QString& workloadId) {
    if (WorkloadItem* item = workloadItem(workloadId))
        item->update();
    scheduleOverview();
    if (!m_model.hasMappingEdge(workloadId)) {
        delete m_mappings.take(workloadId);
        return;
    }
    const WorkloadView* w = m_model.workload(workloadId);
    SiteItem* target = siteItem(w->target);
    if (!target)
        return;
    MappingEdgeItem* edge = m_mappings.value(workloadId);
    if (!edge) {
        edge = new MappingEdgeItem(m_model, workloadId);
        edge->setVisible(!m_overviewMode);
        m_mappings.insert(workloadId, edge);
        addItem(edge);
    }
    placeMappingEdge(workloadId);
}

void CanvasScene::placeMappingEdge(const QString& workloadId) {
    MappingEdgeItem* edge = mappingItem(workloadId);
    const WorkloadView* w = m_model.workload(workloadId);
    if (!edge || !w)
        return;
    SiteItem* source = siteItem(w->site);
    SiteItem* target = siteItem(w->target);
    if (target)
        edge->updateGeometry(source ? source->sceneRectangle() : QRectF(),
                             target->sceneRectangle());
}

void CanvasScene::refreshSite(const QString& id) {
    SiteItem* site = siteItem(id);
    if (!site || !site->updateGeometry())
        return;
    scheduleOverview();
    // Mapping edges arrive on the target's border and spread along it by where their card sits
    // in its own site: both ends depend on this site's rectangle.
    for (const QString& w : m_model.workloadsMappedTo(id))
        placeMappingEdge(w);
    for (const QString& w : m_model.workloadsOf(id))
        placeMappingEdge(w);
    placeLinksOf(id);
}

void CanvasScene::refreshAll() {
    for (SiteItem* item : std::as_const(m_sites))
        item->update();
    for (WorkloadItem* item : std::as_const(m_workloads))
        item->update();
    for (DependencyEdgeItem* item : std::as_const(m_dependencies))
        item->update();
    for (MappingEdgeItem* item : std::as_const(m_mappings))
        item->update();
    for (LinkEdgeItem* item : std::as_const(m_links))
        item->update();
}

void CanvasScene::updateEdgesOf(const QString& workloadId) {
    scheduleOverview();
    for (const QString& d : m_model.dependenciesOf(workloadId))
        if (DependencyEdgeItem* edge = dependencyItem(d))
            edge->updateGeometry();
    placeMappingEdge(workloadId);
}

// ---- queries and selection --------------------------------------------------------------------

SiteItem* CanvasScene::siteAt(QPointF scenePos, const QString& except) const {
    SiteItem* found = nullptr;
    // Later sites are painted on top; the last one containing the point wins.
    for (const QString& id : m_model.siteIds()) {
        SiteItem* item = siteItem(id);
        if (item && id != except && item->sceneRectangle().contains(scenePos))
            found = item;
    }
    return found;
}

WorkloadItem* CanvasScene::workloadAt(QPointF scenePos) const {
    for (QGraphicsItem* item : items(scenePos, Qt::IntersectsItemShape, Qt::DescendingOrder))
        if (auto* w = qgraphicsitem_cast<WorkloadItem*>(item))
            return w;
    return nullptr;
}

QRectF CanvasScene::contentRect() const {
    QRectF rect;
    for (SiteItem* item : std::as_const(m_sites))
        rect |= item->sceneRectangle();
    for (WorkloadItem* item : std::as_const(m_workloads))
        rect |= item->sceneBoundingRect();
    // Dependency arcs may bulge beside the cards.
    for (DependencyEdgeItem* item : std::as_const(m_dependencies))
        rect |= item->sceneBoundingRect();
    // A link's label may sit above the sites it joins.
    for (LinkEdgeItem* item : std::as_const(m_links))
        rect |= item->sceneBoundingRect();
    return rect;
}

QStringList CanvasScene::selectedObjectIds() const {
    QStringList ids;
    for (QGraphicsItem* item : selectedItems()) {
        if (auto* s = qgraphicsitem_cast<SiteItem*>(item))
            ids.push_back(s->id());
        else if (auto* w = qgraphicsitem_cast<WorkloadItem*>(item))
            ids.push_back(w->id());
        else if (auto* d = qgraphicsitem_cast<DependencyEdgeItem*>(item))
            ids.push_back(d->id());
        else if (auto* l = qgraphicsitem_cast<LinkEdgeItem*>(item))
            ids.push_back(Selection::linkKey(l->id()));
    }
    // A stable order, whatever the scene's.
    std::sort(ids.begin(), ids.end());
    return ids;
}

ObjectSet CanvasScene::selectedObjects() const {
    ObjectSet set;
    for (QGraphicsItem* item : selectedItems()) {
        if (auto* s = qgraphicsitem_cast<SiteItem*>(item)) {
            set.sites.push_back(s->id());
        } else if (auto* w = qgraphicsitem_cast<WorkloadItem*>(item)) {
            set.workloads.push_back(w->id());
        } else if (auto* d = qgraphicsitem_cast<DependencyEdgeItem*>(item)) {
            if (const DependencyView* view = m_model.dependency(d->id()))
                set.dependencies.emplace_back(view->from.toStdString(), view->to.toStdString());
        } else if (auto* m = qgraphicsitem_cast<MappingEdgeItem*>(item)) {
            set.mappings.push_back(m->id());
        } else if (auto* l = qgraphicsitem_cast<LinkEdgeItem*>(item)) {
            set.links.push_back(l->id());
        }
    }
    return set;
}

void CanvasScene::selectObjects(const QStringList& ids) {
    if (m_syncingSelection)
        return;
    m_syncingSelection = true;
    const QSet<QString> wanted(ids.begin(), ids.end());
    for (QGraphicsItem* item : selectedItems()) {
        QString id;
        if (auto* s = qgraphicsitem_cast<SiteItem*>(item))
            id = s->id();
        else if (auto* w = qgraphicsitem_cast<WorkloadItem*>(item))
            id = w->id();
        else if (auto* d = qgraphicsitem_cast<DependencyEdgeItem*>(item))
            id = d->id();
        else if (auto* l = qgraphicsitem_cast<LinkEdgeItem*>(item))
            id = Selection::linkKey(l->id());
        if (id.isEmpty() || !wanted.contains(id))
            item->setSelected(false);
    }
    for (const QString& id : ids) {
        if (QGraphicsItem* item = m_workloads.value(id))
            item->setSelected(true);
        else if (QGraphicsItem* site = m_sites.value(id))
            site->setSelected(true);
        else if (QGraphicsItem* edge = m_dependencies.value(id))
            edge->setSelected(true);
        else if (QGraphicsItem* link = m_links.value(Selection::linkOf(id)))
            link->setSelected(true);
    }
    m_syncingSelection = false;
}

void CanvasScene::syncSelectionToDocument() {
    if (m_syncingSelection)
        return;
    m_syncingSelection = true;
    document().selection().set(selectedObjectIds());
    m_syncingSelection = false;
}

// ---- palette drops ----------------------------------------------------------------------------

QString CanvasScene::dropPaletteObject(const QMimeData* mime, QPointF scenePos) {
    setHoverSite(nullptr);
    const auto object = PaletteWidget::decode(mime);
    if (!object)
        return {};
    ProjectDocument& doc = document();
    if (object->what == PaletteObject::What::Site) {
        model::Site site = PlanGraphDefaults::newSite(doc.project(), object->provider);
        const QPointF corner =
            scenePos - QPointF(CanvasStyle::kSiteMinSize.width() / 2, CanvasStyle::kSiteHeader / 2);
        site.position = toPosition(corner, false);
        const QString id = qs(site.id);
        if (!pushAddSite(doc, std::move(site)))
            return {};
        doc.selection().set({id});
        emit statusMessage(tr("Added site %1.").arg(m_model.site(id)->name));
        return id;
    }
    SiteItem* site = siteAt(scenePos);
    if (!site) {
        emit statusMessage(tr("A workload must be dropped inside a site: drop it on a site, or add "
                              "a site from the palette first."));
        return {};
    }
    model::Workload w =
        PlanGraphDefaults::newWorkload(doc.project(), object->kind, site->id().toStdString());
    // Keep the new card below the site's title band.
    const QRectF siteRect = site->sceneRectangle();
    const double minY = siteRect.top() + CanvasStyle::kSiteHeader + CanvasStyle::kSiteGap +
                        CanvasStyle::kNodeSize.height() / 2;
    const double minX =
        siteRect.left() + CanvasStyle::kSitePadding + CanvasStyle::kNodeSize.width() / 2;
    w.position =
        toPosition(QPointF(std::max(scenePos.x(), minX), std::max(scenePos.y(), minY)), false);
    const QString id = qs(w.id);
    if (!pushAddWorkload(doc, std::move(w)))
        return {};
    doc.selection().set({id});
    emit statusMessage(
        tr("Added %1 to %2.").arg(m_model.workload(id)->name, m_model.site(site->id())->name));
    return id;
}

void CanvasScene::previewPaletteDrop(const QMimeData* mime, QPointF scenePos) {
    const auto object = mime ? PaletteWidget::decode(mime) : std::nullopt;
    setHoverSite(object && object->what == PaletteObject::What::Workload ? siteAt(scenePos)
                                                                         : nullptr);
}

// ---- gestures ----------------------------------------------------------------------------------

void CanvasScene::mousePressEvent(QGraphicsSceneMouseEvent* event) {
    if (event->button() != Qt::LeftButton || m_gesture != Gesture::None) {
        QGraphicsScene::mousePressEvent(event);
        return;
    }
    const QPointF pos = event->scenePos();
    QGraphicsItem* top = nullptr;
    const auto under = items(pos, Qt::IntersectsItemShape, Qt::DescendingOrder);
    if (!under.isEmpty())
        top = under.front();
    auto* workload = qgraphicsitem_cast<WorkloadItem*>(top);
    if (workload && (workload->isOnHandle(pos) ||
                     (event->modifiers() & (Qt::ShiftModifier | Qt::AltModifier)))) {
        beginLink(workload, pos);
        event->accept();
        return;
    }
    auto* site = qgraphicsitem_cast<SiteItem*>(top);
    if (site && (event->modifiers() & (Qt::ShiftModifier | Qt::AltModifier))) {
        beginSiteLink(site, pos);
        event->accept();
        return;
    }
    QGraphicsScene::mousePressEvent(event);
    if ((workload && workload->isSelected()) || (site && site->isSelected()))
        beginMove(event);
}

void CanvasScene::mouseMoveEvent(QGraphicsSceneMouseEvent* event) {
    if (m_gesture == Gesture::Link) {
        continueLink(event->scenePos());
        event->accept();
        return;
    }
    if (m_gesture == Gesture::SiteLink) {
        continueSiteLink(event->scenePos());
        event->accept();
        return;
    }
    if (m_gesture == Gesture::Move && (event->buttons() & Qt::LeftButton)) {
        continueMove(event);
        event->accept();
        return;
    }
    QGraphicsScene::mouseMoveEvent(event);
}

void CanvasScene::mouseReleaseEvent(QGraphicsSceneMouseEvent* event) {
    if (m_gesture == Gesture::Link && event->button() == Qt::LeftButton) {
        finishLink(event->scenePos());
        event->accept();
        return;
    }
    if (m_gesture == Gesture::SiteLink && event->button() == Qt::LeftButton) {
        finishSiteLink(event->scenePos());
        event->accept();
        return;
    }
    if (m_gesture == Gesture::Move && event->button() == Qt::LeftButton)
        finishMove(event);
    QGraphicsScene::mouseReleaseEvent(event);
}

void CanvasScene::mouseDoubleClickEvent(QGraphicsSceneMouseEvent* event) {
    const QPointF pos = event->scenePos();
    for (QGraphicsItem* item : items(pos, Qt::IntersectsItemShape, Qt::DescendingOrder)) {
        if (auto* w = qgraphicsitem_cast<WorkloadItem*>(item)) {
            emit objectActivated(w->id());
            return;
        }
        if (auto* s = qgraphicsitem_cast<SiteItem*>(item)) {
            emit objectActivated(s->id());
            return;
        }
        if (auto* d = qgraphicsitem_cast<DependencyEdgeItem*>(item)) {
            emit objectActivated(d->id());
            return;
        }
        if (auto* m = qgraphicsitem_cast<MappingEdgeItem*>(item)) {
            emit objectActivated(m->id());
            return;
        }
        if (auto* l = qgraphicsitem_cast<LinkEdgeItem*>(item)) {
            emit objectActivated(Selection::linkKey(l->id()));
            return;
        }
    }
    QGraphicsScene::mouseDoubleClickEvent(event);
}

void CanvasScene::beginMove(QGraphicsSceneMouseEvent* event) {
    m_dragged.clear();
    QSet<QString> workloads;
    m_workloadsOnly = true;
    for (QGraphicsItem* item : selectedItems()) {
        if (auto* s = qgraphicsitem_cast<SiteItem*>(item)) {
            const SiteView* view = m_model.site(s->id());
            if (!view)
                continue;
            m_workloadsOnly = false;
            m_dragged.push_back({MoveEntry::Target::Site, s->id(), view->position, view->pinned});
            for (const QString& w : m_model.workloadsOf(s->id()))
                workloads.insert(w);
        } else if (auto* w = qgraphicsitem_cast<WorkloadItem*>(item)) {
            workloads.insert(w->id());
        }
    }
    for (const QString& id : std::as_const(workloads))
        if (const WorkloadView* view = m_model.workload(id))
            m_dragged.push_back({MoveEntry::Target::Workload, id, view->position, view->pinned});
    if (m_dragged.empty())
        return;
    m_gesture = Gesture::Move;
    m_gestureNumber = (m_gestureNumber % 1000000) + 1;
    m_moved = false;
    m_dragStart = event->scenePos();
}

void CanvasScene::continueMove(QGraphicsSceneMouseEvent* event) {
    if (!m_moved) {
        const QPoint travelled = event->screenPos() - event->buttonDownScreenPos(Qt::LeftButton);
        if (travelled.manhattanLength() < QApplication::startDragDistance())
            return;
        m_moved = true;
    }
    const QPointF delta = event->scenePos() - m_dragStart;
    std::vector<MoveEntry> moves;
    moves.reserve(m_dragged.size());
    for (const Dragged& d : m_dragged)
        moves.push_back({d.target, d.id.toStdString(), toPosition(d.start + delta, d.pinned)});
    QString text;
    if (m_dragged.size() == 1) {
        const Dragged& d = m_dragged.front();
        const QString name = d.target == MoveEntry::Target::Site ? m_model.site(d.id)->name
                                                                 : m_model.workload(d.id)->name;
        text = tr("Move %1").arg(name);
    } else {
        text = tr("Move %n object(s)", "", int(m_dragged.size()));
    }
    (void)pushMove(document(), text, std::move(moves), m_gestureNumber);

    if (m_workloadsOnly) {
        // Would a release here map the dragged workloads onto another site?
        SiteItem* target = siteAt(event->scenePos());
        bool elsewhere = false;
        if (target)
            for (const Dragged& d : m_dragged)
                if (const WorkloadView* w = m_model.workload(d.id); w && w->site != target->id())
                    elsewhere = true;
        setHoverSite(elsewhere ? target : nullptr);
        if (elsewhere)
            emit statusMessage(tr("Release to map onto %1.").arg(m_model.site(target->id())->name));
    }
}

void CanvasScene::undoOwnMove() {
    QUndoStack& stack = document().undoStack();
    if (stack.index() == 0)
        return;
    const auto* top = dynamic_cast<const MoveCommand*>(stack.command(stack.index() - 1));
    if (top && top->gesture() == m_gestureNumber)
        stack.undo();
}

void CanvasScene::finishMove(QGraphicsSceneMouseEvent* event) {
    SiteItem* target = m_moved && m_workloadsOnly ? m_hoverSite : nullptr;
    setHoverSite(nullptr);
    QStringList toMap;
    if (target) {
        for (const Dragged& d : m_dragged)
            if (const WorkloadView* w = m_model.workload(d.id); w && w->site != target->id())
                toMap.push_back(d.id);
    }
    m_gesture = Gesture::None;
    if (!toMap.isEmpty()) {
        // The cards go back where they were: a workload stays on its source site and the
        // mapping edge shows where it goes.
        undoOwnMove();
        mapDragged(target, toMap);
    }
    const QSet<QString> pending = std::exchange(m_pendingSites, {});
    for (const QString& site : pending)
        refreshSite(site);
    m_dragged.clear();
    (void)event;
}

void CanvasScene::mapDragged(SiteItem* target, const QStringList& workloads) {
    ProjectDocument& doc = document();
    const std::string targetId = target->id().toStdString();
    std::vector<std::unique_ptr<EditCommand>> commands;
    for (const QString& id : workloads)
        commands.push_back(std::make_unique<SetMappingCommand>(
            doc, PlanGraphDefaults::mappingFor(doc.project(), id.toStdString(), targetId)));
    const QString siteName = m_model.site(target->id())->name;
    model::Result<void> result = model::success();
    if (commands.size() == 1)
        result = pushEdit(doc, std::move(commands.front()));
    else
        result =
            pushMacro(doc, tr("Map %n workload(s) to %1", "", int(commands.size())).arg(siteName),
                      std::move(commands));
    if (!result)
        return;
    if (workloads.size() == 1) {
        const WorkloadView* w = m_model.workload(workloads.front());
        const QString service =
            w->targetService.isEmpty() ? QString() : QStringLiteral(", ") + w->targetService;
        emit statusMessage(
            tr("Mapped %1 to %2 (%3%4).")
                .arg(w->name, siteName, CanvasStyle::strategyName(w->strategy), service));
    } else {
        emit statusMessage(
            tr("Mapped %n workload(s) to %1.", "", int(workloads.size())).arg(siteName));
    }
}

void CanvasScene::beginLink(WorkloadItem* from, QPointF scenePos) {
    m_gesture = Gesture::Link;
    m_linkFrom = from->id();
    m_linkLine = new QGraphicsPathItem();
    QPen pen(CanvasStyle::selectionColour(), 2, Qt::DashLine, Qt::RoundCap);
    m_linkLine->setPen(pen);
    m_linkLine->setZValue(10);
    addItem(m_linkLine);
    continueLink(scenePos);
    emit statusMessage(
        tr("Release on the workload %1 depends on.").arg(m_model.workload(m_linkFrom)->name));
}

void CanvasScene::continueLink(QPointF scenePos) {
    WorkloadItem* from = workloadItem(m_linkFrom);
    if (!from || !m_linkLine) {
        cancelGesture();
        return;
    }
    WorkloadItem* target = workloadAt(scenePos);
    if (target == from)
        target = nullptr;
    setHoverWorkload(target);
    QPainterPath path;
    const QPointF start = from->handleCentre();
    path.moveTo(start);
    const double pull = std::max(30.0, std::abs(scenePos.x() - start.x()) * 0.5);
    path.cubicTo(start + QPointF(pull, 0),
                 scenePos - QPointF(pull * (scenePos.x() >= start.x() ? 1 : -1), 0), scenePos);
    m_linkLine->setPath(path);
}

void CanvasScene::finishLink(QPointF scenePos) {
    const QString from = m_linkFrom;
    WorkloadItem* target = workloadAt(scenePos);
    cancelGesture();
    if (!target || target->id() == from) {
        emit statusMessage(tr("No dependency added: release on another workload."));
        return;
    }
    model::Dependency d;
    d.from = from.toStdString();
    d.to = target->id().toStdString();
    if (pushAddDependency(document(), d))
        emit statusMessage(
            tr("%1 now depends on %2.")
                .arg(m_model.workload(from)->name, m_model.workload(target->id())->name));
}

void CanvasScene::beginSiteLink(SiteItem* from, QPointF scenePos) {
    m_gesture = Gesture::SiteLink;
    m_linkFrom = from->id();
    m_linkLine = new QGraphicsPathItem();
    m_linkLine->setPen(QPen(CanvasStyle::selectionColour(), 3, Qt::DashLine, Qt::RoundCap));
    m_linkLine->setZValue(10);
    addItem(m_linkLine);
    continueSiteLink(scenePos);
    emit statusMessage(
        tr("Release on the site %1 has a network link to.").arg(m_model.site(m_linkFrom)->name));
}

void CanvasScene::continueSiteLink(QPointF scenePos) {
    SiteItem* from = siteItem(m_linkFrom);
    if (!from || !m_linkLine) {
        cancelGesture();
        return;
    }
    setHoverSite(siteAt(scenePos, m_linkFrom));
    QPainterPath path(from->sceneRectangle().center());
    path.lineTo(scenePos);
    m_linkLine->setPath(path);
}

void CanvasScene::finishSiteLink(QPointF scenePos) {
    const QString from = m_linkFrom;
    SiteItem* target = siteAt(scenePos, from);
    cancelGesture();
    if (!target) {
        emit statusMessage(tr("No network link added: release on another site."));
        return;
    }
    const model::Project& project = m_model.project();
    model::Link link;
    link.from = from.toStdString();
    link.to = target->id().toStdString();
    link.id = link.from + "-" + link.to;
    for (int n = 2; project.findLink(link.id); ++n)
        link.id = link.from + "-" + link.to + "-" + std::to_string(n);
    const QString id = qs(link.id);
    if (pushAddLink(document(), std::move(link))) {
        document().selection().set({Selection::linkKey(id)});
        emit statusMessage(tr("Added a network link from %1 to %2; set its bandwidth in the "
                              "properties.")
                               .arg(m_model.site(from)->name, m_model.site(target->id())->name));
    }
}

void CanvasScene::cancelGesture() {
    if (m_gesture == Gesture::Move && m_moved)
        undoOwnMove();
    if (m_linkLine) {
        delete m_linkLine;
        m_linkLine = nullptr;
    }
    setHoverSite(nullptr);
    setHoverWorkload(nullptr);
    m_gesture = Gesture::None;
    m_linkFrom.clear();
    m_dragged.clear();
    const QSet<QString> pending = std::exchange(m_pendingSites, {});
    for (const QString& site : pending)
        refreshSite(site);
}

void CanvasScene::setHoverSite(SiteItem* site) {
    if (site == m_hoverSite)
        return;
    if (m_hoverSite)
        m_hoverSite->setDropHighlight(false);
    m_hoverSite = site;
    if (m_hoverSite)
        m_hoverSite->setDropHighlight(true);
}

void CanvasScene::setHoverWorkload(WorkloadItem* workload) {
    if (workload == m_hoverWorkload)
        return;
    if (m_hoverWorkload)
        m_hoverWorkload->setLinkHighlight(false);
    m_hoverWorkload = workload;
    if (m_hoverWorkload)
        m_hoverWorkload->setLinkHighlight(true);
}

// ---- tooltips ----------------------------------------------------------------------------------

QString CanvasScene::tooltipAt(QPointF pos) const {
    const QLocale locale;
    const auto findings = [](const QString& text) {
        return text.isEmpty()
                   ? QString()
                   : QStringLiteral("<hr>") +
                         text.toHtmlEscaped().replace(QLatin1Char('\n'), QStringLiteral("<br>"));
    };
    for (QGraphicsItem* item : items(pos, Qt::IntersectsItemShape, Qt::DescendingOrder)) {
        if (auto* wi = qgraphicsitem_cast<WorkloadItem*>(item)) {
            const WorkloadView* w = m_model.workload(wi->id());
            if (!w)
                continue;
            QString text = QStringLiteral("<b>%1</b> <span style='color:gray'>%2</span><br>%3 · %4")
                               .arg(escaped(w->name), escaped(w->id),
                                    CanvasStyle::kindName(w->kind), w->sizeText);
            if (w->mapped) {
                const SiteView* target = m_model.site(w->target);
                text += QStringLiteral("<br>") +
                        tr("→ %1 · %2%3")
                            .arg(escaped(target ? target->name : w->target),
                                 CanvasStyle::strategyName(w->strategy),
                                 w->targetService.isEmpty()
                                     ? QString()
                                     : QStringLiteral(" · ") + escaped(w->targetService));
            } else {
                text += QStringLiteral("<br>") + tr("Not mapped: drag it onto a target site.");
            }
            if (w->wave > 0)
                text += QStringLiteral("<br>") + tr("Wave %1").arg(w->wave);
            if (!w->tags.isEmpty())
                text += QStringLiteral("<br>") + tr("Tags: %1").arg(escaped(w->tags.join(", ")));
            return text + findings(w->findings);
        }
        if (auto* de = qgraphicsitem_cast<DependencyEdgeItem*>(item)) {
            const DependencyView* d = m_model.dependency(de->id());
            const WorkloadView* from = d ? m_model.workload(d->from) : nullptr;
            const WorkloadView* to = d ? m_model.workload(d->to) : nullptr;
            if (!from || !to)
                continue;
            QString text = tr("<b>%1</b> depends on <b>%2</b><br>%3 GB a day")
                               .arg(escaped(from->name), escaped(to->name),
                                    locale.toString(d->trafficGbPerDay, 'g', 4));
            if (d->onCycle)
                text += QStringLiteral("<br>") + tr("On a dependency cycle: these move together.");
            return text;
        }
        if (auto* me = qgraphicsitem_cast<MappingEdgeItem*>(item)) {
            const WorkloadView* w = m_model.workload(me->id());
            const SiteView* target = w ? m_model.site(w->target) : nullptr;
            if (!target)
                continue;
            return tr("<b>%1</b> moves to <b>%2</b><br>%3%4")
                .arg(
                    escaped(w->name), escaped(target->name), CanvasStyle::strategyName(w->strategy),
                    w->targetService.isEmpty() ? QString()
                                               : QStringLiteral(" · ") + escaped(w->targetService));
        }
        if (auto* li = qgraphicsitem_cast<LinkEdgeItem*>(item)) {
            const model::Link* l = m_model.project().findLink(li->id().toStdString());
            const SiteView* from = l ? m_model.site(qs(l->from)) : nullptr;
            const SiteView* to = l ? m_model.site(qs(l->to)) : nullptr;
            if (!from || !to)
                continue;
            return tr("Network link <b>%1</b> ↔ <b>%2</b><br>%3")
                .arg(escaped(from->name), escaped(to->name), li->label());
        }
        if (auto* si = qgraphicsitem_cast<SiteItem*>(item)) {
            const SiteView* s = m_model.site(si->id());
            if (!s)
                continue;
            return QStringLiteral("<b>%1</b> <span style='color:gray'>%2</span><br>%3 · %4<br>")
                       .arg(escaped(s->name), escaped(s->id),
                            CanvasStyle::providerName(s->provider), escaped(s->region)) +
                   tr("%n workload(s)", "", int(m_model.workloadsOf(s->id).size())) +
                   findings(s->findings);
        }
    }
    return {};
}

void CanvasScene::helpEvent(QGraphicsSceneHelpEvent* event) {
    const QString text = tooltipAt(event->scenePos());
    if (text.isEmpty()) {
        QToolTip::hideText();
        return;
    }
    QToolTip::showText(event->screenPos(), text, event->widget());
    event->accept();
}

} // namespace ferry::ui
