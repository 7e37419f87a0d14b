#include <ferry/ui/LinkEdgeItem.hpp>

#include <ferry/model/Link.hpp>
#include <ferry/model/Project.hpp>
#include <ferry/ui/CanvasStyle.hpp>
#include <ferry/ui/PlanGraphModel.hpp>

#include <QFontMetricsF>
#include <QPainter>
#include <QPainterPathStroker>
#include <QStyleOptionGraphicsItem>

#include <algorithm>
#include <optional>

namespace ferry::ui {
namespace {

/// Where the ray from rect's centre towards outside leaves rect.
std::optional<QPointF> exitPoint(const QRectF& rect, QPointF outside) {
    const QPointF c = rect.center();
    const QLineF ray(c, outside);
    const QLineF edges[] = {{rect.topLeft(), rect.topRight()},
                            {rect.topRight(), rect.bottomRight()},
                            {rect.bottomRight(), rect.bottomLeft()},
                            {rect.bottomLeft(), rect.topLeft()}};
    for (const QLineF& edge : edges) {
        QPointF at;
        if (ray.intersects(edge, &at) == QLineF::BoundedIntersection)
            return at;
    }
    return std::nullopt;
}

/// The stretch of line inside rect (Liang-Barsky), or a null line when it misses rect.
QLineF clipped(const QLineF& line, const QRectF& rect) {
    double t0 = 0.0, t1 = 1.0;
    const double dx = line.dx(), dy = line.dy();
    const double p[] = {-dx, dx, -dy, dy};
    const double q[] = {line.x1() - rect.left(), rect.right() - line.x1(), line.y1() - rect.top(),
                        rect.bottom() - line.y1()};
    for (int i = 0; i < 4; ++i) {
        if (p[i] == 0.0) {
            if (q[i] < 0.0)
                return {};
            continue;
        }
        const double t = q[i] / p[i];
        if (p[i] < 0.0)
            t0 = std::max(t0, t);
        else
            t1 = std::min(t1, t);
        if (t0 > t1)
            return {};
    }
    return QLineF(line.pointAt(t0), line.pointAt(t1));
}

QColor linkColour() {
    return QColor(0x47, 0x55, 0x69);
}

} // namespace

LinkEdgeItem::LinkEdgeItem(const PlanGraphModel& model, QString id)
    : m_model(model), m_id(std::move(id)) {
    setFlag(ItemIsSelectable);
    // The exposed rectangle lets a long link draw only its visible stretch.
    setFlag(ItemUsesExtendedStyleOption);
    // Above the site containers it joins, below mapping and dependency edges and the cards.
    setZValue(0.5);
    updateGeometry();
}

QString LinkEdgeItem::label() const {
    const model::Link* link = m_model.project().findLink(m_id.toStdString());
    if (!link)
        return {};
    return CanvasStyle::linkLabel(link->bandwidthMbps, link->latencyMs);
}

void LinkEdgeItem::updateGeometry() {
    prepareGeometryChange();
    m_line = QLineF();
    m_labelRect = QRectF();
    m_bounds = QRectF();
    const model::Link* link = m_model.project().findLink(m_id.toStdString());
    if (!link)
        return;
    const QString from = QString::fromStdString(link->from);
    const QString to = QString::fromStdString(link->to);
    if (!m_model.site(from) || !m_model.site(to))
        return;
    const QRectF a = m_model.siteRect(from);
    const QRectF b = m_model.siteRect(to);
    if (a.intersects(b))
        return; // overlapping sites: nothing sensible to draw between them
    const auto start = exitPoint(a, b.center());
    const auto end = exitPoint(b, a.center());
    if (!start || !end)
        return;
    m_line = QLineF(*start, *end);
    const QFontMetricsF metrics(CanvasStyle::detailFont());
    const QSizeF size(metrics.horizontalAdvance(label()) + 14, metrics.height() + 6);
    QPointF labelCentre = m_line.center();
    if (m_line.length() < size.width() + 12) {
        // Sites close together: the label would cover their borders, so it sits above the gap.
        labelCentre.setY(std::min(a.top(), b.top()) - size.height() / 2 - 6);
    }
    m_labelRect = QRectF(labelCentre - QPointF(size.width() / 2, size.height() / 2), size);
    m_bounds =
        QRectF(m_line.p1(), m_line.p2()).normalized().united(m_labelRect).adjusted(-4, -4, 4, 4);
}

QRectF LinkEdgeItem::boundingRect() const {
    return m_bounds;
}

QPainterPath LinkEdgeItem::shape() const {
    QPainterPath path;
    if (m_line.isNull())
        return path;
    QPainterPath line(m_line.p1());
    line.lineTo(m_line.p2());
    QPainterPathStroker stroker;
    stroker.setWidth(10);
    path = stroker.createStroke(line);
    path.setFillRule(Qt::WindingFill);
    path.addRoundedRect(m_labelRect, 5, 5);
    return path;
}

void LinkEdgeItem::paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget*) {
    if (m_line.isNull())
        return;
    const double lod = option->levelOfDetailFromTransform(painter->worldTransform());
    const QColor colour = isSelected() ? CanvasStyle::selectionColour() : linkColour();
    // An opaque cosmetic line without antialiasing: a wide antialiased stroke costs many times
    // more, and links cross most of the view.
    painter->setRenderHint(QPainter::Antialiasing, false);
    QPen pen(colour, isSelected() ? 4.0 : 3.0, Qt::SolidLine, Qt::FlatCap);
    pen.setCosmetic(true);
    painter->setPen(pen);
    // Only the visible stretch: stroking a long line costs as much off screen as on it.
    const QLineF visible = clipped(m_line, option->exposedRect.adjusted(-8, -8, 8, 8));
    if (!visible.isNull())
        painter->drawLine(visible);
    if (lod < 0.3)
        return; // far out the label would be unreadable
    painter->setRenderHint(QPainter::Antialiasing, true);
    painter->setPen(QPen(colour, isSelected() ? 2.0 : 1.0));
    painter->setBrush(Qt::white);
    painter->drawRoundedRect(m_labelRect, 5, 5);
    painter->setFont(CanvasStyle::detailFont());
    painter->setPen(CanvasStyle::textColour());
    painter->drawText(m_labelRect, Qt::AlignCenter, label());
}

} // namespace ferry::ui
