#include <ferry/ui/CanvasOverviewItem.hpp>

#include <ferry/ui/CanvasStyle.hpp>
#include <ferry/ui/DependencyEdgeItem.hpp>
#include <ferry/ui/PlanGraphModel.hpp>

#include <QFontMetricsF>
#include <QHash>
#include <QPainter>

#include <algorithm>
#include <cmath>

namespace ferry::ui {
namespace {

/// Where the ray from a rectangle's centre towards target leaves the rectangle.
QPointF borderPoint(const QRectF& rect, QPointF target) {
    const QPointF centre = rect.center();
    const QPointF d = target - centre;
    if (std::abs(d.x()) < 1e-9 && std::abs(d.y()) < 1e-9)
        return centre;
    const double tx = std::abs(d.x()) > 1e-9 ? rect.width() / 2 / std::abs(d.x()) : 1e300;
    const double ty = std::abs(d.y()) > 1e-9 ? rect.height() / 2 / std::abs(d.y()) : 1e300;
    return centre + d * std::min({tx, ty, 1.0});
}

} // namespace

CanvasOverviewItem::CanvasOverviewItem(const PlanGraphModel& model) : m_model(model) {
    // Above the cards, which are small boxes then: the flows are what the view is about.
    setZValue(4);
    setAcceptedMouseButtons(Qt::NoButton);
}

void CanvasOverviewItem::rebuild() {
    prepareGeometryChange();
    m_flows.clear();
    QHash<QString, QRectF> sites;
    for (const QString& id : m_model.siteIds())
        sites.insert(id, m_model.siteRect(id));

    // Dependencies between workloads of different sites, per unordered pair of sites.
    QHash<QString, int> dependencyIndex;
    for (const QString& id : m_model.dependencyIds()) {
        const DependencyView* d = m_model.dependency(id);
        const WorkloadView* from = d ? m_model.workload(d->from) : nullptr;
        const WorkloadView* to = d ? m_model.workload(d->to) : nullptr;
        if (!from || !to || from->site == to->site || !sites.contains(from->site) ||
            !sites.contains(to->site))
            continue;
        const bool ordered = from->site < to->site;
        const QString a = ordered ? from->site : to->site;
        const QString b = ordered ? to->site : from->site;
        const QString key = a + QChar(0) + b;
        auto it = dependencyIndex.find(key);
        if (it == dependencyIndex.end()) {
            it = dependencyIndex.insert(key, int(m_flows.size()));
            m_flows.push_back({a, b, {}, {}, 0, false, CanvasStyle::dependencyColour()});
        }
        ++m_flows[*it].count;
    }
    // Mapped workloads, per (source site, target site).
    QHash<QString, int> mappingIndex;
    for (const QString& id : m_model.mappingEdgeIds()) {
        const WorkloadView* w = m_model.workload(id);
        const SiteView* target = w ? m_model.site(w->target) : nullptr;
        if (!target || !sites.contains(w->site))
            continue;
        const QString key = w->site + QChar(0) + w->target;
        auto it = mappingIndex.find(key);
        if (it == mappingIndex.end()) {
            it = mappingIndex.insert(key, int(m_flows.size()));
            m_flows.push_back({w->site,
                               w->target,
                               {},
                               {},
                               0,
                               true,
                               CanvasStyle::providerColour(target->provider)});
        }
        ++m_flows[*it].count;
    }
    QRectF bounds;
    for (Flow& flow : m_flows) {
        const QRectF from = sites.value(flow.from);
        const QRectF to = sites.value(flow.to);
        flow.start = borderPoint(from, to.center());
        flow.end = borderPoint(to, from.center());
        bounds |= QRectF(flow.start, flow.end).normalized();
    }
    // Room for line widths, arrows and labels, which are drawn at a fixed size on screen.
    m_bounds = bounds.isNull() ? QRectF() : bounds.adjusted(-400, -400, 400, 400);
    update();
}

void CanvasOverviewItem::paint(QPainter* painter, const QStyleOptionGraphicsItem*, QWidget*) {
    if (m_flows.isEmpty())
        return;
    // Drawn in device pixels: widths, arrows and labels keep their size at any zoom.
    const QTransform world = painter->worldTransform();
    painter->setWorldTransform(QTransform());
    painter->setRenderHint(QPainter::Antialiasing, true);
    static const QFont font = CanvasStyle::badgeFont();
    const QFontMetricsF metrics(font);
    painter->setFont(font);
    // Dependencies first, mappings on top, and every count above every line.
    struct Label {
        QPointF at;
        QString text;
        QColor colour;
    };
    QList<Label> labels;
    for (const bool mappings : {false, true}) {
        for (const Flow& flow : m_flows) {
            if (flow.mapping != mappings)
                continue;
            const QPointF start = world.map(flow.start);
            const QPointF end = world.map(flow.end);
            if (QLineF(start, end).length() < 4)
                continue;
            const double width = std::min(7.0, 1.0 + std::log2(double(flow.count)));
            // Opaque (mixed with the canvas beforehand): wide translucent strokes cost far more.
            const QColor colour = CanvasStyle::onCanvas(flow.colour, mappings ? 0.75 : 0.5);
            painter->setPen(QPen(colour, width, Qt::SolidLine, Qt::FlatCap));
            painter->drawLine(start, end);
            if (mappings) {
                QPainterPath shaft(start);
                shaft.lineTo(end);
                painter->setPen(Qt::NoPen);
                painter->setBrush(colour);
                painter->drawPolygon(DependencyEdgeItem::arrowHead(shaft, 10 + width));
            }
            labels.push_back({start + (end - start) * (mappings ? 0.3 : 0.5),
                              QString::number(flow.count), flow.colour});
        }
    }
    // How many, in a small label: half way for dependencies, nearer the source for mappings,
    // which often converge on a few targets.
    for (const Label& label : labels) {
        const double w = metrics.horizontalAdvance(label.text) + 10;
        const double h = metrics.height() + 2;
        const QRectF box(label.at.x() - w / 2, label.at.y() - h / 2, w, h);
        painter->setPen(QPen(label.colour, 1));
        painter->setBrush(Qt::white);
        painter->drawRoundedRect(box, h / 2, h / 2);
        painter->setPen(CanvasStyle::textColour());
        painter->drawText(box, Qt::AlignCenter, label.text);
    }
    painter->setWorldTransform(world);
}

} // namespace ferry::ui
