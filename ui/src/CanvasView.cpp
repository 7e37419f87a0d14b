#include <ferry/ui/CanvasView.hpp>

#include <ferry/model/Project.hpp>
#include <ferry/ui/AutoLayout.hpp>
#include <ferry/ui/CanvasClipboard.hpp>
#include <ferry/ui/CanvasFindBar.hpp>
#include <ferry/ui/CanvasLegend.hpp>
#include <ferry/ui/CanvasMinimap.hpp>
#include <ferry/ui/CanvasScene.hpp>
#include <ferry/ui/CanvasStyle.hpp>
#include <ferry/ui/DependencyEdgeItem.hpp>
#include <ferry/ui/EditCommands.hpp>
#include <ferry/ui/MappingEdgeItem.hpp>
#include <ferry/ui/PaletteWidget.hpp>
#include <ferry/ui/PlanGraphDefaults.hpp>
#include <ferry/ui/ProjectDocument.hpp>
#include <ferry/ui/SiteItem.hpp>
#include <ferry/ui/WorkloadItem.hpp>

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QClipboard>
#include <QContextMenuEvent>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontMetricsF>
#include <QFutureWatcher>
#include <QGestureEvent>
#include <QImage>
#include <QImageWriter>
#include <QMenu>
#include <QMimeData>
#include <QNativeGestureEvent>
#include <QPainter>
#include <QPinchGesture>
#include <QScrollBar>
#include <QSvgGenerator>
#include <QWheelEvent>
#include <QtConcurrent>

#include <cmath>

namespace ferry::ui {
namespace {

constexpr double kMinZoom = 0.02;
constexpr double kMaxZoom = 4.0;
constexpr int kOverlayMargin = 12;
/// Below this scale the items draw their overview (plain boxes) and edges are batched.
constexpr double kOverviewZoom = 0.3;
/// Nudges use gesture numbers far from the scene's drag numbers so they never merge with drags.
constexpr int kNudgeGestureBase = 2000000;

/// The colour-mode actions and the mode each one selects.
constexpr std::pair<CanvasView::Action, ColourMode> kColourActions[] = {
    {CanvasView::Action::ColourByKind, ColourMode::Plain},
    {CanvasView::Action::ColourByWave, ColourMode::Wave},
    {CanvasView::Action::ColourByStrategy, ColourMode::Strategy},
    {CanvasView::Action::ColourByCost, ColourMode::Cost},
    {CanvasView::Action::ColourByValidation, ColourMode::Validation}};

/// What a background layout hands back to the UI thread.
struct LayoutOutcome {
    std::vector<MoveEntry> moves;
    QString error;
};

} // namespace

CanvasView::CanvasView(ProjectDocument& document, QWidget* parent)
    : QGraphicsView(parent), m_document(document),
      m_model(std::make_unique<PlanGraphModel>(document)) {
    setObjectName(QStringLiteral("canvasView"));
    m_scene = new CanvasScene(*m_model, this);
    setScene(m_scene);
    setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing |
                   QPainter::SmoothPixmapTransform);
    setDragMode(RubberBandDrag);
    setRubberBandSelectionMode(Qt::ContainsItemShape);
    setTransformationAnchor(NoAnchor);
    setResizeAnchor(AnchorViewCenter);
    setViewportUpdateMode(SmartViewportUpdate);
    setOptimizationFlag(DontAdjustForAntialiasing, true);
    // Every item sets the pen, brush, font and hints it uses: no save and restore per item.
    setOptimizationFlag(DontSavePainterState, true);
    setCacheMode(CacheBackground);
    setFocusPolicy(Qt::StrongFocus);
    setAcceptDrops(true);
    setFrameShape(QFrame::NoFrame);
    viewport()->grabGesture(Qt::PinchGesture);

    m_minimap = new CanvasMinimap(*this, *m_model);
    // Overlays are children of the view, not of the viewport, which scrolling would move.
    m_legend = new CanvasLegend(*m_model, this);
    m_findBar = new CanvasFindBar(*this, this);

    m_sceneRectTimer.setSingleShot(true);
    m_sceneRectTimer.setInterval(0);
    connect(&m_sceneRectTimer, &QTimer::timeout, this, &CanvasView::updateSceneRect);
    connect(m_scene, &CanvasScene::contentChanged, this, [this] {
        m_sceneRectTimer.start();
        m_minimap->invalidate();
    });
    connect(m_scene, &CanvasScene::statusMessage, this, &CanvasView::statusMessage);
    connect(m_scene, &CanvasScene::objectActivated, this, &CanvasView::objectActivated);
    connect(m_model.get(), &PlanGraphModel::reset, this, [this] {
        ++m_layoutGeneration;
        updateSceneRect();
        if (m_document.restoringSnapshot())
            return;
        m_fitPending = true;
        if (isVisible())
            showInitialView();
    });
    connect(m_model.get(), &PlanGraphModel::colourModeChanged, this, [this](ColourMode mode) {
        const Action actions[] = {Action::ColourByKind, Action::ColourByWave,
                                  Action::ColourByStrategy, Action::ColourByCost,
                                  Action::ColourByValidation};
        if (QAction* a = action(actions[int(mode)]))
            a->setChecked(true);
        placeOverlays();
    });
    connect(m_model.get(), &PlanGraphModel::analysisChanged, this, &CanvasView::placeOverlays);
    connect(&m_document.selection(), &Selection::focusRequested, this, &CanvasView::focusObject);
    connect(&m_document.selection(), &Selection::changed, this, [this](const QStringList& ids) {
        for (Action a :
             {Action::Copy, Action::Cut, Action::Duplicate, Action::Delete, Action::TogglePin})
            action(a)->setEnabled(!ids.isEmpty() || !m_scene->selectedItems().isEmpty());
    });
    connect(m_scene, &QGraphicsScene::selectionChanged, this, [this] {
        const bool any = !m_scene->selectedItems().isEmpty();
        for (Action a :
             {Action::Copy, Action::Cut, Action::Duplicate, Action::Delete, Action::TogglePin})
            action(a)->setEnabled(any);
    });
    createActions();
    updateSceneRect();
}

