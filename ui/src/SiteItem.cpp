#include <ferry/ui/SiteItem.hpp>

#include <ferry/ui/CanvasStyle.hpp>
#include <ferry/ui/PlanGraphModel.hpp>

#include <QFontMetricsF>
#include <QPainter>
#include <QStyleOptionGraphicsItem>

namespace ferry::ui {
namespace {

constexpr double kRadius = 12.0;
constexpr double kShadow = 4.0;

QColor mix(const QColor& base, const QColor& over, double amount) {
    return QColor::fromRgbF(float(base.redF() + (over.redF() - base.redF()) * amount),
                            float(base.greenF() + (over.greenF() - base.greenF()) * amount),
                            float(base.blueF() + (over.blueF() - base.blueF()) * amount));
}

} // namespace

SiteItem::SiteItem(const PlanGraphModel& model, QString id) : m_model(model), m_id(std::move(id)) {
    setFlag(ItemIsSelectable);
    setZValue(0);
    updateGeometry();
}

bool SiteItem::updateGeometry() {
    const QRectF rect = m_model.siteRect(m_id);
    bool changed = false;
    if (rect.size() != m_size) {
        prepareGeometryChange();
        m_size = rect.size();
        changed = true;
    }
    if (rect.topLeft() != pos()) {
        setPos(rect.topLeft());
        changed = true;
    }
    return changed;
}

void SiteItem::setDropHighlight(bool on) {
    if (on == m_dropHighlight)
        return;
    m_dropHighlight = on;
    update();
}

bool SiteItem::isOnHeader(QPointF scenePos) const {
    return shape().contains(mapFromScene(scenePos));
}

QRectF SiteItem::boundingRect() const {
    return QRectF(QPointF(0, 0), m_size).adjusted(-2, -2, kShadow, kShadow);
}

QPainterPath SiteItem::shape() const {
    QPainterPath path;
    path.addRoundedRect(QRectF(0, 0, m_size.width(), CanvasStyle::kSiteHeader), kRadius, kRadius);
    return path;
}

void SiteItem::paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget*) {

    const SiteView* site = m_model.site(m_id);
    if (!site)
        return;
    const double lod = option->levelOfDetailFromTransform(painter->worldTransform());
    const QRectF rect(QPointF(0, 0), m_size);
    const QColor brand = CanvasStyle::providerColour(site->provider);
    const bool selected = isSelected();
    const QColor body = mix(Qt::white, brand, 0.045);
    const QColor border = mix(Qt::white, brand, 0.6); // opaque: cheaper to stroke

    if (lod < 0.3) {
        // Overview: an outline (filling large areas is most of a far-out frame's cost).
        QPen outline(selected ? CanvasStyle::selectionColour() : border, selected ? 2.0 : 1.5);
        outline.setCosmetic(true);
        painter->setPen(outline);
        if (m_dropHighlight)
            painter->setBrush(mix(Qt::white, CanvasStyle::selectionColour(), 0.15));
        else
            painter->setBrush(Qt::NoBrush);
        painter->setRenderHint(QPainter::Antialiasing, false);
        painter->drawRect(rect);
        // The name is drawn by the view above everything (CanvasView::drawForeground).
        return;
    }

    painter->setRenderHint(QPainter::Antialiasing, true);
    // Soft shadow.
    painter->setPen(Qt::NoPen);
    // Opaque shadow colours mixed with the canvas: a site can be large, and translucent fills
    // of its size cost several times more.
    painter->setBrush(CanvasStyle::onCanvas(QColor(15, 23, 42), 0.05));
    painter->drawRoundedRect(rect.translated(0, 3).adjusted(-1, 0, 1, 1), kRadius + 1, kRadius + 1);
    painter->setBrush(CanvasStyle::onCanvas(QColor(15, 23, 42), 0.08));
    painter->drawRoundedRect(rect.translated(0, 1), kRadius, kRadius);

    // Body and title band.
    painter->setBrush(m_dropHighlight ? mix(Qt::white, CanvasStyle::selectionColour(), 0.10)
                                      : body);
    painter->drawRoundedRect(rect, kRadius, kRadius);
    QPainterPath header;
    header.addRoundedRect(QRectF(0, 0, rect.width(), CanvasStyle::kSiteHeader + kRadius), kRadius,
                          kRadius);
    QPainterPath below;
    below.addRect(QRectF(0, CanvasStyle::kSiteHeader, rect.width(), kRadius + 1));
    painter->setBrush(mix(Qt::white, brand, 0.16));
    painter->drawPath(header.subtracted(below));
    painter->setPen(QPen(mix(Qt::white, brand, 0.35), 1));
    painter->drawLine(QPointF(1, CanvasStyle::kSiteHeader),
                      QPointF(rect.width() - 1, CanvasStyle::kSiteHeader));

    // Border.
    painter->setBrush(Qt::NoBrush);
    if (m_dropHighlight) {
        QPen pen(CanvasStyle::selectionColour(), 2.5, Qt::DashLine);
        painter->setPen(pen);
    } else if (selected) {
        painter->setPen(QPen(CanvasStyle::selectionColour(), 2.5));
    } else {
        painter->setPen(QPen(border, 1.5));
    }
    painter->drawRoundedRect(rect.adjusted(0.5, 0.5, -0.5, -0.5), kRadius, kRadius);

    if (lod < 0.45)
        return;

    // Provider badge.
    const QFont badgeFont = CanvasStyle::badgeFont();
    const QFontMetricsF badgeMetrics(badgeFont);
    const QString badge = CanvasStyle::providerBadge(site->provider);
    const double badgeHeight = 17;
    const QRectF badgeRect(10, (CanvasStyle::kSiteHeader - badgeHeight) / 2,
                           badgeMetrics.horizontalAdvance(badge) + 14, badgeHeight);
    painter->setPen(Qt::NoPen);
    painter->setBrush(brand);
    painter->drawRoundedRect(badgeRect, badgeHeight / 2, badgeHeight / 2);
    painter->setFont(badgeFont);
    painter->setPen(Qt::white);
    painter->drawText(badgeRect, Qt::AlignCenter, badge);

    // Region on the right, then the name in the space left.
    double right = rect.width() - 10;
    if (site->validation == ValidationState::Error ||
        site->validation == ValidationState::Warning) {
        const QPointF centre(right - 7, CanvasStyle::kSiteHeader / 2);
        painter->setPen(Qt::NoPen);
        painter->setBrush(site->validation == ValidationState::Error ? QColor(0xdc, 0x26, 0x26)
                                                                     : QColor(0xe8, 0xa3, 0x17));
        painter->drawEllipse(centre, 7, 7);
        painter->setPen(Qt::white);
        painter->setFont(badgeFont);
        painter->drawText(QRectF(centre.x() - 7, centre.y() - 7, 14, 14), Qt::AlignCenter,
                          QStringLiteral("!"));
        right -= 20;
    }
    const QFont detailFont = CanvasStyle::detailFont();
    const QFontMetricsF detailMetrics(detailFont);
    const QFont titleFont = CanvasStyle::titleFont();
    const QFontMetricsF titleMetrics(titleFont);
    const double nameLeft = badgeRect.right() + 8;
    // The name comes first; the region takes what is left, or hides (it is in the tooltip).
    const double spare = right - nameLeft - titleMetrics.horizontalAdvance(site->name) - 8;
    double regionWidth = std::min(detailMetrics.horizontalAdvance(site->region), spare);
    if (regionWidth < 40)
        regionWidth = 0;
    if (!site->region.isEmpty() && regionWidth > 0) {
        painter->setFont(detailFont);
        painter->setPen(CanvasStyle::mutedTextColour());
        painter->drawText(QRectF(right - regionWidth, 0, regionWidth, CanvasStyle::kSiteHeader),
                          Qt::AlignVCenter | Qt::AlignRight,
                          detailMetrics.elidedText(site->region, Qt::ElideRight, regionWidth));
        right -= regionWidth + 8;
    }
    painter->setFont(titleFont);
    painter->setPen(CanvasStyle::textColour());
    painter->drawText(
        QRectF(nameLeft, 0, std::max(0.0, right - nameLeft), CanvasStyle::kSiteHeader),
        Qt::AlignVCenter | Qt::AlignLeft,
        titleMetrics.elidedText(site->name, Qt::ElideRight, std::max(0.0, right - nameLeft)));

    // An empty site says what it is for.
    if (m_model.workloadsOf(m_id).isEmpty()) {
        const int mapped = int(m_model.workloadsMappedTo(m_id).size());
        const QString hint =
            mapped > 0 ? PlanGraphModel::tr("%n workload(s) mapped here", "", mapped)
                       : PlanGraphModel::tr("Drop workloads here to map them, or add new ones "
                                            "from the palette");
        painter->setFont(detailFont);
        painter->setPen(CanvasStyle::mutedTextColour());
        painter->drawText(rect.adjusted(16, CanvasStyle::kSiteHeader + 8, -16, -8),
                          Qt::AlignCenter | Qt::TextWordWrap, hint);
    }
    if (site->pinned) {
        // A small pin at the bottom-right corner.
        const QPointF at(rect.width() - 14, rect.height() - 14);
        painter->setPen(QPen(CanvasStyle::mutedTextColour(), 1.5));
        painter->drawLine(at, at + QPointF(0, 6));
        painter->setPen(Qt::NoPen);
        painter->setBrush(CanvasStyle::mutedTextColour());
        painter->drawEllipse(at - QPointF(0, 1), 3.5, 3.5);
    }
}

} // namespace ferry::ui
