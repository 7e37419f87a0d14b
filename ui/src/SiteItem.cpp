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
    if (rect.size() != m_size) {
        prepareGeometryChange();
        m_size = rect.size();
    }
    if (rect.topLeft() == pos())
        return false;
    setPos(rect.topLeft());
    return true;
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
    QColor border = brand;
    border.setAlpha(150);

    if (lod < 0.3) {
        // Overview: a plain box and a name readable at any zoom.
        painter->setPen(QPen(selected ? CanvasStyle::selectionColour() : border, 0));
        painter->setBrush(m_dropHighlight ? mix(Qt::white, CanvasStyle::selectionColour(), 0.15)
                                          : body);
        painter->drawRect(rect);
        QFont font = CanvasStyle::titleFont();
        font.setPixelSize(std::max(1, int(13.0 / lod)));
        painter->setFont(font);
        painter->setPen(CanvasStyle::textColour());
        const QRectF textRect = rect.adjusted(6 / lod, 4 / lod, -6 / lod, 0);
        painter->drawText(
            textRect, Qt::AlignLeft | Qt::AlignTop | Qt::TextSingleLine,
            QFontMetricsF(font).elidedText(site->name, Qt::ElideRight, textRect.width()));
        return;
    }

    painter->setRenderHint(QPainter::Antialiasing, true);
    // Soft shadow.
    painter->setPen(Qt::NoPen);
    painter->setBrush(QColor(15, 23, 42, 14));
    painter->drawRoundedRect(rect.translated(0, 3).adjusted(-1, 0, 1, 1), kRadius + 1, kRadius + 1);
    painter->setBrush(QColor(15, 23, 42, 18));
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
    const double nameLeft = badgeRect.right() + 8;
    const double regionWidth =
        std::min(detailMetrics.horizontalAdvance(site->region), (right - nameLeft) * 0.45);
    if (!site->region.isEmpty()) {
        painter->setFont(detailFont);
        painter->setPen(CanvasStyle::mutedTextColour());
        painter->drawText(QRectF(right - regionWidth, 0, regionWidth, CanvasStyle::kSiteHeader),
                          Qt::AlignVCenter | Qt::AlignRight,
                          detailMetrics.elidedText(site->region, Qt::ElideRight, regionWidth));
        right -= regionWidth + 8;
    }
    const QFont titleFont = CanvasStyle::titleFont();
    painter->setFont(titleFont);
    painter->setPen(CanvasStyle::textColour());
    painter->drawText(
        QRectF(nameLeft, 0, std::max(0.0, right - nameLeft), CanvasStyle::kSiteHeader),
        Qt::AlignVCenter | Qt::AlignLeft,
        QFontMetricsF(titleFont).elidedText(site->name, Qt::ElideRight,
                                            std::max(0.0, right - nameLeft)));
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
