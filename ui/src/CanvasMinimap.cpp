#include <ferry/ui/CanvasMinimap.hpp>

#include <ferry/ui/CanvasScene.hpp>
#include <ferry/ui/CanvasStyle.hpp>
#include <ferry/ui/CanvasView.hpp>
#include <ferry/ui/PlanGraphModel.hpp>

#include <QEvent>
#include <QMouseEvent>
#include <QPainter>

namespace ferry::ui {
namespace {

constexpr int kMargin = 6;

} // namespace

void CanvasMinimap::retranslateUi() {
    setToolTip(tr("Overview: click or drag to move the view"));
}

void CanvasMinimap::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) {
        retranslateUi();
        invalidate();
    }
    QWidget::changeEvent(event);
}

CanvasMinimap::CanvasMinimap(CanvasView& view, PlanGraphModel& model)
    : QWidget(&view), m_view(view), m_model(model) {
    setObjectName(QStringLiteral("canvasMinimap"));
    setFixedSize(220, 150);
    setCursor(Qt::PointingHandCursor);
    retranslateUi();
    m_refresh.setSingleShot(true);
    m_refresh.setInterval(120);
    connect(&m_refresh, &QTimer::timeout, this, [this] {
        m_dirty = true;
        update();
    });
    connect(&m_model, &PlanGraphModel::analysisChanged, this, &CanvasMinimap::invalidate);
    connect(&m_model, &PlanGraphModel::colourModeChanged, this, &CanvasMinimap::invalidate);
}

void CanvasMinimap::invalidate() {
    if (!m_refresh.isActive())
        m_refresh.start();
}

void CanvasMinimap::resizeEvent(QResizeEvent*) {
    m_dirty = true;
}

void CanvasMinimap::render() {
    m_dirty = false;
    const qreal ratio = devicePixelRatioF();
    m_cache = QPixmap(size() * ratio);
    m_cache.setDevicePixelRatio(ratio);
    m_cache.fill(Qt::transparent);
    const QRectF area = QRectF(rect()).adjusted(kMargin, kMargin, -kMargin, -kMargin);
    QRectF content = m_view.canvasScene().contentRect();
    m_toMinimap = QTransform();
    if (content.isEmpty())
        return;
    content.adjust(-40, -40, 40, 40);
    const double scale = std::min(area.width() / content.width(), area.height() / content.height());
    const QPointF offset(area.left() + (area.width() - content.width() * scale) / 2,
                         area.top() + (area.height() - content.height() * scale) / 2);
    m_toMinimap = QTransform::fromTranslate(-content.left(), -content.top()) *
                  QTransform::fromScale(scale, scale) *
                  QTransform::fromTranslate(offset.x(), offset.y());

    QPainter p(&m_cache);
    for (const QString& id : m_model.siteIds()) {
        const SiteView* s = m_model.site(id);
        const QRectF r = m_toMinimap.mapRect(m_model.siteRect(id));
        QColor fill = CanvasStyle::providerColour(s->provider);
        fill.setAlpha(40);
        QColor line = CanvasStyle::providerColour(s->provider);
        line.setAlpha(170);
        p.setPen(QPen(line, 0));
        p.setBrush(fill);
        p.drawRect(r);
    }
    p.setPen(Qt::NoPen);
    const QSizeF card = CanvasStyle::kNodeSize * scale;
    for (const QString& id : m_model.workloadIds()) {
        const WorkloadView* w = m_model.workload(id);
        if (!w)
            continue;
        const QPointF c = m_toMinimap.map(w->position);
        p.setBrush(m_model.workloadColour(*w));
        p.drawRect(QRectF(c.x() - card.width() / 2, c.y() - card.height() / 2,
                          std::max(1.0, card.width()), std::max(1.0, card.height())));
    }
}

QPointF CanvasMinimap::sceneAt(QPointF minimapPos) const {
    return m_toMinimap.inverted().map(minimapPos);
}

QPointF CanvasMinimap::minimapAt(QPointF scenePos) const {
    return m_toMinimap.map(scenePos);
}

void CanvasMinimap::paintEvent(QPaintEvent*) {
    if (m_dirty)
        render();
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QRectF frame = QRectF(rect()).adjusted(0.5, 0.5, -0.5, -0.5);
    p.setPen(QPen(QColor(0xcb, 0xd2, 0xd9), 1));
    p.setBrush(QColor(255, 255, 255, 235));
    p.drawRoundedRect(frame, 6, 6);
    p.drawPixmap(0, 0, m_cache);
    // The visible part of the canvas.
    const QRectF visible = m_view.mapToScene(m_view.viewport()->rect()).boundingRect();
    QRectF shown = m_toMinimap.mapRect(visible).intersected(frame.adjusted(1, 1, -1, -1));
    p.setPen(QPen(CanvasStyle::selectionColour(), 1.5));
    QColor fill = CanvasStyle::selectionColour();
    fill.setAlpha(28);
    p.setBrush(fill);
    p.drawRect(shown);
}

void CanvasMinimap::jumpTo(QPointF minimapPos) {
    if (m_toMinimap.isIdentity())
        return;
    m_view.centerOn(sceneAt(minimapPos));
    update();
}

void CanvasMinimap::mousePressEvent(QMouseEvent* event) {
    if (event->button() == Qt::LeftButton)
        jumpTo(event->position());
    event->accept();
}

void CanvasMinimap::mouseMoveEvent(QMouseEvent* event) {
    if (event->buttons() & Qt::LeftButton)
        jumpTo(event->position());
    event->accept();
}

} // namespace ferry::ui
