#pragma once

#include <QPixmap>
#include <QTimer>
#include <QTransform>
#include <QWidget>

namespace ferry::ui {

class CanvasView;
class PlanGraphModel;

/// The canvas overview in a corner of the view: every site and card in miniature with the
/// visible area as a rectangle; a click or a drag moves the view there.
class CanvasMinimap : public QWidget {
    Q_OBJECT
public:
    CanvasMinimap(CanvasView& view, PlanGraphModel& model);

    /// Redraw the miniature soon (the estate changed); coalesced.
    void invalidate();
    /// The scene point shown at a point of the minimap.
    QPointF sceneAt(QPointF minimapPos) const;
    /// Where a scene point is drawn on the minimap.
    QPointF minimapAt(QPointF scenePos) const;

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    /// Relabel when the interface language changes.
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();
    void render();
    void jumpTo(QPointF minimapPos);

    CanvasView& m_view;
    PlanGraphModel& m_model;
    QPixmap m_cache;
    QTransform m_toMinimap;
    bool m_dirty = true;
    QTimer m_refresh;
};

} // namespace ferry::ui