CanvasView::~CanvasView() {
    // The scene's items read from the model: delete the scene first.
    setScene(nullptr);
    delete m_scene;
    m_scene = nullptr;
}

// ---- actions -----------------------------------------------------------------------------------

void CanvasView::createActions() {
    const auto make = [this](Action which, const QList<QKeySequence>& keys, auto slot) {
        auto* a = new QAction(this);
        // A key sequence listed twice (Ctrl+- and QKeySequence::ZoomOut) would be ambiguous.
        QList<QKeySequence> unique;
        for (const QKeySequence& key : keys)
            if (!key.isEmpty() && !unique.contains(key))
                unique.push_back(key);
        a->setShortcuts(unique);
        a->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        connect(a, &QAction::triggered, this, slot);
        addAction(a);
        m_actions.insert(which, a);
        return a;
    };
    make(Action::ZoomIn,
         {QKeySequence(Qt::CTRL | Qt::Key_Equal), QKeySequence(Qt::CTRL | Qt::Key_Plus),
          QKeySequence::ZoomIn},
         [this] { zoomBy(1.25, QPointF(viewport()->rect().center())); })
        ->setIcon(QIcon::fromTheme(QStringLiteral("zoom-in")));
    make(Action::ZoomOut, {QKeySequence(Qt::CTRL | Qt::Key_Minus), QKeySequence::ZoomOut}, [this] {
        zoomBy(1 / 1.25, QPointF(viewport()->rect().center()));
    })->setIcon(QIcon::fromTheme(QStringLiteral("zoom-out")));
    make(Action::ZoomFit, {QKeySequence(Qt::CTRL | Qt::Key_0)}, [this] {
        fitToView();
    })->setIcon(QIcon::fromTheme(QStringLiteral("zoom-fit-best")));
    make(Action::ZoomActual, {QKeySequence(Qt::CTRL | Qt::Key_1)}, [this] {
        setZoom(1.0);
    })->setIcon(QIcon::fromTheme(QStringLiteral("zoom-original")));
    make(Action::Find, {QKeySequence::Find}, [this] {
        m_findBar->activate();
        placeOverlays();
    })->setIcon(QIcon::fromTheme(QStringLiteral("edit-find")));
    make(Action::SelectAll, {QKeySequence::SelectAll}, [this] { selectAll(); });
    make(Action::Copy, {QKeySequence::Copy}, [this] {
        copySelection();
    })->setIcon(QIcon::fromTheme(QStringLiteral("edit-copy")));
    make(Action::Cut, {QKeySequence::Cut}, [this] {
        cutSelection();
    })->setIcon(QIcon::fromTheme(QStringLiteral("edit-cut")));
    make(Action::Paste, {QKeySequence::Paste}, [this] {
        paste();
    })->setIcon(QIcon::fromTheme(QStringLiteral("edit-paste")));
    make(Action::Duplicate, {QKeySequence(Qt::CTRL | Qt::Key_D)}, [this] { duplicateSelection(); });
    make(Action::Delete, {QKeySequence::Delete, QKeySequence(Qt::Key_Backspace)}, [this] {
        deleteSelection();
    })->setIcon(QIcon::fromTheme(QStringLiteral("edit-delete")));
    make(Action::TogglePin, {}, [this] { togglePinSelection(); });
    make(Action::AutoLayout, {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_L)},
         [this] { autoLayout(); });
    make(Action::ArrangeInGrid, {}, [this] { arrangeInGrid(); });
    make(Action::ExportImage, {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E)},
         [this] { exportWithDialog(); });
    QAction* minimap = make(Action::ToggleMinimap, {}, [this](bool on) { setMinimapVisible(on); });
    minimap->setCheckable(true);
    minimap->setChecked(true);

    m_colourGroup = new QActionGroup(this);
    m_colourGroup->setExclusive(true);
    for (const auto& [which, mode] : kColourActions) {
        QAction* a = make(which, {}, [this, mode = mode] { setColourMode(mode); });
        a->setCheckable(true);
        a->setChecked(mode == m_model->colourMode());
        m_colourGroup->addAction(a);
    }
    retranslateActions();
    for (Action a :
         {Action::Copy, Action::Cut, Action::Duplicate, Action::Delete, Action::TogglePin})
        action(a)->setEnabled(false);
}

