#pragma once

#include <ferry/ui/CanvasCurve.hpp>

#include <QGraphicsItem>
#include <QPainterPath>
#include <QString>

namespace ferry::ui {

class PlanGraphModel;

/// A dependency on the canvas: a curve with an arrow from the dependent workload to the one it
/// depends on, thicker with more traffic, amber on a cycle. Holds only the dependency's id
/// ("from->to"); its path is recomputed from the model when either end moves.
class DependencyEdgeItem : public QGraphicsItem {
public:
    /// qgraphicsitem_cast type.
    enum { Type = UserType + 3 };
    DependencyEdgeItem(const PlanGraphModel& model, QString id);

    int type() const override { return Type; }
    /// The dependency's id ("from->to").
    const QString& id() const { return m_id; }
    /// Recompute the curve from the two workloads' positions.
    void updateGeometry();

    /// The curve between two cards centred at from and to (shared with the live drawing line).
    static QPainterPath curve(QPointF from, QPointF to);
    /// The clickable outline of an edge: its path widened to 8 units plus its arrow head.
    static QPainterPath edgeShape(const QPainterPath& path, const QPolygonF& arrow);
    /// An arrow head at the end of path (along its end tangent), size long.
    static QPolygonF arrowHead(const QPainterPath& path, double size);

    QRectF boundingRect() const override;
    QPainterPath shape() const override;
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option,
               QWidget* widget = nullptr) override;

private:
    const PlanGraphModel& m_model;
    QString m_id;
    QPainterPath m_path;
    CanvasCurve m_curve;
    QPolygonF m_arrow;
    QRectF m_bounds;
    mutable QPainterPath m_shape;
};

} // namespace ferry::ui
