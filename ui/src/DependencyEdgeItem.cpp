#include <ferry/ui/DependencyEdgeItem.hpp>

#include <ferry/ui/CanvasStyle.hpp>
#include <ferry/ui/PlanGraphModel.hpp>

#include <QPainter>
#include <QPainterPathStroker>
#include <QStyleOptionGraphicsItem>
#include <QtMath>

#include <cmath>

namespace ferry::ui {
namespace {

constexpr double kArrow = 9.0;

} // namespace

DependencyEdgeItem::DependencyEdgeItem(const PlanGraphModel& model, QString id)
    : m_model(model), m_id(std::move(id)) {
    setFlag(ItemIsSelectable);
    // The exposed rectangle lets a long edge draw only its visible stretch.
    setFlag(ItemUsesExtendedStyleOption);
    setZValue(2);
    updateGeometry();
}

QPainterPath DependencyEdgeItem::curve(QPointF a, QPointF b) {
    const double w = CanvasStyle::kNodeSize.width() / 2;
    const double dx = b.x() - a.x();
    const double dy = b.y() - a.y();
    QPainterPath path;
    if (std::abs(dx) >= CanvasStyle::kNodeSize.width() * 0.75) {
        // Side by side: leave from the facing edges.
        const double side = dx > 0 ? 1.0 : -1.0;
        const QPointF start(a.x() + side * w, a.y());
        const QPointF end(b.x() - side * w, b.y());
        const double pull = std::max(40.0, std::abs(end.x() - start.x()) * 0.5);
        path.moveTo(start);
        path.cubicTo(start + QPointF(side * pull, 0), end - QPointF(side * pull, 0), end);
    } else {
        // Stacked: an arc beside the cards, on the left going down and on the right going up,
        // so the edges of a column of cards do not all share one line, and they keep clear of
        // mapping edges, which usually leave to the right.
        const double side = dy >= 0 ? -1.0 : 1.0;
        const QPointF start(a.x() + side * w, a.y());
        const QPointF end(b.x() + side * w, b.y());
        const double bulge = std::min(130.0, 24.0 + 0.16 * std::abs(dy));
        path.moveTo(start);
        path.cubicTo(start + QPointF(side * bulge, 0), end + QPointF(side * bulge, 0), end);
    }
    return path;
}

QPolygonF DependencyEdgeItem::arrowHead(const QPainterPath& path, double size) {
    if (path.elementCount() < 2)
        return {};
    // Along the end tangent: from the last control point that differs from the tip (measuring
    // the curve's length would cost far more, for thousands of edges).
    const QPointF tip = path.currentPosition();
    QPointF back = tip;
    for (int i = path.elementCount() - 2; i >= 0 && QLineF(tip, back).length() < 0.01; --i)
        back = path.elementAt(i);
    QLineF line(tip, back);
    if (line.length() < 0.01)
        return {};
    const double angle = std::atan2(-line.dy(), line.dx());
    const double spread = M_PI / 7;
    return QPolygonF(
        {tip, tip + QPointF(std::cos(angle + spread) * size, -std::sin(angle + spread) * size),
         tip + QPointF(std::cos(angle - spread) * size, -std::sin(angle - spread) * size)});
}

void DependencyEdgeItem::updateGeometry() {
    const DependencyView* d = m_model.dependency(m_id);
    const WorkloadView* from = d ? m_model.workload(d->from) : nullptr;
    const WorkloadView* to = d ? m_model.workload(d->to) : nullptr;
    prepareGeometryChange();
    m_shape = QPainterPath();
    if (!from || !to) {
        m_path = QPainterPath();
        m_curve.build(m_path);
        m_arrow.clear();
        m_bounds = QRectF();
        return;
    }
    m_path = curve(from->position, to->position);
    m_curve.build(m_path);
    m_arrow = arrowHead(m_path, kArrow);
    m_bounds = m_path.boundingRect().united(m_arrow.boundingRect()).adjusted(-4, -4, 4, 4);
}

QPainterPath DependencyEdgeItem::edgeShape(const QPainterPath& path, const QPolygonF& arrow) {
    QPainterPathStroker stroker;
    stroker.setWidth(8);
    QPainterPath shape = stroker.createStroke(path);
    shape.setFillRule(Qt::WindingFill);
    shape.addPolygon(arrow);
    return shape;
}

QRectF DependencyEdgeItem::boundingRect() const {
    return m_bounds;
}

QPainterPath DependencyEdgeItem::shape() const {
    if (m_shape.isEmpty() && !m_path.isEmpty())
        m_shape = DependencyEdgeItem::edgeShape(m_path, m_arrow);
    return m_shape;
}

void DependencyEdgeItem::paint(QPainter* painter, const QStyleOptionGraphicsItem* option,
                               QWidget*) {

    const DependencyView* d = m_model.dependency(m_id);
    if (!d || m_path.isEmpty())
        return;
    const double lod = option->levelOfDetailFromTransform(painter->worldTransform());
    QColor colour = d->onCycle ? QColor(0xd9, 0x77, 0x06) : CanvasStyle::dependencyColour();
    if (isSelected())
        colour = CanvasStyle::selectionColour();

    if (lod < 0.3) {
        // Far out (the scene normally shows its aggregated flows then): a plain hairline.
        if (!isSelected())
            colour = CanvasStyle::onCanvas(colour, 0.35);
        painter->setRenderHint(QPainter::Antialiasing, false);
        painter->setPen(QPen(colour, 0));
        painter->drawLine(m_curve.start(), m_curve.end());
        return;
    }
    // A cosmetic one-pixel line in an opaque colour: wide or translucent strokes cost several
    // times more, and hundreds of edges may cross the view. Traffic shows as a darker line. An
    // edge whose ends are both off screen only passes through: fainter and not antialiased.
    const bool passing = !isSelected() && m_curve.passesThrough(option->exposedRect);
    painter->setRenderHint(QPainter::Antialiasing, !passing);
    const double weight = std::min(1.0, std::log10(1.0 + d->trafficGbPerDay) / 2.0);
    const QColor stroke =
        isSelected() ? colour
                     : CanvasStyle::onCanvas(colour, (0.45 + 0.5 * weight) * (passing ? 0.5 : 1.0));
    QPen pen(stroke, isSelected() ? 2.0 : 1.0, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin);
    pen.setCosmetic(true);
    painter->setBrush(Qt::NoBrush);
    m_curve.draw(*painter, option->exposedRect, pen);
    if (option->exposedRect.intersects(m_arrow.boundingRect())) {
        painter->setPen(Qt::NoPen);
        painter->setBrush(stroke);
        painter->drawPolygon(m_arrow);
    }
}

} // namespace ferry::ui
