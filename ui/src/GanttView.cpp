#include <ferry/ui/GanttView.hpp>

#include <QFontMetrics>
#include <QHelpEvent>
#include <QPainter>
#include <QToolTip>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>
#include <map>

namespace ferry::ui {

namespace {
constexpr int kRowHeight = 20;
constexpr int kHeader = 26;

QColor phaseColor(model::TransferPhase phase) {
    switch (phase) {
    case model::TransferPhase::FullCopy:
        return QColor(0x2f, 0x6f, 0xd6);
    case model::TransferPhase::IncrementalSync:
        return QColor(0x76, 0xb7, 0xb2);
    case model::TransferPhase::Cutover:
        return QColor(0xe1, 0x57, 0x59);
    }
    return Qt::gray;
}
} // namespace

GanttView::GanttView(QWidget* parent) : QWidget(parent) {
    setMouseTracking(true);
    setBackgroundRole(QPalette::Base);
    setAutoFillBackground(true);
}

void GanttView::setTimeline(const model::Timeline& timeline,
                            std::vector<std::pair<double, double>> shaded) {
    m_rows.clear();
    std::map<std::string, std::size_t> rowOf;
    for (const model::GanttRow& g : timeline.rows) {
        auto [it, added] = rowOf.emplace(g.workload, m_rows.size());
        if (added)
            m_rows.push_back({QString::fromStdString(g.workload), g.wave, {}});
        m_rows[it->second].bars.push_back({g.startHours, g.endHours, g.phase});
    }
    m_shaded = std::move(shaded);
    m_totalHours = timeline.totalHours;
    // Fit the whole plan into about 900 pixels at first.
    if (m_totalHours > 0)
        m_pixelsPerHour = std::clamp(900.0 / m_totalHours, 0.5, 60.0);
    updateGeometry();
    resize(sizeHint());
    update();
}

int GanttView::labelWidth() const {
    const QFontMetrics metrics(font());
    int width = 80;
    for (const Row& row : m_rows)
        width = std::max(width, metrics.horizontalAdvance(row.label) + 16);
    return std::min(width, 260);
}

QSize GanttView::sizeHint() const {
    return {labelWidth() + static_cast<int>(std::ceil(m_totalHours * m_pixelsPerHour)) + 24,
            kHeader + static_cast<int>(m_rows.size()) * kRowHeight + 8};
}

void GanttView::setZoom(double pixelsPerHour) {
    m_pixelsPerHour = std::clamp(pixelsPerHour, 0.5, 60.0);
    updateGeometry();
    resize(sizeHint());
    update();
}

void GanttView::zoomIn() {
    setZoom(m_pixelsPerHour * 1.5);
}
void GanttView::zoomOut() {
    setZoom(m_pixelsPerHour / 1.5);
}

void GanttView::wheelEvent(QWheelEvent* event) {
    if (event->modifiers() & Qt::ControlModifier) {
        event->angleDelta().y() > 0 ? zoomIn() : zoomOut();
        event->accept();
        return;
    }
    QWidget::wheelEvent(event);
}

bool GanttView::event(QEvent* event) {
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        const int row = (help->pos().y() - kHeader) / kRowHeight;
        const double hour = (help->pos().x() - labelWidth()) / m_pixelsPerHour;
        if (row >= 0 && row < static_cast<int>(m_rows.size()) && help->pos().y() >= kHeader) {
            for (const Bar& bar : m_rows[static_cast<std::size_t>(row)].bars) {
                if (hour >= bar.start && hour <= bar.end) {
                    const QString phase = bar.phase == model::TransferPhase::FullCopy
                                              ? tr("Full copy")
                                          : bar.phase == model::TransferPhase::IncrementalSync
                                              ? tr("Incremental sync")
                                              : tr("Cutover");
                    QToolTip::showText(help->globalPos(),
                                       tr("%1: %2 from hour %3 to %4")
                                           .arg(m_rows[static_cast<std::size_t>(row)].label, phase)
                                           .arg(bar.start, 0, 'f', 1)
                                           .arg(bar.end, 0, 'f', 1),
                                       this);
                    return true;
                }
            }
        }
        QToolTip::hideText();
        return true;
    }
    return QWidget::event(event);
}

void GanttView::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    const int left = labelWidth();
    const int bottom = kHeader + static_cast<int>(m_rows.size()) * kRowHeight;
    auto x = [&](double hour) { return left + hour * m_pixelsPerHour; };
    const QColor muted = palette().color(QPalette::PlaceholderText);
    // Cutover windows.
    for (const auto& [from, to] : m_shaded)
        painter.fillRect(QRectF(x(from), kHeader, (to - from) * m_pixelsPerHour, bottom - kHeader),
                         QColor(0xee, 0xf2, 0xf8));
    // Day grid: every day, or every 7 days when days are narrow.
    const double dayWidth = 24 * m_pixelsPerHour;
    const int step = dayWidth >= 40 ? 1 : dayWidth >= 6 ? 7 : 30;
    const int days = static_cast<int>(std::ceil(m_totalHours / 24));
    for (int day = 0; day <= days; day += step) {
        const double px = x(day * 24.0);
        painter.setPen(QColor(0xe3, 0xe8, 0xef));
        painter.drawLine(QPointF(px, kHeader - 4), QPointF(px, bottom));
        painter.setPen(muted);
        painter.drawText(QPointF(px + 3, kHeader - 8), tr("day %1").arg(day));
    }
    int y = kHeader;
    int lastWave = -1;
    for (const Row& row : m_rows) {
        if (row.wave != lastWave && lastWave != -1) {
            painter.setPen(QColor(0x9a, 0xa7, 0xb8));
            painter.drawLine(0, y, width(), y);
        }
        lastWave = row.wave;
        painter.setPen(palette().color(QPalette::Text));
        painter.drawText(QRect(6, y, left - 10, kRowHeight), Qt::AlignVCenter | Qt::AlignLeft,
                         painter.fontMetrics().elidedText(row.label, Qt::ElideRight, left - 12));
        for (const Bar& bar : row.bars)
            painter.fillRect(QRectF(x(bar.start), y + 4,
                                    std::max(1.5, (bar.end - bar.start) * m_pixelsPerHour),
                                    kRowHeight - 8),
                             phaseColor(bar.phase));
        y += kRowHeight;
    }
}

} // namespace ferry::ui