void CanvasView::retranslateActions() {
    const auto label = [this](Action which, const QString& text, const QString& tip) {
        QAction* a = action(which);
        a->setText(text);
        a->setStatusTip(tip);
        a->setToolTip(a->shortcut().isEmpty()
                          ? tip
                          : QStringLiteral("%1 (%2)").arg(
                                tip, a->shortcut().toString(QKeySequence::NativeText)));
    };
    label(Action::ZoomIn, tr("Zoom &In"), tr("Zoom in on the canvas"));
    label(Action::ZoomOut, tr("Zoom &Out"), tr("Zoom out of the canvas"));
    label(Action::ZoomFit, tr("&Fit to View"), tr("Show the whole estate"));
    label(Action::ZoomActual, tr("&Actual Size"), tr("Zoom to 100 %"));
    label(Action::Find, tr("&Find on Canvas…"),
          tr("Find a site or workload by name, id, owner or tag"));
    label(Action::SelectAll, tr("Select &All"), tr("Select every site and workload"));
    label(Action::Copy, tr("&Copy"),
          tr("Copy the selected objects, to paste here or in another project"));
    label(Action::Cut, tr("Cu&t"), tr("Copy, then delete the selected objects"));
    label(Action::Paste, tr("&Paste"), tr("Paste copied objects; clashing ids are renamed"));
    label(Action::Duplicate, tr("D&uplicate"), tr("Duplicate the selected objects"));
    label(Action::Delete, tr("&Delete"),
          tr("Delete the selected objects with their dependencies and mappings"));
    label(Action::TogglePin, tr("&Pin or Unpin"),
          tr("Pin the selection so that automatic layout leaves it in place, or unpin it"));
    label(Action::AutoLayout, tr("Auto &Layout"),
          tr("Lay the estate out with Graphviz; pinned objects stay"));
    label(Action::ArrangeInGrid, tr("Arrange in &Grid"),
          tr("Arrange sites in rows and workloads in grids; pinned objects stay"));
    label(Action::ExportImage, tr("&Export Image…"),
          tr("Save the canvas as a PNG image or an SVG drawing"));
    label(Action::ToggleMinimap, tr("&Minimap"), tr("Show or hide the overview in the corner"));
    for (const auto& [which, mode] : kColourActions)
        label(
            which, PlanGraphModel::colourModeName(mode),
            tr("Colour the workload cards %1").arg(PlanGraphModel::colourModeName(mode).toLower()));
}

void CanvasView::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) {
        retranslateActions();
        // Badges, kind names, link labels and legends are drawn from translated strings.
        m_scene->retranslate();
        viewport()->update();
        placeOverlays();
    }
    QGraphicsView::changeEvent(event);
}

// ---- zoom, pan and the scene rectangle --------------------------------------------------------

double CanvasView::zoom() const {
    return transform().m11();
}

void CanvasView::setZoom(double value) {
    zoomBy(std::clamp(value, kMinZoom, kMaxZoom) / zoom(), QPointF(viewport()->rect().center()));
}

void CanvasView::zoomBy(double factor, QPointF anchor) {
    const double target = std::clamp(zoom() * factor, kMinZoom, kMaxZoom);
    factor = target / zoom();
    if (std::abs(factor - 1.0) < 1e-9)
        return;
    const QPointF scenePoint = mapToScene(anchor.toPoint());
    scale(factor, factor);
    updateSceneRect();
    // Keep the point under the anchor where it was.
    const QPointF moved = QPointF(mapFromScene(scenePoint)) - anchor;
    horizontalScrollBar()->setValue(horizontalScrollBar()->value() + int(std::round(moved.x())));
    verticalScrollBar()->setValue(verticalScrollBar()->value() + int(std::round(moved.y())));
    updateLevelOfDetail();
    m_minimap->update();
    emit zoomChanged(zoom());
}

void CanvasView::fitToView() {
    updateSceneRect();
    QRectF content = m_scene->contentRect();
    if (content.isEmpty() || viewport()->width() < 10 || viewport()->height() < 10)
        return;
    m_fitPending = false;
    content.adjust(-30, -30, 30, 30);
    // The minimap and the legend float in the bottom-right corner: fit the estate beside them or
    // above them, whichever shows it larger.
    const QRectF area = viewport()->rect();
    QSizeF corner(0, 0);
    if (m_minimap->isVisible())
        corner = QSizeF(m_minimap->width(), m_minimap->height()) + QSizeF(2, 2) * kOverlayMargin;
    if (m_legend->isVisible())
        corner = QSizeF(std::max(corner.width(), m_legend->width() + 2.0 * kOverlayMargin),
                        corner.height() + m_legend->height() + 8 +
                            (corner.isNull() ? 2.0 * kOverlayMargin : 0.0));
    const auto fitIn = [&](const QRectF& region) {
        return std::min(region.width() / content.width(), region.height() / content.height());
    };
    const QRectF beside = area.adjusted(0, 0, -corner.width(), 0);
    const QRectF above = area.adjusted(0, 0, 0, -corner.height());
    const QRectF region = corner.isNull() ? area : fitIn(beside) >= fitIn(above) ? beside : above;
    const double scale = std::clamp(fitIn(region), kMinZoom, 1.25);
    setTransform(QTransform::fromScale(scale, scale));
    updateSceneRect();
    centerOn(content.center() + (area.center() - region.center()) / scale);
    updateLevelOfDetail();
    m_minimap->update();
    emit zoomChanged(zoom());
}

void CanvasView::showInitialView() {
    // The whole estate when it is readable that way, else its top part (or top-left part) at a
    // readable scale; the minimap shows the rest and Ctrl+0 fits it all.
    constexpr double kReadable = 0.75;
    updateSceneRect();
    QRectF content = m_scene->contentRect();
    if (content.isEmpty() || viewport()->width() < 10 || viewport()->height() < 10)
        return;
    content.adjust(-40, -40, 40, 40);
    const double fit =
        std::min(viewport()->width() / content.width(), viewport()->height() / content.height());
    if (fit >= kReadable) {
        fitToView();
        return;
    }
    m_fitPending = false;
    // As wide as fits, within readable bounds.
    const double scale = std::clamp(viewport()->width() / content.width(), 0.75, 1.0);
    setTransform(QTransform::fromScale(scale, scale));
    updateSceneRect();
    const QSizeF visible = QSizeF(viewport()->size()) / scale;
    const double x = content.width() <= visible.width() ? content.center().x()
                                                        : content.left() + visible.width() / 2;
    const double y = content.height() <= visible.height() ? content.center().y()
                                                          : content.top() + visible.height() / 2;
    centerOn(x, y);
    updateLevelOfDetail();
    m_minimap->update();
    emit zoomChanged(zoom());
}

