#include <ferry/ui/CanvasLegend.hpp>

#include <ferry/ui/CanvasStyle.hpp>
#include <ferry/ui/PlanGraphModel.hpp>

#include <QEvent>
#include <QFontMetrics>
#include <QPainter>

namespace ferry::ui {
namespace {

constexpr int kPad = 8;
constexpr int kSwatch = 11;
constexpr int kLine = 17;

} // namespace

CanvasLegend::CanvasLegend(PlanGraphModel& model, QWidget* parent)
    : QWidget(parent), m_model(model) {
    setObjectName(QStringLiteral("canvasLegend"));
    setAttribute(Qt::WA_TransparentForMouseEvents);
    connect(&m_model, &PlanGraphModel::colourModeChanged, this, &CanvasLegend::refresh);
    connect(&m_model, &PlanGraphModel::analysisChanged, this, &CanvasLegend::refresh);
    refresh();
}

QStringList CanvasLegend::labels() const {
    QStringList out;
    for (const auto& e : m_model.legend())
        out.push_back(e.label);
    return out;
}

QSize CanvasLegend::sizeHint() const {
    const auto entries = m_model.legend();
    QFont title = font();
    title.setBold(true);
    int width =
        QFontMetrics(title).horizontalAdvance(PlanGraphModel::colourModeName(m_model.colourMode()));
    const QFontMetrics metrics(font());
    for (const auto& e : entries)
        width = std::max(width, kSwatch + 6 + metrics.horizontalAdvance(e.label));
    return QSize(width + 2 * kPad, kPad * 2 + kLine * int(entries.size() + 1));
}

void CanvasLegend::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange)
        refresh();
    QWidget::changeEvent(event);
}

void CanvasLegend::refresh() {
    setVisible(m_model.colourMode() != ColourMode::Plain);
    resize(sizeHint());
    update();
}

void CanvasLegend::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(QPen(QColor(0xcb, 0xd2, 0xd9), 1));
    p.setBrush(QColor(255, 255, 255, 240));
    p.drawRoundedRect(QRectF(rect()).adjusted(0.5, 0.5, -0.5, -0.5), 6, 6);
    QFont title = font();
    title.setBold(true);
    p.setFont(title);
    p.setPen(CanvasStyle::textColour());
    p.drawText(QRect(kPad, kPad, width() - 2 * kPad, kLine), Qt::AlignLeft | Qt::AlignVCenter,
               PlanGraphModel::colourModeName(m_model.colourMode()));
    p.setFont(font());
    int y = kPad + kLine;
    for (const auto& e : m_model.legend()) {
        p.setPen(Qt::NoPen);
        p.setBrush(e.colour);
        p.drawRoundedRect(QRectF(kPad, y + (kLine - kSwatch) / 2.0, kSwatch, kSwatch), 3, 3);
        p.setPen(CanvasStyle::textColour());
        p.drawText(QRect(kPad + kSwatch + 6, y, width() - 2 * kPad - kSwatch - 6, kLine),
                   Qt::AlignLeft | Qt::AlignVCenter, e.label);
        y += kLine;
    }
}

} // namespace ferry::ui
