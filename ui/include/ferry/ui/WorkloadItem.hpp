#pragma once

#include <QGraphicsItem>
#include <QString>

namespace ferry::ui {

class PlanGraphModel;

/// A workload on the canvas: a card with its kind's icon, name, size, wave badge and validation
/// marker, and a connector handle on its right edge to drag a dependency from. It holds only the
/// workload's id and reads what it draws from the PlanGraphModel.
class WorkloadItem : public QGraphicsItem {
public:
    /// qgraphicsitem_cast type.
    enum { Type = UserType + 2 };
    WorkloadItem(const PlanGraphModel& model, QString id);

    int type() const override { return Type; }
    /// The workload's id.
    const QString& id() const { return m_id; }
    /// Re-read the position from the model.
    void updatePosition();
    /// True when the scene point lies on the connector handle.
    bool isOnHandle(QPointF scenePos) const;
    /// Where dependency and mapping edges attach on the right (scene coordinates).
    QPointF handleCentre() const;
    /// Show that a dependency being drawn would end here.
    void setLinkHighlight(bool on);

    QRectF boundingRect() const override;
    QPainterPath shape() const override;
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option,
               QWidget* widget = nullptr) override;

protected:
    void hoverEnterEvent(QGraphicsSceneHoverEvent* event) override;
    void hoverLeaveEvent(QGraphicsSceneHoverEvent* event) override;

private:
    const PlanGraphModel& m_model;
    QString m_id;
    bool m_hovered = false;
    bool m_linkHighlight = false;
};

} // namespace ferry::ui