void CanvasView::updateLevelOfDetail() {
    m_scene->setOverview(zoom() < kOverviewZoom);
}

void CanvasView::updateSceneRect() {
    QRectF content = m_scene->contentRect();
    if (content.isEmpty())
        content = QRectF(0, 0, 800, 600);
    const double margin = std::max(600.0, 0.5 * std::max(content.width(), content.height()));
    QRectF rect = content.adjusted(-margin, -margin, margin, margin);
    // Never pull the ground from under what is on screen.
    rect |= mapToScene(viewport()->rect()).boundingRect();
    if (rect != sceneRect())
        setSceneRect(rect);
}

void CanvasView::placeOverlays() {
    const QRect area = viewport()->geometry();
    m_minimap->move(area.right() - m_minimap->width() - kOverlayMargin + 1,
                    area.bottom() - m_minimap->height() - kOverlayMargin + 1);
    // The legend sits above the minimap, in the corner the estate leaves free most often.
    m_legend->resize(m_legend->sizeHint());
    const int legendBottom =
        m_minimap->isVisible() ? m_minimap->y() - 8 : area.bottom() - kOverlayMargin + 1;
    m_legend->move(area.right() - m_legend->width() - kOverlayMargin + 1,
                   std::max(area.top() + kOverlayMargin, legendBottom - m_legend->height()));
    m_findBar->adjustSize();
    m_findBar->move(area.left() + kOverlayMargin, area.top() + kOverlayMargin);
    for (QWidget* overlay : {static_cast<QWidget*>(m_minimap), static_cast<QWidget*>(m_legend),
                             static_cast<QWidget*>(m_findBar)})
        overlay->raise();
}

void CanvasView::setMinimapVisible(bool visible) {
    m_minimap->setVisible(visible);
    placeOverlays();
    if (QAction* a = action(Action::ToggleMinimap))
        a->setChecked(visible);
}

void CanvasView::resizeEvent(QResizeEvent* event) {
    QGraphicsView::resizeEvent(event);
    placeOverlays();
    if (m_fitPending && isVisible())
        showInitialView();
    else
        updateSceneRect();
}

void CanvasView::showEvent(QShowEvent* event) {
    QGraphicsView::showEvent(event);
    placeOverlays();
    if (m_fitPending)
        showInitialView();
}

void CanvasView::scrollContentsBy(int dx, int dy) {
    QGraphicsView::scrollContentsBy(dx, dy);
    m_minimap->update();
}

void CanvasView::drawBackground(QPainter* painter, const QRectF& rect) {
    const QTransform world = painter->worldTransform();
    const double scale = std::sqrt(std::abs(world.determinant()));
    if (scale < 0.45) {
        painter->fillRect(rect, CanvasStyle::backgroundColour());
        return;
    }
    // A dot every 24 units, as one tiled pixmap (a grid cell at the current scale) filled in
    // device pixels: a blit instead of thousands of points.
    const int tile = std::max(4, int(std::lround(24.0 * scale)));
    if (m_gridTile.width() != tile) {
        QImage image(tile, tile, QImage::Format_RGB32);
        image.fill(CanvasStyle::backgroundColour());
        QPainter dot(&image);
        dot.setRenderHint(QPainter::Antialiasing);
        dot.setPen(Qt::NoPen);
        dot.setBrush(CanvasStyle::gridColour());
        dot.drawEllipse(QPointF(tile / 2.0, tile / 2.0), 1.1, 1.1);
        dot.end();
        m_gridTile = QPixmap::fromImage(image);
    }
    QBrush brush(m_gridTile);
    const QPointF origin = world.map(QPointF(0, 0));
    brush.setTransform(QTransform::fromTranslate(origin.x() - tile / 2.0, origin.y() - tile / 2.0));
    painter->setWorldTransform(QTransform());
    painter->fillRect(world.mapRect(rect), brush);
    painter->setWorldTransform(world);
}

void CanvasView::drawForeground(QPainter* painter, const QRectF& rect) {
    if (zoom() >= kOverviewZoom)
        return;
    // Far out, the sites' names float above the cards at their normal size, on a light label.
    const QTransform world = painter->worldTransform();
    painter->setWorldTransform(QTransform());
    painter->setRenderHint(QPainter::Antialiasing, true);
    static const QFont font = [] {
        QFont f = CanvasStyle::titleFont();
        f.setPointSizeF(f.pointSizeF() + 0.5);
        return f;
    }();
    const QFontMetricsF metrics(font);
    painter->setFont(font);
    for (const QString& id : m_model->siteIds()) {
        const SiteItem* item = m_scene->siteItem(id);
        const SiteView* site = m_model->site(id);
        if (!item || !site || !rect.intersects(item->sceneRectangle()))
            continue;
        const QRectF box = world.mapRect(item->sceneRectangle());
        if (box.width() < 40)
            continue;
        const QString name =
            metrics.elidedText(site->name, Qt::ElideRight, std::min(box.width() - 12, 260.0));
        const QRectF label(box.left() + 4, box.top() + 4, metrics.horizontalAdvance(name) + 16,
                           metrics.height() + 6);
        QColor fill = Qt::white;
        fill.setAlpha(225);
        painter->setPen(QPen(CanvasStyle::providerColour(site->provider), 1.2));
        painter->setBrush(fill);
        painter->drawRoundedRect(label, 5, 5);
        painter->setPen(CanvasStyle::textColour());
        painter->drawText(label, Qt::AlignCenter, name);
    }
    painter->setWorldTransform(world);
}

