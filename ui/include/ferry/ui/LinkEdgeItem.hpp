#pragma once

#include <QGraphicsItem>
#include <QLineF>
#include <QRectF>
#include <QString>

namespace ferry::ui {

class PlanGraphModel;

/// A network link on the canvas: a thick line between the borders of the two sites it joins,
/// labelled with its bandwidth and latency. Holds only the link's id and reads the rest from
/// the model; its line is recomputed when either site's rectangle changes.
class LinkEdgeItem : public QGraphicsItem {
public:
    /// qgraphicsitem_cast type.
    enum { Type = UserType + 6 };
    LinkEdgeItem(const PlanGraphModel& model, QString id);

    int type() const override { return Type; }
    /// The link's id (as in the project, without the selection prefix).
    const QString& id() const { return m_id; }
    /// Recompute the line and the label from the link and its sites' rectangles.
    void updateGeometry();
    /// The label's text, e.g. "1 Gbit/s · 38 ms".
    QString label() const;
    /// Where the label is drawn, in scene coordinates (for tests and clicks).
    QRectF labelRect() const { return m_labelRect; }

    QRectF boundingRect() const override;
    QPainterPath shape() const override;
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option,
               QWidget* widget = nullptr) override;

private:
    const PlanGraphModel& m_model;
    QString m_id;
    QLineF m_line;
    QRectF m_labelRect;
    QRectF m_bounds;
};

} // namespace ferry::ui
