#pragma once

#include <ferry/model/Result.hpp>
#include <ferry/ui/PlanGraphModel.hpp>

#include <QGraphicsView>
#include <QMap>
#include <QPixmap>
#include <QStringList>
#include <QTimer>

#include <memory>

class QAction;
class QActionGroup;
class QMimeData;

namespace ferry::ui {

class CanvasFindBar;
class CanvasLegend;
class CanvasMinimap;
class CanvasScene;
class ProjectDocument;

/// The migration canvas: the whole estate as sites holding workload cards, with dependency and
/// mapping edges, mapped onto the clouds by dragging. The main window makes it its central
/// widget, puts action(...) in its menus and shows statusMessage and
/// EditFeedback::of(document).refused in the status bar.
///
/// Conventions: Ctrl+wheel or pinch zooms at the cursor, the wheel scrolls (Shift+wheel
/// sideways), the middle button or Space+drag pans, a drag on empty canvas selects with a rubber
/// band, a card or a site's title band drags, a drag from a card's right handle (or with Shift
/// or Alt) draws a dependency, a card dropped on another site is mapped to it.
class CanvasView : public QGraphicsView {
    Q_OBJECT
public:
    /// Actions to put in menus and toolbars; each has its shortcut, active while the canvas has
    /// focus (Qt::WidgetWithChildrenShortcut).
    enum class Action {
        ZoomIn,             ///< Ctrl+= / Ctrl++
        ZoomOut,            ///< Ctrl+-
        ZoomFit,            ///< Ctrl+0: the whole estate
        ZoomActual,         ///< Ctrl+1: 100 %
        Find,               ///< Ctrl+F: the canvas's find bar
        SelectAll,          ///< Ctrl+A
        Copy,               ///< Ctrl+C
        Cut,                ///< Ctrl+X
        Paste,              ///< Ctrl+V
        Duplicate,          ///< Ctrl+D
        Delete,             ///< Delete / Backspace
        TogglePin,          ///< Pin or unpin the selection for automatic layout (no shortcut)
        AutoLayout,         ///< Ctrl+Shift+L: Graphviz layout, one undo step
        ArrangeInGrid,      ///< Sites in rows, cards in grids; one undo step
        ExportImage,        ///< Ctrl+Shift+E: PNG or SVG
        ToggleMinimap,      ///< Show or hide the overview (checkable)
        ColourByKind,       ///< Colour modes (checkable, exclusive): by kind...
        ColourByWave,       ///< ...by wave
        ColourByStrategy,   ///< ...by strategy
        ColourByCost,       ///< ...by monthly cost
        ColourByValidation, ///< ...by validation state
    };

    explicit CanvasView(ProjectDocument& document, QWidget* parent = nullptr);
    ~CanvasView() override;

    /// The document shown.
    ProjectDocument& document() { return m_document; }
    /// The adapter between the project and the scene.
    PlanGraphModel& graphModel() { return *m_model; }
    /// The scene.
    CanvasScene& canvasScene() { return *m_scene; }
    /// One of the canvas's actions.
    QAction* action(Action which) const { return m_actions.value(which); }
    /// The exclusive group of colour-mode actions (for a View > Colour submenu).
    QActionGroup* colourModeActions() const { return m_colourGroup; }

    /// Ids of sites and workloads whose name, id, owner or tags contain text.
    QStringList find(const QString& text) const;
    /// Select an object and bring it into view (zooming in when the view is far out).
    void focusObject(const QString& id);

    /// Current scale (1 = 100 %).
    double zoom() const;
    /// Set the scale, clamped to 2 %..400 %, keeping the view centre.
    void setZoom(double zoom);
    /// Show the whole estate.
    void fitToView();

    /// The colour mode of the cards.
    ColourMode colourMode() const { return m_model->colourMode(); }
    /// Change the colour mode (the legend follows).
    void setColourMode(ColourMode mode);
    /// Show or hide the minimap.
    void setMinimapVisible(bool visible);
    /// The minimap (for tests).
    CanvasMinimap* minimap() const { return m_minimap; }
    /// The legend (for tests).
    CanvasLegend* legend() const { return m_legend; }

    /// Write the whole canvas to path: .svg through QSvgGenerator, .png/.jpg/.bmp as an image.
    model::Result<void> exportImage(const QString& path);

    /// The selection as clipboard data (nullptr when nothing is selected).
    QMimeData* selectionMimeData() const;
    /// Paste objects from MIME data (kMimeType or its JSON as text); one undo step.
    bool pasteMimeData(const QMimeData* mime);
    /// Delete the selection (one undo step).
    void deleteSelection();
    /// Duplicate the selection beside itself (one undo step).
    void duplicateSelection();
    /// Copy the selection to the clipboard.
    void copySelection();
    /// Copy, then delete the selection.
    void cutSelection();
    /// Paste from the clipboard.
    void paste();
    /// Select every site and workload.
    void selectAll();
    /// Pin the selection if any of it is unpinned, else unpin it (one undo step).
    void togglePinSelection();

    /// Lay the estate out with Graphviz in the background; applied as one undo step when done
    /// (layoutFinished). When dot is missing, statusMessage says so and nothing changes.
    void autoLayout();
    /// Arrange sites in rows and cards in grids at once (one undo step); no Graphviz needed.
    void arrangeInGrid();
    /// True while a Graphviz layout runs.
    bool layoutRunning() const { return m_layoutRunning; }

signals:
    /// A message for the status bar (what a gesture did, why it did nothing, layout progress).
    void statusMessage(const QString& message);
    /// The user double-clicked an object (show its properties).
    void objectActivated(const QString& id);
    /// An automatic layout ended; ok is false when it failed or was abandoned.
    void layoutFinished(bool ok);
    /// The scale changed (for a zoom indicator).
    void zoomChanged(double zoom);

protected:
    void drawBackground(QPainter* painter, const QRectF& rect) override;
    void drawForeground(QPainter* painter, const QRectF& rect) override;
    void wheelEvent(QWheelEvent* event) override;
    bool viewportEvent(QEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void keyReleaseEvent(QKeyEvent* event) override;
    /// Relabel the actions and redraw translated text when the interface language changes.
    void changeEvent(QEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void showEvent(QShowEvent* event) override;
    void scrollContentsBy(int dx, int dy) override;
    void contextMenuEvent(QContextMenuEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dragMoveEvent(QDragMoveEvent* event) override;
    void dragLeaveEvent(QDragLeaveEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void createActions();
    void retranslateActions();
    void showInitialView();
    void updateLevelOfDetail();
    void updateSceneRect();
    void placeOverlays();
    void zoomBy(double factor, QPointF viewportAnchor);
    void exportWithDialog();
    void nudgeSelection(QPointF delta);
    void showMapMenu(QMenu& menu, const QString& workloadId);

    ProjectDocument& m_document;
    std::unique_ptr<PlanGraphModel> m_model;
    CanvasScene* m_scene = nullptr;
    CanvasMinimap* m_minimap = nullptr;
    CanvasLegend* m_legend = nullptr;
    CanvasFindBar* m_findBar = nullptr;
    QMap<Action, QAction*> m_actions;
    QActionGroup* m_colourGroup = nullptr;
    QTimer m_sceneRectTimer;
    QPixmap m_gridTile;
    bool m_fitPending = true;
    bool m_panning = false;
    bool m_spaceHeld = false;
    QPoint m_panLast;
    bool m_layoutRunning = false;
    int m_layoutGeneration = 0;
    int m_nudgeGesture = 0;
};

} // namespace ferry::ui