void CanvasView::wheelEvent(QWheelEvent* event) {
    if (event->modifiers() & Qt::ControlModifier) {
        const double steps =
            event->angleDelta().y() != 0 ? event->angleDelta().y() : event->pixelDelta().y();
        zoomBy(std::pow(1.0015, steps), event->position());
        event->accept();
        return;
    }
    QGraphicsView::wheelEvent(event);
}

bool CanvasView::viewportEvent(QEvent* event) {
    if (event->type() == QEvent::Resize) {
        // Scroll bars coming and going resize the viewport, not the view.
        const bool handled = QGraphicsView::viewportEvent(event);
        placeOverlays();
        return handled;
    }
    if (event->type() == QEvent::NativeGesture) {
        auto* gesture = static_cast<QNativeGestureEvent*>(event);
        if (gesture->gestureType() == Qt::ZoomNativeGesture) {
            zoomBy(1.0 + gesture->value(), viewport()->mapFromGlobal(gesture->globalPosition()));
            return true;
        }
    }
    if (event->type() == QEvent::Gesture) {
        auto* gestures = static_cast<QGestureEvent*>(event);
        if (auto* pinch = static_cast<QPinchGesture*>(gestures->gesture(Qt::PinchGesture))) {
            if (pinch->changeFlags() & QPinchGesture::ScaleFactorChanged)
                zoomBy(pinch->scaleFactor(),
                       viewport()->mapFromGlobal(pinch->centerPoint().toPoint()));
            gestures->accept(pinch);
            return true;
        }
    }
    return QGraphicsView::viewportEvent(event);
}

void CanvasView::mousePressEvent(QMouseEvent* event) {
    if (event->button() == Qt::MiddleButton || (event->button() == Qt::LeftButton && m_spaceHeld)) {
        m_panning = true;
        m_panLast = event->position().toPoint();
        viewport()->setCursor(Qt::ClosedHandCursor);
        event->accept();
        return;
    }
    QGraphicsView::mousePressEvent(event);
}

void CanvasView::mouseMoveEvent(QMouseEvent* event) {
    if (m_panning) {
        const QPoint now = event->position().toPoint();
        const QPoint delta = now - m_panLast;
        m_panLast = now;
        horizontalScrollBar()->setValue(horizontalScrollBar()->value() - delta.x());
        verticalScrollBar()->setValue(verticalScrollBar()->value() - delta.y());
        event->accept();
        return;
    }
    QGraphicsView::mouseMoveEvent(event);
}

void CanvasView::mouseReleaseEvent(QMouseEvent* event) {
    if (m_panning && (event->button() == Qt::MiddleButton || event->button() == Qt::LeftButton)) {
        m_panning = false;
        if (m_spaceHeld)
            viewport()->setCursor(Qt::OpenHandCursor);
        else
            viewport()->unsetCursor();
        event->accept();
        return;
    }
    QGraphicsView::mouseReleaseEvent(event);
}

void CanvasView::keyPressEvent(QKeyEvent* event) {
    if (event->key() == Qt::Key_Space && !event->isAutoRepeat() && !m_scene->gestureActive()) {
        m_spaceHeld = true;
        viewport()->setCursor(Qt::OpenHandCursor);
        event->accept();
        return;
    }
    if (event->key() == Qt::Key_Escape) {
        if (m_scene->gestureActive())
            m_scene->cancelGesture();
        else
            m_document.selection().clear();
        event->accept();
        return;
    }
    QPointF nudge;
    const double step = (event->modifiers() & Qt::ShiftModifier) ? 1.0 : 10.0;
    switch (event->key()) {
    case Qt::Key_Left:
        nudge = QPointF(-step, 0);
        break;
    case Qt::Key_Right:
        nudge = QPointF(step, 0);
        break;
    case Qt::Key_Up:
        nudge = QPointF(0, -step);
        break;
    case Qt::Key_Down:
        nudge = QPointF(0, step);
        break;
    default:
        break;
    }
    if (!nudge.isNull() && !m_scene->selectedItems().isEmpty() && !m_scene->gestureActive()) {
        if (!event->isAutoRepeat())
            m_nudgeGesture = (m_nudgeGesture + 1) % 1000000;
        nudgeSelection(nudge);
        event->accept();
        return;
    }
    QGraphicsView::keyPressEvent(event);
}

void CanvasView::keyReleaseEvent(QKeyEvent* event) {
    if (event->key() == Qt::Key_Space && !event->isAutoRepeat()) {
        m_spaceHeld = false;
        if (!m_panning)
            viewport()->unsetCursor();
        event->accept();
        return;
    }
    QGraphicsView::keyReleaseEvent(event);
}

