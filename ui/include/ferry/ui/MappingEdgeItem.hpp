#pragma once

#include <ferry/ui/CanvasCurve.hpp>

#include <QGraphicsItem>
#include <QPainterPath>
#include <QString>

namespace ferry::ui {

class PlanGraphModel;

/// A mapping on the canvas: a dashed arrow in the target provider's colour from a workload to
/// the site it moves to. Holds only the workload's id; its path is recomputed when the workload
/// or the target site moves.
class MappingEdgeItem : public QGraphicsItem {
public:
    /// qgraphicsitem_cast type.
    enum { Type = UserType + 4 };
    MappingEdgeItem(const PlanGraphModel& model, QString workloadId);

    int type() const override { return Type; }
    /// The mapped workload's id.
    const QString& id() const { return m_id; }
    /// Recompute the curve from the workload's card to the target site's border; the arrival
    /// point spreads along the border by where the card sits in its own site (sourceRect).
    void updateGeometry(const QRectF& sourceRect, const QRectF& targetRect);

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
