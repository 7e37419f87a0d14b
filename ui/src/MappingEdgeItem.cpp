#include <ferry/ui/MappingEdgeItem.hpp>

#include <ferry/ui/CanvasStyle.hpp>
#include <ferry/ui/DependencyEdgeItem.hpp>
#include <ferry/ui/PlanGraphModel.hpp>

#include <QFontMetricsF>
#include <QLocale>
#include <QPainter>
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
    // The exposed rectangle lets a long edge draw only its visible stretch.
    setFlag(ItemUsesExtendedStyleOption);
    setZValue(1);
}

void MappingEdgeItem::updateGeometry(const QRectF& source, const QRectF& target) {
    const WorkloadView* w = m_model.workload(m_id);
    prepareGeometryChange();
    m_shape = QPainterPath();
    m_path = QPainterPath();
    m_curve.build(m_path);
    m_arrow.clear();
    m_bounds = QRectF();
    if (!w || target.isEmpty())
        return;
    const QRectF card = PlanGraphModel::nodeRect(w->position);
    const double inset = 14;
    // Where the card sits in its own site, 0 (first) to 1 (last), on both axes: arrivals keep
    // that order along the target's border instead of meeting in one point.
    const auto share = [&](double value, double low, double extent) {
        return extent > 1 ? std::clamp((value - low) / extent, 0.0, 1.0) : 0.5;
    };
    const double shareY =
        source.isValid() ? share(w->position.y(), source.top(), source.height()) : 0.5;
    const double shareX =
        source.isValid() ? share(w->position.x(), source.left(), source.width()) : 0.5;
    QPointF start, end;
    QPointF startPull, endPull;
    if (target.left() >= card.right() || target.right() <= card.left()) {
        // Target to one side: leave sideways, arrive on the facing edge.
        const bool right = target.left() >= card.right();
        start = right ? QPointF(card.right(), card.center().y())
                      : QPointF(card.left(), card.center().y());
        const double top = target.top() + CanvasStyle::kSiteHeader + inset;
        const double bottom = std::max(top, target.bottom() - inset);
        end = QPointF(right ? target.left() : target.right(), top + shareY * (bottom - top));
        const double pull = std::max(40.0, std::abs(end.x() - start.x()) * 0.45);
        startPull = QPointF(right ? pull : -pull, 0);
        endPull = QPointF(right ? -pull : pull, 0);
    } else {
        // Target above or below.
        const bool below = target.top() >= card.bottom();
        start = below ? QPointF(card.center().x(), card.bottom())
                      : QPointF(card.center().x(), card.top());
        const double left = target.left() + inset;
        const double right = std::max(left, target.right() - inset);
        end = QPointF(left + shareX * (right - left), below ? target.top() : target.bottom());
        const double pull = std::max(40.0, std::abs(end.y() - start.y()) * 0.45);
        startPull = QPointF(0, below ? pull : -pull);
        endPull = QPointF(0, below ? -pull : pull);
    }
    m_path.moveTo(start);
    m_path.cubicTo(start + startPull, end + endPull, end);
    m_curve.build(m_path);
    m_arrow = DependencyEdgeItem::arrowHead(m_path, kArrow);
    m_bounds = m_path.boundingRect().united(m_arrow.boundingRect()).adjusted(-4, -4, 4, 4);
}

QRectF MappingEdgeItem::boundingRect() const {
    return m_bounds;
}

QPainterPath MappingEdgeItem::shape() const {
    if (m_shape.isEmpty() && !m_path.isEmpty())
        m_shape = DependencyEdgeItem::edgeShape(m_path, m_arrow);
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
        // Far out (the scene normally shows its aggregated flows then): a plain hairline.
        if (!isSelected())
            colour = CanvasStyle::onCanvas(colour, 0.3);
        painter->setRenderHint(QPainter::Antialiasing, false);
        painter->setPen(QPen(colour, 0));
        painter->drawLine(m_curve.start(), m_curve.end());
        return;
    }
    // Opaque, one pixel (see DependencyEdgeItem::paint); an edge only passing through the view
    // is fainter and not antialiased.
    const bool passing = !isSelected() && m_curve.passesThrough(option->exposedRect);
    painter->setRenderHint(QPainter::Antialiasing, !passing);
    if (!isSelected())
        colour = CanvasStyle::onCanvas(colour, passing ? 0.35 : 0.8);
    // Cosmetic: dashes stay 5 pixels long at any zoom, and one-pixel lines are cheap to draw.
    QPen pen(colour, isSelected() ? 2.0 : 1.0, Qt::CustomDashLine, Qt::FlatCap, Qt::RoundJoin);
    pen.setCosmetic(true);
    pen.setDashPattern({5, 3.5});
    painter->setBrush(Qt::NoBrush);
    m_curve.draw(*painter, option->exposedRect, pen);
    if (option->exposedRect.intersects(m_arrow.boundingRect())) {
        painter->setPen(Qt::NoPen);
        painter->setBrush(colour);
        painter->drawPolygon(m_arrow);
    }
    // During a run: the current rate of the workload's copy at the middle of the edge.
    const PlanGraphModel::LiveState* live = m_model.liveState(m_id);
    if (live && (live->rate > 0 || live->failed) && lod >= 0.45) {
        const QPointF middle = (m_curve.start() + m_curve.end()) / 2;
        const QString text = live->failed
                                 ? QObject::tr("failed")
                                 : QLocale().formattedDataSize(static_cast<qint64>(live->rate), 1,
                                                               QLocale::DataSizeTraditionalFormat) +
                                       QStringLiteral("/s");
        const QFontMetricsF metrics(painter->font());
        const QRectF box(middle.x() - metrics.horizontalAdvance(text) / 2 - 4,
                         middle.y() - metrics.height() / 2 - 1, metrics.horizontalAdvance(text) + 8,
                         metrics.height() + 2);
        painter->setRenderHint(QPainter::Antialiasing, true);
        painter->setPen(live->failed ? QColor(0xc0, 0x39, 0x2b) : QColor(0x1f, 0x8a, 0x5b));
        painter->setBrush(Qt::white);
        painter->drawRoundedRect(box, 4, 4);
        painter->drawText(box, Qt::AlignCenter, text);
    }
}

} // namespace ferry::ui