void CanvasView::nudgeSelection(QPointF delta) {
    std::vector<MoveEntry> moves;
    QSet<QString> workloads;
    for (QGraphicsItem* item : m_scene->selectedItems()) {
        if (auto* s = qgraphicsitem_cast<SiteItem*>(item)) {
            const SiteView* v = m_model->site(s->id());
            moves.push_back(
                {MoveEntry::Target::Site,
                 v->id.toStdString(),
                 {v->position.x() + delta.x(), v->position.y() + delta.y(), v->pinned}});
            for (const QString& w : m_model->workloadsOf(s->id()))
                workloads.insert(w);
        } else if (auto* w = qgraphicsitem_cast<WorkloadItem*>(item)) {
            workloads.insert(w->id());
        }
    }
    for (const QString& id : std::as_const(workloads)) {
        const WorkloadView* v = m_model->workload(id);
        moves.push_back({MoveEntry::Target::Workload,
                         id.toStdString(),
                         {v->position.x() + delta.x(), v->position.y() + delta.y(), v->pinned}});
    }
    if (!moves.empty())
        (void)pushMove(m_document, tr("Nudge %n object(s)", "", int(moves.size())),
                       std::move(moves), kNudgeGestureBase + m_nudgeGesture);
}

// ---- search ------------------------------------------------------------------------------------

QStringList CanvasView::find(const QString& text) const {
    return m_model->find(text);
}

void CanvasView::focusObject(const QString& id) {
    QGraphicsItem* item = m_scene->workloadItem(id);
    if (!item)
        item = m_scene->siteItem(id);
    if (!item)
        item = m_scene->dependencyItem(id);
    if (!item) {
        emit statusMessage(tr("%1 is not on the canvas.").arg(id));
        return;
    }
    if (!m_document.selection().contains(id) || m_document.selection().ids().size() != 1)
        m_document.selection().set({id});
    if (zoom() < 0.6)
        setZoom(1.0);
    QRectF target = item->sceneBoundingRect();
    if (auto* site = qgraphicsitem_cast<SiteItem*>(item))
        target = site->sceneRectangle();
    updateSceneRect();
    centerOn(target.center());
    m_minimap->update();
}

// ---- colour modes and export -------------------------------------------------------------------

void CanvasView::setColourMode(ColourMode mode) {
    m_model->setColourMode(mode);
}

model::Result<void> CanvasView::exportImage(const QString& path) {
    QRectF source = m_scene->contentRect();
    if (source.isEmpty())
        return model::Error{"export.empty",
                            "The canvas is empty; add sites and workloads before exporting it.",
                            path.toStdString()};
    source.adjust(-40, -40, 40, 40);
    // Include edges that bulge beyond the cards.
    source |= m_scene->itemsBoundingRect().adjusted(-10, -10, 10, 10);
    const QString suffix = QFileInfo(path).suffix().toLower();
    const QStringList selected = m_scene->selectedObjectIds();
    m_scene->selectObjects({});
    m_scene->setOverview(false); // an SVG is drawn at full detail
    model::Result<void> result = model::success();
    if (suffix == QLatin1String("svg")) {
        QSvgGenerator generator;
        generator.setFileName(path);
        generator.setSize(source.size().toSize());
        generator.setViewBox(QRectF(QPointF(0, 0), source.size()));
        // Text is laid out with the screen's metrics: write it at the same resolution.
        generator.setResolution(logicalDpiY());
        generator.setTitle(QString::fromStdString(m_document.project().info().name));
        generator.setDescription(tr("Migration canvas exported from Ferry"));
        QPainter painter;
        if (!painter.begin(&generator)) {
            result = model::Error{"export.write",
                                  "The SVG file could not be written; check that the folder "
                                  "exists and that you may write to it.",
                                  path.toStdString()};
        } else {
            painter.fillRect(QRectF(QPointF(0, 0), source.size()), Qt::white);
            m_scene->render(&painter, QRectF(QPointF(0, 0), source.size()), source);
            painter.end();
        }
    } else if (QImageWriter::supportedImageFormats().contains(suffix.toLatin1())) {
        // Twice the scene's resolution for crisp text, within 16,000 pixels a side.
        const double scale = std::min(2.0, 16000.0 / std::max(source.width(), source.height()));
        QImage image((source.size() * scale).toSize(), QImage::Format_ARGB32_Premultiplied);
        image.fill(Qt::white);
        m_scene->setOverview(scale < kOverviewZoom);
        QPainter painter(&image);
        painter.setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing |
                               QPainter::SmoothPixmapTransform);
        m_scene->render(&painter, QRectF(QPointF(0, 0), QSizeF(image.size())), source);
        painter.end();
        if (!image.save(path))
            result = model::Error{"export.write",
                                  "The image could not be written; check that the folder exists "
                                  "and that you may write to it.",
                                  path.toStdString()};
    } else {
        result = model::Error{"export.format",
                              "Ferry exports the canvas as .png or .svg; choose a file name "
                              "ending in one of them.",
                              path.toStdString()};
    }
    m_scene->selectObjects(selected);
    updateLevelOfDetail();
    if (result)
        emit statusMessage(tr("Exported the canvas to %1.").arg(QFileInfo(path).fileName()));
    else
        emit statusMessage(QString::fromStdString(result.error().toString()));
    return result;
}

void CanvasView::exportWithDialog() {
    QString name = QString::fromStdString(m_document.project().info().name).trimmed();
    if (name.isEmpty())
        name = tr("canvas");
    QString selectedFilter;
    QString path =
        QFileDialog::getSaveFileName(this, tr("Export canvas"), name + QStringLiteral(".png"),
                                     tr("PNG image (*.png);;SVG drawing (*.svg)"), &selectedFilter);
    if (path.isEmpty())
        return;
    if (QFileInfo(path).suffix().isEmpty())
        path += selectedFilter.contains(QLatin1String("svg")) ? QStringLiteral(".svg")
                                                              : QStringLiteral(".png");
    (void)exportImage(path);
}

// ---- clipboard and selection edits -------------------------------------------------------------

QMimeData* CanvasView::selectionMimeData() const {
    return CanvasClipboard::mimeData(m_document.project(), m_scene->selectedObjectIds());
}

