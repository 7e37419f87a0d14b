#include <ferry/ui/CanvasStyle.hpp>

#include <QApplication>
#include <QLocale>
#include <QPainter>
#include <QPainterPathStroker>
#include <QPixmap>

#include <array>
#include <cmath>
#include <numbers>

namespace ferry::ui {
namespace {

using model::Provider;
using model::Strategy;
using model::WorkloadKind;

QPainterPath stroked(const QPainterPath& path, double width) {
    QPainterPathStroker stroker;
    stroker.setWidth(width);
    stroker.setCapStyle(Qt::RoundCap);
    stroker.setJoinStyle(Qt::RoundJoin);
    return stroker.createStroke(path);
}

QPainterPath serverIcon() {
    QPainterPath path;
    path.addRoundedRect(QRectF(1.5, 2, 13, 5.2), 1.4, 1.4);
    path.addRoundedRect(QRectF(1.5, 8.8, 13, 5.2), 1.4, 1.4);
    QPainterPath holes;
    holes.addEllipse(QPointF(4.3, 4.6), 1.0, 1.0);
    holes.addEllipse(QPointF(4.3, 11.4), 1.0, 1.0);
    holes.addRect(QRectF(7.5, 4.1, 5, 1.0));
    holes.addRect(QRectF(7.5, 10.9, 5, 1.0));
    return path.subtracted(holes);
}

QPainterPath databaseIcon() {
    QPainterPath body;
    body.addEllipse(QRectF(2, 1, 12, 4.4));
    body.addRect(QRectF(2, 3.2, 12, 9.6));
    QPainterPath bottom;
    bottom.addEllipse(QRectF(2, 10.6, 12, 4.4));
    body = body.united(bottom);
    QPainterPath rings;
    rings.moveTo(2, 3.2);
    rings.arcTo(QRectF(2, 1, 12, 4.4), 180, 180);
    rings.moveTo(2, 7.0);
    rings.arcTo(QRectF(2, 4.8, 12, 4.4), 180, 180);
    rings.moveTo(2, 10.8);
    rings.arcTo(QRectF(2, 8.6, 12, 4.4), 180, 180);
    return body.subtracted(stroked(rings, 1.0));
}

QPainterPath folderIcon() {
    QPainterPath path;
    path.moveTo(1.5, 3);
    path.lineTo(6, 3);
    path.lineTo(7.5, 4.6);
    path.lineTo(14.5, 4.6);
    path.lineTo(14.5, 13.5);
    path.lineTo(1.5, 13.5);
    path.closeSubpath();
    QPainterPath front;
    front.addRect(QRectF(1.5, 6.2, 13, 0.9));
    return path.subtracted(front);
}

QPainterPath bucketIcon() {
    QPainterPath body;
    body.moveTo(2, 4);
    body.lineTo(14, 4);
    body.lineTo(12.4, 14.2);
    body.quadTo(8, 15.6, 3.6, 14.2);
    body.closeSubpath();
    QPainterPath rim;
    rim.addEllipse(QRectF(2, 2, 12, 4));
    QPainterPath path = body.united(rim);
    QPainterPath inner;
    inner.addEllipse(QRectF(3.4, 2.8, 9.2, 2.4));
    return path.subtracted(inner);
}

QPainterPath cubeIcon() {
    const std::array<QPointF, 6> hex{QPointF(8, 1),  QPointF(14.5, 4.6), QPointF(14.5, 11.4),
                                     QPointF(8, 15), QPointF(1.5, 11.4), QPointF(1.5, 4.6)};
    QPainterPath path;
    path.moveTo(hex[0]);
    for (std::size_t i = 1; i < hex.size(); ++i)
        path.lineTo(hex[i]);
    path.closeSubpath();
    QPainterPath edges;
    edges.moveTo(1.5, 4.6);
    edges.lineTo(8, 8.2);
    edges.lineTo(14.5, 4.6);
    edges.moveTo(8, 8.2);
    edges.lineTo(8, 15);
    return path.subtracted(stroked(edges, 1.0));
}

QPainterPath gearIcon() {
    constexpr int kTeeth = 8;
    constexpr double kOuter = 7.2, kInner = 5.4;
    QPainterPath path;
    for (int i = 0; i < kTeeth * 4; ++i) {
        const double angle = 2 * std::numbers::pi * i / (kTeeth * 4);
        const double r = (i % 4 == 0 || i % 4 == 1) ? kOuter : kInner;
        const QPointF p(8 + r * std::cos(angle), 8 + r * std::sin(angle));
        if (i == 0)
            path.moveTo(p);
        else
            path.lineTo(p);
    }
    path.closeSubpath();
    QPainterPath hole;
    hole.addEllipse(QPointF(8, 8), 2.3, 2.3);
    return path.subtracted(hole);
}

QPainterPath cloudIcon() {
    QPainterPath path;
    path.addEllipse(QPointF(5.2, 9.6), 3.4, 3.4);
    QPainterPath a, b, c;
    a.addEllipse(QPointF(9, 7.2), 4.4, 4.4);
    b.addEllipse(QPointF(12.2, 10.0), 2.9, 2.9);
    c.addRoundedRect(QRectF(2.2, 9.4, 12.6, 3.6), 1.8, 1.8);
    return path.united(a).united(b).united(c);
}

QPainterPath buildingIcon() {
    QPainterPath path;
    path.addRoundedRect(QRectF(3, 1.5, 10, 13), 1.2, 1.2);
    QPainterPath windows;
    for (int row = 0; row < 3; ++row)
        for (int col = 0; col < 2; ++col)
            windows.addRect(QRectF(5 + col * 4, 3.5 + row * 3, 2, 1.6));
    windows.addRect(QRectF(6.8, 11.8, 2.4, 2.7));
    return path.subtracted(windows);
}

QIcon iconFrom(const QPainterPath& glyph, const QColor& background, int size, bool round) {
    QIcon icon;
    for (const int scale : {1, 2}) {
        QPixmap pixmap(size * scale, size * scale);
        pixmap.setDevicePixelRatio(scale);
        pixmap.fill(Qt::transparent);
        QPainter p(&pixmap);
        p.setRenderHint(QPainter::Antialiasing);
        p.setPen(Qt::NoPen);
        p.setBrush(background);
        const QRectF box(1, 1, size - 2, size - 2);
        if (round)
            p.drawEllipse(box);
        else
            p.drawRoundedRect(box, size * 0.2, size * 0.2);
        const double glyphSize = size * 0.58;
        p.translate((size - glyphSize) / 2, (size - glyphSize) / 2);
        p.scale(glyphSize / 16.0, glyphSize / 16.0);
        p.setBrush(Qt::white);
        p.drawPath(glyph);
        p.end();
        icon.addPixmap(pixmap);
    }
    return icon;
}

} // namespace

QColor CanvasStyle::providerColour(Provider provider) {
    switch (provider) {
    case Provider::Aws:
        return QColor(0xf2, 0x91, 0x00);
    case Provider::Azure:
        return QColor(0x00, 0x78, 0xd4);
    case Provider::Gcp:
        return QColor(0x1e, 0x8e, 0x3e);
    case Provider::Aliyun:
        return QColor(0xe2, 0x40, 0x1c);
    case Provider::OnPrem:
        return QColor(0x6b, 0x72, 0x80);
    case Provider::Other:
        return QColor(0x7c, 0x3a, 0xed);
    }
    return QColor(0x6b, 0x72, 0x80);
}

QString CanvasStyle::providerBadge(Provider provider) {
    switch (provider) {
    case Provider::Aws:
        return tr("AWS");
    case Provider::Azure:
        return tr("Azure");
    case Provider::Gcp:
        return tr("GCP");
    case Provider::Aliyun:
        return tr("Alibaba");
    case Provider::OnPrem:
        return tr("On-prem");
    case Provider::Other:
        return tr("Other");
    }
    return {};
}

QString CanvasStyle::providerName(Provider provider) {
    switch (provider) {
    case Provider::Aws:
        return tr("Amazon Web Services");
    case Provider::Azure:
        return tr("Microsoft Azure");
    case Provider::Gcp:
        return tr("Google Cloud");
    case Provider::Aliyun:
        return tr("Alibaba Cloud");
    case Provider::OnPrem:
        return tr("On-premises data centre");
    case Provider::Other:
        return tr("Other provider");
    }
    return {};
}

QColor CanvasStyle::kindColour(WorkloadKind kind) {
    switch (kind) {
    case WorkloadKind::Vm:
        return QColor(0x3b, 0x82, 0xf6);
    case WorkloadKind::Database:
        return QColor(0x8b, 0x5c, 0xf6);
    case WorkloadKind::FileShare:
        return QColor(0x0e, 0x9f, 0xc9);
    case WorkloadKind::ObjectBucket:
        return QColor(0x10, 0xa3, 0x74);
    case WorkloadKind::ModelArtifact:
        return QColor(0xdb, 0x3f, 0x8f);
    case WorkloadKind::Service:
        return QColor(0xe0, 0x8a, 0x00);
    }
    return Qt::gray;
}

QString CanvasStyle::linkLabel(double bandwidthMbps, double latencyMs) {
    const QLocale locale;
    const QString bandwidth =
        bandwidthMbps >= 1000
            ? tr("%1 Gbit/s")
                  .arg(locale.toString(bandwidthMbps / 1000, 'f', QLocale::FloatingPointShortest))
            : tr("%1 Mbit/s")
                  .arg(locale.toString(bandwidthMbps, 'f', QLocale::FloatingPointShortest));
    return tr("%1 · %2 ms")
        .arg(bandwidth, locale.toString(latencyMs, 'f', QLocale::FloatingPointShortest));
}

QString CanvasStyle::kindName(WorkloadKind kind) {
    switch (kind) {
    case WorkloadKind::Vm:
        return tr("VM");
    case WorkloadKind::Database:
        return tr("Database");
    case WorkloadKind::FileShare:
        return tr("File share");
    case WorkloadKind::ObjectBucket:
        return tr("Object bucket");
    case WorkloadKind::ModelArtifact:
        return tr("Model artifact");
    case WorkloadKind::Service:
        return tr("Service");
    }
    return {};
}

QString CanvasStyle::strategyName(Strategy strategy) {
    switch (strategy) {
    case Strategy::Rehost:
        return tr("Rehost");
    case Strategy::Replatform:
        return tr("Replatform");
    case Strategy::Refactor:
        return tr("Refactor");
    case Strategy::Repurchase:
        return tr("Repurchase");
    case Strategy::Retire:
        return tr("Retire");
    case Strategy::Retain:
        return tr("Retain");
    }
    return {};
}

QColor CanvasStyle::strategyColour(Strategy strategy) {
    switch (strategy) {
    case Strategy::Rehost:
        return QColor(0x25, 0x63, 0xeb);
    case Strategy::Replatform:
        return QColor(0x0d, 0x94, 0x88);
    case Strategy::Refactor:
        return QColor(0x93, 0x33, 0xea);
    case Strategy::Repurchase:
        return QColor(0xd9, 0x77, 0x06);
    case Strategy::Retire:
        return QColor(0xb9, 0x1c, 0x1c);
    case Strategy::Retain:
        return QColor(0x47, 0x55, 0x69);
    }
    return Qt::gray;
}

QColor CanvasStyle::waveColour(int wave) {
    if (wave <= 0)
        return QColor(0xb6, 0xbc, 0xc6);
    static const std::array<QColor, 10> kWaves{QColor(0x1f, 0x77, 0xb4), QColor(0xff, 0x7f, 0x0e),
                                               QColor(0x2c, 0xa0, 0x2c), QColor(0xd6, 0x27, 0x28),
                                               QColor(0x94, 0x67, 0xbd), QColor(0x8c, 0x56, 0x4b),
                                               QColor(0xe3, 0x77, 0xc2), QColor(0x7f, 0x7f, 0x7f),
                                               QColor(0xbc, 0xbd, 0x22), QColor(0x17, 0xbe, 0xcf)};
    return kWaves[std::size_t(wave - 1) % kWaves.size()];
}

QColor CanvasStyle::costColour(double t) {
    t = std::clamp(t, 0.0, 1.0);
    // Pale yellow -> orange -> deep red.
    const QColor stops[3] = {QColor(0xfa, 0xd9, 0x6b), QColor(0xf0, 0x7b, 0x24),
                             QColor(0xa5, 0x1d, 0x2d)};
    const double x = t * 2.0;
    const int i = std::min(1, int(x));
    const double f = x - i;
    const QColor& a = stops[i];
    const QColor& b = stops[i + 1];
    return QColor(int(a.red() + (b.red() - a.red()) * f),
                  int(a.green() + (b.green() - a.green()) * f),
                  int(a.blue() + (b.blue() - a.blue()) * f));
}

QColor CanvasStyle::onCanvas(const QColor& colour, double amount) {
    const QColor base = backgroundColour();
    return QColor::fromRgbF(float(base.redF() + (colour.redF() - base.redF()) * amount),
                            float(base.greenF() + (colour.greenF() - base.greenF()) * amount),
                            float(base.blueF() + (colour.blueF() - base.blueF()) * amount));
}

const QPainterPath& CanvasStyle::kindIcon(WorkloadKind kind) {
    static const std::array<QPainterPath, 6> kIcons{serverIcon(), databaseIcon(), folderIcon(),
                                                    bucketIcon(), cubeIcon(),     gearIcon()};
    return kIcons[std::size_t(kind)];
}

QIcon CanvasStyle::kindIconImage(WorkloadKind kind, int size) {
    return iconFrom(kindIcon(kind), kindColour(kind), size, true);
}

QIcon CanvasStyle::providerIconImage(Provider provider, int size) {
    static const QPainterPath cloud = cloudIcon();
    static const QPainterPath building = buildingIcon();
    return iconFrom(provider == Provider::OnPrem ? building : cloud, providerColour(provider), size,
                    false);
}

QFont CanvasStyle::titleFont() {
    QFont font = QApplication::font();
    font.setPointSizeF(9.5);
    font.setWeight(QFont::DemiBold);
    return font;
}

QFont CanvasStyle::detailFont() {
    QFont font = QApplication::font();
    font.setPointSizeF(8.0);
    return font;
}

QFont CanvasStyle::badgeFont() {
    QFont font = QApplication::font();
    font.setPointSizeF(7.5);
    font.setWeight(QFont::Bold);
    return font;
}

} // namespace ferry::ui
