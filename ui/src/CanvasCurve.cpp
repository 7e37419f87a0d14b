#include <ferry/ui/CanvasCurve.hpp>

#include <QPainter>
#include <QPen>

#include <algorithm>
#include <cmath>

namespace ferry::ui {

void CanvasCurve::build(const QPainterPath& cubic) {
    m_points.clear();
    m_lengths.clear();
    m_bounds = QRectF();
    if (cubic.elementCount() != 4 || !cubic.elementAt(1).isCurveTo())
        return;
    // Qt's adaptive flattening: few points on the long, gentle stretches, more in the bends.
    const QList<QPolygonF> polygons = cubic.toSubpathPolygons();
    if (polygons.isEmpty() || polygons.front().size() < 2)
        return;
    m_points = polygons.front();
    m_lengths.reserve(std::size_t(m_points.size()));
    double length = 0;
    for (qsizetype i = 0; i < m_points.size(); ++i) {
        if (i > 0)
            length += QLineF(m_points[i - 1], m_points[i]).length();
        m_lengths.push_back(length);
    }
    m_bounds = m_points.boundingRect();
}

void CanvasCurve::draw(QPainter& painter, const QRectF& exposed, const QPen& pen) const {
    if (isEmpty())
        return;
    const double margin = (pen.isCosmetic() ? 0.0 : pen.widthF()) + 2;
    const QRectF area = exposed.adjusted(-margin, -margin, margin, margin);
    const bool dashed = pen.style() != Qt::SolidLine && pen.style() != Qt::NoPen;
    // Dash lengths are in pen widths; a cosmetic pen's widths are device pixels.
    const double scale = std::sqrt(std::abs(painter.worldTransform().determinant()));
    const double unit = pen.isCosmetic() ? std::max(pen.widthF(), 1.0) / std::max(scale, 1e-9)
                                         : std::max(pen.widthF(), 1e-6);
    if (area.contains(m_bounds)) {
        painter.setPen(pen);
        painter.drawPolyline(m_points);
        return;
    }
    if (!area.intersects(m_bounds))
        return;
    const auto visible = [&](const QPointF& a, const QPointF& b) {
        return std::max(a.x(), b.x()) >= area.left() && std::min(a.x(), b.x()) <= area.right() &&
               std::max(a.y(), b.y()) >= area.top() && std::min(a.y(), b.y()) <= area.bottom();
    };
    const auto drawRun = [&](int first, int last) {
        QPen runPen = pen;
        if (dashed)
            runPen.setDashOffset(pen.dashOffset() + m_lengths[std::size_t(first)] / unit);
        painter.setPen(runPen);
        painter.drawPolyline(m_points.constData() + first, last - first + 1);
    };
    const int n = int(m_points.size());
    int runStart = -1;
    for (int i = 0; i + 1 < n; ++i) {
        const bool in = visible(m_points[i], m_points[i + 1]);
        if (in && runStart < 0)
            runStart = i;
        if (!in && runStart >= 0) {
            drawRun(runStart, i);
            runStart = -1;
        }
    }
    if (runStart >= 0)
        drawRun(runStart, n - 1);
}

} // namespace ferry::ui