bool CanvasView::pasteMimeData(const QMimeData* mime) {
    if (!mime)
        return false;
    QByteArray json = mime->data(QString::fromLatin1(CanvasClipboard::kMimeType));
    if (json.isEmpty() && mime->hasText() && mime->text().trimmed().startsWith(QLatin1Char('{')))
        json = mime->text().toUtf8();
    if (json.isEmpty()) {
        emit statusMessage(tr("The clipboard holds no Ferry objects to paste."));
        return false;
    }
    QString fallback;
    for (const QString& id : m_document.selection().ids())
        if (m_model->site(id)) {
            fallback = id;
            break;
        }
    auto pasted = CanvasClipboard::paste(m_document, json, tr("Paste"), fallback);
    if (!pasted)
        return false;
    m_document.selection().set(pasted->ids);
    QString message = tr("Pasted %n object(s).", "", int(pasted->ids.size()));
    if (!pasted->notes.isEmpty())
        message += QLatin1Char(' ') + pasted->notes.join(QLatin1Char(' '));
    emit statusMessage(message);
    return true;
}

void CanvasView::copySelection() {
    QMimeData* mime = selectionMimeData();
    if (!mime) {
        emit statusMessage(tr("Select sites or workloads to copy."));
        return;
    }
    QApplication::clipboard()->setMimeData(mime);
    emit statusMessage(tr("Copied %n object(s).", "", int(m_scene->selectedObjectIds().size())));
}

void CanvasView::cutSelection() {
    if (QMimeData* mime = selectionMimeData()) {
        QApplication::clipboard()->setMimeData(mime);
        deleteSelection();
    }
}

void CanvasView::paste() {
    pasteMimeData(QApplication::clipboard()->mimeData());
}

void CanvasView::deleteSelection() {
    const ObjectSet objects = m_scene->selectedObjects();
    if (objects.empty())
        return;
    const int count = int(objects.sites.size() + objects.workloads.size() +
                          qsizetype(objects.dependencies.size()) + objects.mappings.size());
    if (pushDeleteObjects(m_document, objects))
        emit statusMessage(tr("Deleted %n object(s); Undo brings them back.", "", count));
}

void CanvasView::duplicateSelection() {
    const QByteArray json =
        CanvasClipboard::copy(m_document.project(), m_scene->selectedObjectIds());
    if (json.isEmpty())
        return;
    auto pasted = CanvasClipboard::paste(m_document, json, tr("Duplicate"));
    if (!pasted)
        return;
    m_document.selection().set(pasted->ids);
    emit statusMessage(tr("Duplicated %n object(s).", "", int(pasted->ids.size())));
}

void CanvasView::selectAll() {
    QStringList ids = m_model->siteIds();
    ids += m_model->workloadIds();
    m_document.selection().set(ids);
}

void CanvasView::togglePinSelection() {
    std::vector<MoveEntry> moves;
    bool anyUnpinned = false;
    std::vector<std::pair<MoveEntry::Target, QString>> targets;
    for (QGraphicsItem* item : m_scene->selectedItems()) {
        if (auto* s = qgraphicsitem_cast<SiteItem*>(item)) {
            anyUnpinned |= !m_model->site(s->id())->pinned;
            targets.emplace_back(MoveEntry::Target::Site, s->id());
        } else if (auto* w = qgraphicsitem_cast<WorkloadItem*>(item)) {
            anyUnpinned |= !m_model->workload(w->id())->pinned;
            targets.emplace_back(MoveEntry::Target::Workload, w->id());
        }
    }
    for (const auto& [target, id] : targets) {
        const QPointF p = target == MoveEntry::Target::Site ? m_model->site(id)->position
                                                            : m_model->workload(id)->position;
        moves.push_back({target, id.toStdString(), {p.x(), p.y(), anyUnpinned}});
    }
    if (moves.empty())
        return;
    const int n = int(moves.size());
    if (pushMove(m_document,
                 anyUnpinned ? tr("Pin %n object(s)", "", n) : tr("Unpin %n object(s)", "", n),
                 std::move(moves)))
        emit statusMessage(
            anyUnpinned ? tr("Pinned %n object(s): automatic layout leaves them in place.", "", n)
                        : tr("Unpinned %n object(s).", "", n));
}

// ---- layout ------------------------------------------------------------------------------------

void CanvasView::autoLayout() {
    if (m_layoutRunning) {
        emit statusMessage(tr("An automatic layout is already running."));
        return;
    }
    const QString dot = AutoLayout::findDot();
    if (dot.isEmpty()) {
        emit statusMessage(tr("Automatic layout needs Graphviz, and its program 'dot' was not "
                              "found. Install Graphviz (for example: apt install graphviz) or set "
                              "FERRY_DOT to its path, then try again."));
        emit layoutFinished(false);
        return;
    }
    m_layoutRunning = true;
    action(Action::AutoLayout)->setEnabled(false);
    const int generation = m_layoutGeneration;
    emit statusMessage(tr("Laying out %n workload(s) with Graphviz…", "",
                          int(m_document.project().workloads().size())));
    auto* watcher = new QFutureWatcher<LayoutOutcome>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, generation] {
        watcher->deleteLater();
        m_layoutRunning = false;
        action(Action::AutoLayout)->setEnabled(true);
        LayoutOutcome outcome = watcher->result();
        if (generation != m_layoutGeneration) {
            emit statusMessage(tr("Automatic layout abandoned: another project was opened."));
            emit layoutFinished(false);
            return;
        }
        if (!outcome.error.isEmpty()) {
            emit statusMessage(outcome.error);
            emit layoutFinished(false);
            return;
        }
        if (!AutoLayout::apply(m_document, std::move(outcome.moves), tr("Auto layout"))) {
            emit layoutFinished(false);
            return;
        }
        fitToView();
        emit statusMessage(tr("Laid out the estate; Undo restores the previous layout."));
        emit layoutFinished(true);
    });
    watcher->setFuture(QtConcurrent::run([data = m_document.project().data(), dot] {
        LayoutOutcome outcome;
        auto moves = AutoLayout::layoutWithDot(data, dot);
        if (moves)
            outcome.moves = std::move(moves).value();
        else
            outcome.error = QString::fromStdString(moves.error().toString());
        return outcome;
    }));
}

