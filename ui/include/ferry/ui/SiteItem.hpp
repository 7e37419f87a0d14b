#pragma once

#include <QGraphicsItem>
#include <QString>

namespace ferry::ui {

class PlanGraphModel;

/// A site on the canvas: a rounded container with a provider badge, its name and region. It
/// holds only the site's id and reads what it draws from the PlanGraphModel; its rectangle is the
/// site's own box grown to hold its workloads. Dragged by its title band.
class SiteItem : public QGraphicsItem {
public:
    /// qgraphicsitem_cast type.
    enum { Type = UserType + 1 };
    SiteItem(const PlanGraphModel& model, QString id);

    int type() const override { return Type; }
    /// The site's id.
    const QString& id() const { return m_id; }
    /// Re-read the rectangle from the model; true when it moved or changed size.
    bool updateGeometry();
    /// The rectangle in scene coordinates (as of the last updateGeometry()).
    QRectF sceneRectangle() const { return QRectF(pos(), m_size); }
    /// Show that a dragged object would land here.
    void setDropHighlight(bool on);
    /// True when the scene point lies on the title band (where a drag moves the site).
    bool isOnHeader(QPointF scenePos) const;

    QRectF boundingRect() const override;
    QPainterPath shape() const override;
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option,
               QWidget* widget = nullptr) override;

private:
    const PlanGraphModel& m_model;
    QString m_id;
    QSizeF m_size;
    bool m_dropHighlight = false;
};

} // namespace ferry::ui
