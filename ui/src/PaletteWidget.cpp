#include <ferry/ui/PaletteWidget.hpp>

#include <ferry/ui/CanvasStyle.hpp>

#include <QApplication>
#include <QDrag>
#include <QEvent>
#include <QGridLayout>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QMimeData>
#include <QMouseEvent>
#include <QPainter>
#include <QToolButton>
#include <QVBoxLayout>

namespace ferry::ui {
namespace {

/// A palette entry: shows an icon and a name, and starts a drag of its MIME data.
class PaletteTile : public QToolButton {
public:
    PaletteTile(const QIcon& icon, std::function<QMimeData*()> mime, QWidget* parent)
        : QToolButton(parent), m_mime(std::move(mime)) {
        setIcon(icon);
        setIconSize(QSize(28, 28));
        setToolButtonStyle(Qt::ToolButtonTextUnderIcon);
        setAutoRaise(true);
        setCursor(Qt::OpenHandCursor);
        setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
        setMinimumWidth(84);
    }

protected:
    void mousePressEvent(QMouseEvent* event) override {
        if (event->button() == Qt::LeftButton)
            m_pressAt = event->position().toPoint();
        QToolButton::mousePressEvent(event);
    }

    void mouseMoveEvent(QMouseEvent* event) override {
        if (!(event->buttons() & Qt::LeftButton) ||
            (event->position().toPoint() - m_pressAt).manhattanLength() <
                QApplication::startDragDistance()) {
            QToolButton::mouseMoveEvent(event);
            return;
        }
        setDown(false);
        auto* drag = new QDrag(this);
        drag->setMimeData(m_mime());
        drag->setPixmap(icon().pixmap(QSize(32, 32), devicePixelRatioF()));
        drag->setHotSpot(QPoint(16, 16));
        drag->exec(Qt::CopyAction, Qt::CopyAction);
    }

private:
    std::function<QMimeData*()> m_mime;
    QPoint m_pressAt;
};

QLabel* heading(QWidget* parent) {
    auto* label = new QLabel(parent);
    QFont font = label->font();
    font.setBold(true);
    label->setFont(font);
    return label;
}

QMimeData* encode(const QJsonObject& object) {
    auto* mime = new QMimeData;
    mime->setData(QString::fromLatin1(PaletteWidget::kMimeType),
                  QJsonDocument(object).toJson(QJsonDocument::Compact));
    return mime;
}

} // namespace

PaletteWidget::PaletteWidget(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("paletteWidget"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 8);
    layout->setSpacing(6);

    m_sitesHeading = heading(this);
    layout->addWidget(m_sitesHeading);
    auto* sites = new QGridLayout;
    sites->setSpacing(2);
    int i = 0;
    for (const auto provider : {model::Provider::Aws, model::Provider::Azure, model::Provider::Gcp,
                                model::Provider::Aliyun, model::Provider::OnPrem}) {
        auto* tile = new PaletteTile(
            CanvasStyle::providerIconImage(provider), [provider] { return siteMimeData(provider); },
            this);
        tile->setObjectName(QStringLiteral("paletteSite_") +
                            QString::fromLatin1(model::toString(provider).data()));
        sites->addWidget(tile, i / 2, i % 2);
        m_siteTiles.push_back({tile, provider});
        ++i;
    }
    layout->addLayout(sites);

    layout->addSpacing(4);
    m_workloadsHeading = heading(this);
    layout->addWidget(m_workloadsHeading);
    auto* workloads = new QGridLayout;
    workloads->setSpacing(2);
    i = 0;
    for (const auto kind : model::kAllWorkloadKinds) {
        auto* tile = new PaletteTile(
            CanvasStyle::kindIconImage(kind), [kind] { return workloadMimeData(kind); }, this);
        tile->setObjectName(QStringLiteral("paletteWorkload_") +
                            QString::fromLatin1(model::toString(kind).data()));
        workloads->addWidget(tile, i / 2, i % 2);
        m_workloadTiles.push_back({tile, kind});
        ++i;
    }
    layout->addLayout(workloads);

    m_hint = new QLabel(this);
    m_hint->setWordWrap(true);
    m_hint->setForegroundRole(QPalette::PlaceholderText);
    layout->addSpacing(4);
    layout->addWidget(m_hint);
    layout->addStretch(1);
    retranslateUi();
}

void PaletteWidget::retranslateUi() {
    m_sitesHeading->setText(tr("Sites"));
    m_workloadsHeading->setText(tr("Workloads"));
    const auto label = [](QToolButton* tile, const QString& text, const QString& tip) {
        tile->setText(text);
        tile->setToolTip(tip);
        tile->setStatusTip(tip);
        tile->setAccessibleName(tip);
    };
    for (const auto& [tile, provider] : m_siteTiles)
        label(
            tile, CanvasStyle::providerBadge(provider),
            tr("Drag onto the canvas to add a site: %1").arg(CanvasStyle::providerName(provider)));
    for (const auto& [tile, kind] : m_workloadTiles)
        label(tile, CanvasStyle::kindName(kind),
              tr("Drag into a site to add a workload: %1").arg(CanvasStyle::kindName(kind)));
    m_hint->setText(tr("Drag a card onto another site to map it there. Drag from the "
                       "handle on a card's right edge (or with Shift) to another card to "
                       "add a dependency."));
}

void PaletteWidget::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

QMimeData* PaletteWidget::siteMimeData(model::Provider provider) {
    return encode({{"object", "site"},
                   {"provider", QString::fromLatin1(model::toString(provider).data(),
                                                    qsizetype(model::toString(provider).size()))}});
}

QMimeData* PaletteWidget::workloadMimeData(model::WorkloadKind kind) {
    return encode({{"object", "workload"},
                   {"kind", QString::fromLatin1(model::toString(kind).data(),
                                                qsizetype(model::toString(kind).size()))}});
}

std::optional<PaletteObject> PaletteWidget::decode(const QMimeData* mime) {
    if (!mime || !mime->hasFormat(QString::fromLatin1(kMimeType)))
        return std::nullopt;
    const QJsonObject object =
        QJsonDocument::fromJson(mime->data(QString::fromLatin1(kMimeType))).object();
    const QString what = object.value("object").toString();
    PaletteObject out;
    if (what == QLatin1String("site")) {
        const auto provider =
            model::providerFromString(object.value("provider").toString().toStdString());
        if (!provider)
            return std::nullopt;
        out.what = PaletteObject::What::Site;
        out.provider = *provider;
        return out;
    }
    if (what == QLatin1String("workload")) {
        const auto kind =
            model::workloadKindFromString(object.value("kind").toString().toStdString());
        if (!kind)
            return std::nullopt;
        out.what = PaletteObject::What::Workload;
        out.kind = *kind;
        return out;
    }
    return std::nullopt;
}

} // namespace ferry::ui