void CanvasView::arrangeInGrid() {
    if (AutoLayout::apply(m_document, AutoLayout::gridLayout(m_document.project().data()),
                          tr("Arrange in grid"))) {
        fitToView();
        emit statusMessage(tr("Arranged the estate in a grid; Undo restores the previous layout."));
    }
}

// ---- context menu and drops --------------------------------------------------------------------

void CanvasView::showMapMenu(QMenu& menu, const QString& workloadId) {
    const WorkloadView* w = m_model->workload(workloadId);
    if (!w)
        return;
    QMenu* map = menu.addMenu(tr("&Map to"));
    for (const QString& siteId : m_model->siteIds()) {
        if (siteId == w->site)
            continue;
        const SiteView* s = m_model->site(siteId);
        QAction* a = map->addAction(CanvasStyle::providerIconImage(s->provider, 16), s->name);
        a->setCheckable(true);
        a->setChecked(w->mapped && w->target == siteId);
        connect(a, &QAction::triggered, this, [this, workloadId, siteId] {
            if (pushSetMapping(m_document, PlanGraphDefaults::mappingFor(m_document.project(),
                                                                         workloadId.toStdString(),
                                                                         siteId.toStdString())))
                emit statusMessage(
                    tr("Mapped %1 to %2.")
                        .arg(m_model->workload(workloadId)->name, m_model->site(siteId)->name));
        });
    }
    map->setEnabled(!map->isEmpty());
    if (w->mapped) {
        QAction* remove = menu.addAction(tr("&Remove Mapping"));
        connect(remove, &QAction::triggered, this, [this, workloadId] {
            (void)pushRemoveMapping(m_document, workloadId.toStdString());
        });
    }
}

void CanvasView::contextMenuEvent(QContextMenuEvent* event) {
    const QPointF scenePos = mapToScene(event->pos());
    QGraphicsItem* top = nullptr;
    for (QGraphicsItem* item :
         m_scene->items(scenePos, Qt::IntersectsItemShape, Qt::DescendingOrder))
        if (item->flags() & QGraphicsItem::ItemIsSelectable) {
            top = item;
            break;
        }
    if (top && !top->isSelected()) {
        m_scene->clearSelection();
        top->setSelected(true);
    }
    QMenu menu(this);
    if (auto* w = qgraphicsitem_cast<WorkloadItem*>(top)) {
        showMapMenu(menu, w->id());
        menu.addSeparator();
    }
    if (top) {
        if (qgraphicsitem_cast<WorkloadItem*>(top) || qgraphicsitem_cast<SiteItem*>(top)) {
            menu.addAction(action(Action::TogglePin));
            menu.addAction(action(Action::Copy));
            menu.addAction(action(Action::Duplicate));
        }
        menu.addAction(action(Action::Delete));
    } else {
        menu.addAction(action(Action::Paste));
        menu.addAction(action(Action::SelectAll));
        menu.addSeparator();
        menu.addAction(action(Action::AutoLayout));
        menu.addAction(action(Action::ArrangeInGrid));
        menu.addAction(action(Action::ZoomFit));
    }
    menu.exec(event->globalPos());
}

void CanvasView::dragEnterEvent(QDragEnterEvent* event) {
    const QMimeData* mime = event->mimeData();
    if (PaletteWidget::decode(mime) ||
        mime->hasFormat(QString::fromLatin1(CanvasClipboard::kMimeType))) {
        event->setDropAction(Qt::CopyAction);
        event->accept();
        return;
    }
    event->ignore();
}

void CanvasView::dragMoveEvent(QDragMoveEvent* event) {
    const QMimeData* mime = event->mimeData();
    if (PaletteWidget::decode(mime)) {
        m_scene->previewPaletteDrop(mime, mapToScene(event->position().toPoint()));
        event->setDropAction(Qt::CopyAction);
        event->accept();
        return;
    }
    if (mime->hasFormat(QString::fromLatin1(CanvasClipboard::kMimeType))) {
        event->setDropAction(Qt::CopyAction);
        event->accept();
        return;
    }
    event->ignore();
}

void CanvasView::dragLeaveEvent(QDragLeaveEvent* event) {
    m_scene->previewPaletteDrop(nullptr, {});
    event->accept();
}

void CanvasView::dropEvent(QDropEvent* event) {
    const QMimeData* mime = event->mimeData();
    const QPointF scenePos = mapToScene(event->position().toPoint());
    if (PaletteWidget::decode(mime)) {
        m_scene->dropPaletteObject(mime, scenePos);
        event->setDropAction(Qt::CopyAction);
        event->accept();
        setFocus();
        return;
    }
    if (mime->hasFormat(QString::fromLatin1(CanvasClipboard::kMimeType))) {
        pasteMimeData(mime);
        event->setDropAction(Qt::CopyAction);
        event->accept();
        return;
    }
    event->ignore();
}

} // namespace ferry::ui
