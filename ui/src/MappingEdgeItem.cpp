#include <ferry/ui/MappingEdgeItem.hpp>

#include <ferry/ui/CanvasStyle.hpp>
#include <ferry/ui/DependencyEdgeItem.hpp>
#include <ferry/ui/PlanGraphModel.hpp>

#include <QPainter>
#include <QPainterPathStroker>
#include <QStyleOptionGraphicsItem>

#include <algorithm>
#include <cmath>

namespace ferry::ui {
namespace {

constexpr double kArrow = 10.0;

} // namespace

MappingEdgeItem::MappingEdgeItem(const PlanGraphModel& model, QString workloadId)
    : m_model(model), m_id(std::move(workloadId)) {
    setFlag(ItemIsSelectable);
    setZValue(1);
}

void MappingEdgeItem::updateGeometry(const QRectF& target) {
    const WorkloadView* w = m_model.workload(m_id);
    prepareGeometryChange();
    m_shape = QPainterPath();
    m_path = QPainterPath();
    m_arrow.clear();
    m_bounds = QRectF();
    if (!w || target.isEmpty())
        return;
    const QRectF card = PlanGraphModel::nodeRect(w->position);
    const double inset = 14;
    QPointF start, end;
    QPointF startPull, endPull;
    if (target.left() >= card.right() || target.right() <= card.left()) {
        // Target to one side: leave sideways, arrive on the facing edge.
        const bool right = target.left() >= card.right();
        start = right ? QPointF(card.right(), card.center().y())
                      : QPointF(card.left(), card.center().y());
        const double y = std::clamp(
            w->position.y(), target.top() + CanvasStyle::kSiteHeader + inset,
            std::max(target.top() + CanvasStyle::kSiteHeader + inset, target.bottom() - inset));
        end = QPointF(right ? target.left() : target.right(), y);
        const double pull = std::max(40.0, std::abs(end.x() - start.x()) * 0.45);
        startPull = QPointF(right ? pull : -pull, 0);
        endPull = QPointF(right ? -pull : pull, 0);
    } else {
        // Target above or below.
        const bool below = target.top() >= card.bottom();
        start = below ? QPointF(card.center().x(), card.bottom())
                      : QPointF(card.center().x(), card.top());
        const double x = std::clamp(w->position.x(), target.left() + inset,
                                    std::max(target.left() + inset, target.right() - inset));
        end = QPointF(x, below ? target.top() : target.bottom());
        const double pull = std::max(40.0, std::abs(end.y() - start.y()) * 0.45);
        startPull = QPointF(0, below ? pull : -pull);
        endPull = QPointF(0, below ? -pull : pull);
    }
    m_path.moveTo(start);
    m_path.cubicTo(start + startPull, end + endPull, end);
    m_arrow = DependencyEdgeItem::arrowHead(m_path, kArrow);
    m_bounds = m_path.boundingRect().united(m_arrow.boundingRect()).adjusted(-4, -4, 4, 4);
}

QRectF MappingEdgeItem::boundingRect() const {
    return m_bounds;
}

QPainterPath MappingEdgeItem::shape() const {
    if (m_shape.isEmpty() && !m_path.isEmpty()) {
        QPainterPathStroker stroker;
        stroker.setWidth(8);
        m_shape = stroker.createStroke(m_path);
        m_shape.setFillRule(Qt::WindingFill);
        m_shape.addPolygon(m_arrow);
    }
    return m_shape;
}

void MappingEdgeItem::paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget*) {
    const WorkloadView* w = m_model.workload(m_id);
    const SiteView* target = w ? m_model.site(w->target) : nullptr;
    if (!target || m_path.isEmpty())
        return;
    const double lod = option->levelOfDetailFromTransform(painter->worldTransform());
    QColor colour = isSelected() ? CanvasStyle::selectionColour()
                                 : CanvasStyle::providerColour(target->provider);
    if (lod < 0.3) {
        colour.setAlpha(isSelected() ? 255 : 70);
        painter->setPen(QPen(colour, 0));
        painter->drawLine(m_path.elementAt(0), m_path.currentPosition());
        return;
    }
    painter->setRenderHint(QPainter::Antialiasing, true);
    colour.setAlpha(isSelected() ? 255 : 190);
    QPen pen(colour, isSelected() ? 2.5 : 1.6, Qt::CustomDashLine, Qt::FlatCap);
    pen.setDashPattern({5, 3.5});
    painter->setPen(pen);
    painter->setBrush(Qt::NoBrush);
    painter->drawPath(m_path);
    painter->setPen(Qt::NoPen);
    painter->setBrush(colour);
    painter->drawPolygon(m_arrow);
}

} // namespace ferry::ui
