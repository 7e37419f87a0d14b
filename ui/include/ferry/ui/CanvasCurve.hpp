#pragma once

#include <QPainterPath>
#include <QPolygonF>
#include <QRectF>

#include <vector>

class QPainter;
class QPen;

namespace ferry::ui {

/// An edge's cubic curve flattened once, so that painting draws only the stretch inside the
/// exposed area: a long edge crossing a zoomed-in view costs what its visible part costs, not
/// its whole length (stroking and dashing are proportional to length).
class CanvasCurve {
public:
    /// Flatten a path made of one moveTo and one cubicTo; empty for anything else.
    void build(const QPainterPath& cubic);
    /// True when there is nothing to draw.
    bool isEmpty() const { return m_points.size() < 2; }
    /// The first and last points.
    QPointF start() const { return m_points.front(); }
    QPointF end() const { return m_points.back(); }
    /// True when neither end lies in exposed: the edge only passes through the view.
    bool passesThrough(const QRectF& exposed) const {
        return !isEmpty() && !exposed.contains(start()) && !exposed.contains(end());
    }
    /// Draw the parts of the curve inside exposed with pen; a dashed pen keeps its phase.
    void draw(QPainter& painter, const QRectF& exposed, const QPen& pen) const;

private:
    QPolygonF m_points;
    std::vector<double> m_lengths; // length from the start to each point
    QRectF m_bounds;
};

} // namespace ferry::ui
