#include <ferry/ui/WorkloadItem.hpp>

#include <ferry/ui/CanvasStyle.hpp>
#include <ferry/ui/PlanGraphModel.hpp>

#include <QFontMetricsF>
#include <QPainter>
#include <QStyleOptionGraphicsItem>

namespace ferry::ui {
namespace {

constexpr double kW = CanvasStyle::kNodeSize.width();
constexpr double kH = CanvasStyle::kNodeSize.height();
const QRectF kCard(-kW / 2, -kH / 2, kW, kH);

QColor mix(const QColor& base, const QColor& over, double amount) {
    return QColor::fromRgbF(float(base.redF() + (over.redF() - base.redF()) * amount),
                            float(base.greenF() + (over.greenF() - base.greenF()) * amount),
                            float(base.blueF() + (over.blueF() - base.blueF()) * amount));
}

/// Fonts and metrics built once (after the application exists).
struct Fonts {
    QFont title = CanvasStyle::titleFont();
    QFont detail = CanvasStyle::detailFont();
    QFont badge = CanvasStyle::badgeFont();
    QFontMetricsF titleMetrics{title};
    QFontMetricsF detailMetrics{detail};
    QFontMetricsF badgeMetrics{badge};
};

const Fonts& fonts() {
    static const Fonts f;
    return f;
}

} // namespace

WorkloadItem::WorkloadItem(const PlanGraphModel& model, QString id)
    : m_model(model), m_id(std::move(id)) {
    setFlag(ItemIsSelectable);
    setAcceptHoverEvents(true);
    setCacheMode(DeviceCoordinateCache);
    setZValue(3);
    updatePosition();
}

void WorkloadItem::updatePosition() {
    if (const WorkloadView* w = m_model.workload(m_id); w && w->position != pos())
        setPos(w->position);
}

bool WorkloadItem::isOnHandle(QPointF scenePos) const {
    const QPointF local = mapFromScene(scenePos);
    const QPointF centre(kCard.right(), 0);
    const double reach = CanvasStyle::kHandleRadius + 4;
    return QLineF(local, centre).length() <= reach;
}

QPointF WorkloadItem::handleCentre() const {
    return mapToScene(QPointF(kCard.right(), 0));
}

void WorkloadItem::setLinkHighlight(bool on) {
    if (on == m_linkHighlight)
        return;
    m_linkHighlight = on;
    update();
}

QRectF WorkloadItem::boundingRect() const {
    // Room for the shadow, the validation marker on the corner and the connector handle.
    return kCard.adjusted(-3, -9, CanvasStyle::kHandleRadius + 6, 5);
}

QPainterPath WorkloadItem::shape() const {
    QPainterPath path;
    path.setFillRule(Qt::WindingFill); // the handle overlaps the card: keep both
    path.addRoundedRect(kCard, CanvasStyle::kNodeRadius, CanvasStyle::kNodeRadius);
    path.addEllipse(QPointF(kCard.right(), 0), CanvasStyle::kHandleRadius + 4,
                    CanvasStyle::kHandleRadius + 4);
    return path;
}

void WorkloadItem::hoverEnterEvent(QGraphicsSceneHoverEvent*) {
    m_hovered = true;
    update();
}

void WorkloadItem::hoverLeaveEvent(QGraphicsSceneHoverEvent*) {
    m_hovered = false;
    update();
}

void WorkloadItem::paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget*) {

    const WorkloadView* w = m_model.workload(m_id);
    if (!w)
        return;
    const double lod = option->levelOfDetailFromTransform(painter->worldTransform());
    const QColor accent = m_model.workloadColour(*w);
    const bool plain = m_model.colourMode() == ColourMode::Plain;
    const bool selected = isSelected();

    if (lod < 0.3) {
        // Overview: a flat box in the accent colour.
        painter->setRenderHint(QPainter::Antialiasing, false);
        painter->setPen(selected || m_linkHighlight ? QPen(CanvasStyle::selectionColour(), 0)
                                                    : Qt::NoPen);
        painter->setBrush(plain ? mix(Qt::white, accent, 0.55) : accent);
        painter->drawRect(kCard);
        return;
    }

    painter->setRenderHint(QPainter::Antialiasing, true);
    const double r = CanvasStyle::kNodeRadius;
    painter->setPen(Qt::NoPen);
    // Shadows in opaque colours (a card sits on a near-white site): translucent fills cost
    // several times more, for every card on screen.
    painter->setBrush(mix(Qt::white, QColor(15, 23, 42), 0.06));
    painter->drawRoundedRect(kCard.translated(0, 2.5).adjusted(-1, 0, 1, 0.5), r + 1, r + 1);
    painter->setBrush(mix(Qt::white, QColor(15, 23, 42), 0.12));
    painter->drawRoundedRect(kCard.translated(0, 1), r, r);

    // Card, tinted in colour modes.
    painter->setBrush(plain ? QColor(Qt::white) : mix(Qt::white, accent, 0.13));
    QPen border(QColor(0xd1, 0xd5, 0xdb), 1);
    if (selected || m_linkHighlight)
        border = QPen(CanvasStyle::selectionColour(), 2);
    painter->setPen(border);
    painter->drawRoundedRect(kCard, r, r);

    // Accent stripe on the left edge.
    QPainterPath card;
    card.addRoundedRect(kCard, r, r);
    QPainterPath stripe;
    stripe.addRect(QRectF(kCard.left(), kCard.top(), 5, kH));
    painter->setPen(Qt::NoPen);
    painter->setBrush(accent);
    painter->drawPath(card.intersected(stripe));

    // Kind icon in a disc.
    const QPointF iconCentre(kCard.left() + 25, 0);
    painter->setBrush(CanvasStyle::kindColour(w->kind));
    painter->drawEllipse(iconCentre, 14, 14);
    painter->save();
    painter->translate(iconCentre - QPointF(8, 8));
    painter->setBrush(Qt::white);
    painter->drawPath(CanvasStyle::kindIcon(w->kind));
    painter->restore();

    // During a run: a progress ring around the icon (red when an object failed).
    if (const PlanGraphModel::LiveState* live = m_model.liveState(m_id)) {
        const QRectF ring(iconCentre - QPointF(17, 17), QSizeF(34, 34));
        painter->setBrush(Qt::NoBrush);
        painter->setPen(QPen(QColor(0xd5, 0xdb, 0xe5), 3));
        painter->drawEllipse(ring);
        const QColor done = live->failed ? QColor(0xc0, 0x39, 0x2b) : QColor(0x1f, 0x8a, 0x5b);
        painter->setPen(QPen(done, 3, Qt::SolidLine, Qt::RoundCap));
        const int span = live->failed ? 360 * 16 : static_cast<int>(live->progress * 360 * 16);
        painter->drawArc(ring, 90 * 16, -span);
    }

    if (lod >= 0.45) {
        const Fonts& f = fonts();
        const double textLeft = kCard.left() + 46;
        const double textRight = kCard.right() - 12;

        painter->setFont(f.title);
        painter->setPen(CanvasStyle::textColour());
        const QRectF titleRect(textLeft, kCard.top() + 6, textRight - textLeft, 18);
        painter->drawText(titleRect, Qt::AlignLeft | Qt::AlignVCenter,
                          f.titleMetrics.elidedText(w->name, Qt::ElideRight, titleRect.width()));

        // Wave badge at the end of the second line.
        double detailRight = textRight;
        if (w->wave > 0) {
            const QString text = PlanGraphModel::tr("W%1").arg(w->wave);
            const double width = f.badgeMetrics.horizontalAdvance(text) + 12;
            const QRectF badge(textRight - width, kCard.top() + 26, width, 14);
            painter->setPen(Qt::NoPen);
            painter->setBrush(CanvasStyle::waveColour(w->wave));
            painter->drawRoundedRect(badge, 7, 7);
            painter->setFont(f.badge);
            painter->setPen(Qt::white);
            painter->drawText(badge, Qt::AlignCenter, text);
            detailRight = badge.left() - 6;
        }

        // The icon shows the kind; once mapped, the strategy says more.
        const QString detail =
            w->sizeText + QStringLiteral(" · ") +
            (w->mapped ? CanvasStyle::strategyName(w->strategy) : CanvasStyle::kindName(w->kind));
        painter->setFont(f.detail);
        painter->setPen(CanvasStyle::mutedTextColour());
        const QRectF detailRect(textLeft, kCard.top() + 25, detailRight - textLeft, 16);
        painter->drawText(detailRect, Qt::AlignLeft | Qt::AlignVCenter,
                          f.detailMetrics.elidedText(detail, Qt::ElideRight, detailRect.width()));

        if (w->pinned) {
            const QPointF at(kCard.right() - 10, kCard.top() + 10);
            painter->setPen(QPen(CanvasStyle::mutedTextColour(), 1.3));
            painter->drawLine(at, at + QPointF(0, 6));
            painter->setPen(Qt::NoPen);
            painter->setBrush(CanvasStyle::mutedTextColour());
            painter->drawEllipse(at - QPointF(0, 1), 3, 3);
        }
    }

    // Validation marker on the top-right corner.
    if (w->validation == ValidationState::Error || w->validation == ValidationState::Warning) {
        const QPointF centre(kCard.right() - 2, kCard.top() + 1);
        painter->setPen(QPen(Qt::white, 1.5));
        painter->setBrush(w->validation == ValidationState::Error ? QColor(0xdc, 0x26, 0x26)
                                                                  : QColor(0xe8, 0xa3, 0x17));
        painter->drawEllipse(centre, 7.5, 7.5);
        painter->setPen(QPen(Qt::white, 1.8, Qt::SolidLine, Qt::RoundCap));
        painter->drawLine(centre + QPointF(0, -3.5), centre + QPointF(0, 0.8));
        painter->drawPoint(centre + QPointF(0, 3.3));
    }

    // Connector handle, shown when the card is hovered or selected.
    if (m_hovered || selected) {
        const QPointF centre(kCard.right(), 0);
        painter->setPen(QPen(CanvasStyle::selectionColour(), 1.5));
        painter->setBrush(Qt::white);
        painter->drawEllipse(centre, CanvasStyle::kHandleRadius, CanvasStyle::kHandleRadius);
        painter->setPen(Qt::NoPen);
        painter->setBrush(CanvasStyle::selectionColour());
        painter->drawEllipse(centre, 2.5, 2.5);
    }
}

} // namespace ferry::ui
