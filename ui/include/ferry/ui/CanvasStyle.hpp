#pragma once

#include <ferry/model/Enums.hpp>

#include <QColor>
#include <QCoreApplication>
#include <QFont>
#include <QIcon>
#include <QPainterPath>
#include <QSizeF>
#include <QString>

namespace ferry::ui {

/// The canvas's look in one place: metrics, colours per provider and kind, fonts and icons.
class CanvasStyle {
    Q_DECLARE_TR_FUNCTIONS(CanvasStyle)

public:
    /// Size of a workload card in scene units; its position is its centre.
    static constexpr QSizeF kNodeSize{220.0, 48.0};
    /// Corner radius of workload cards.
    static constexpr double kNodeRadius = 8.0;
    /// Height of a site's title band.
    static constexpr double kSiteHeader = 30.0;
    /// Space between a site's border and the cards inside it (below the title band: kSiteGap).
    static constexpr double kSitePadding = 16.0;
    /// Space between the title band and the first card.
    static constexpr double kSiteGap = 6.0;
    /// Smallest size of a site, also the size of an empty one.
    static constexpr QSizeF kSiteMinSize{300.0, 160.0};
    /// Radius of the connector handle a dependency is dragged from.
    static constexpr double kHandleRadius = 6.0;

    /// Brand colour of a provider (AWS orange, Azure blue, GCP green, Alibaba orange-red, grey).
    static QColor providerColour(model::Provider provider);
    /// Short name shown in a site's badge ("AWS", "Azure", ...), translated.
    static QString providerBadge(model::Provider provider);
    /// Full name of a provider ("Amazon Web Services", ...), translated.
    static QString providerName(model::Provider provider);
    /// Colour of a workload kind's icon.
    static QColor kindColour(model::WorkloadKind kind);
    /// Name of a workload kind ("VM", "Database", ...), translated.
    static QString kindName(model::WorkloadKind kind);
    /// Name of a strategy ("Rehost", ...), translated.
    static QString strategyName(model::Strategy strategy);
    /// Colour of a strategy in the "by strategy" colour mode.
    static QColor strategyColour(model::Strategy strategy);
    /// Colour of a wave number in the "by wave" colour mode (0 = not planned).
    static QColor waveColour(int wave);
    /// colour blended over the canvas background by amount (0 = background, 1 = colour), as an
    /// opaque colour: thousands of lines draw several times faster without alpha blending.
    static QColor onCanvas(const QColor& colour, double amount);
    /// Colour on the cost gradient for t in [0, 1] (cheap to expensive).
    static QColor costColour(double t);

    /// Outline of a kind's icon in a 16 x 16 box with its origin at the top-left, for filling.
    static const QPainterPath& kindIcon(model::WorkloadKind kind);
    /// A kind's icon as a QIcon (for the palette and menus).
    static QIcon kindIconImage(model::WorkloadKind kind, int size = 32);
    /// A provider's badge as a QIcon (for the palette and menus).
    static QIcon providerIconImage(model::Provider provider, int size = 32);

    /// A link's label: its bandwidth in Mbit/s or Gbit/s and its latency, e.g. "1 Gbit/s · 38 ms".
    static QString linkLabel(double bandwidthMbps, double latencyMs);

    /// Font of card titles and site names.
    static QFont titleFont();
    /// Font of secondary text on cards.
    static QFont detailFont();
    /// Font of badges (provider, wave).
    static QFont badgeFont();

    /// Text colour for primary text.
    static QColor textColour() { return QColor(0x1f, 0x29, 0x37); }
    /// Text colour for secondary text.
    static QColor mutedTextColour() { return QColor(0x6b, 0x72, 0x80); }
    /// Colour of the selection outline.
    static QColor selectionColour() { return QColor(0x25, 0x63, 0xeb); }
    /// Colour of a dependency edge.
    static QColor dependencyColour() { return QColor(0x64, 0x74, 0x8b); }
    /// Colour of the canvas behind everything.
    static QColor backgroundColour() { return QColor(0xf3, 0xf4, 0xf6); }
    /// Colour of the background grid dots.
    static QColor gridColour() { return QColor(0xd9, 0xdc, 0xe1); }
};

} // namespace ferry::ui
