#pragma once

#include <QColor>
#include <QGraphicsItem>
#include <QList>
#include <QPointF>
#include <QString>

namespace ferry::ui {

class PlanGraphModel;

/// The edges of a far-out view, aggregated per pair of sites: one line for all the dependencies
/// between two sites and one arrow for all the workloads a site maps onto another, thicker with
/// more of them and labelled with their number. It stands in for thousands of edge items (which
/// the scene hides then): a handful of lines to draw, and a picture of the flows instead of a
/// hairball. Reads the model; holds only the flows derived from it.
class CanvasOverviewItem : public QGraphicsItem {
public:
    /// qgraphicsitem_cast type.
    enum { Type = UserType + 5 };
    explicit CanvasOverviewItem(const PlanGraphModel& model);

    int type() const override { return Type; }
    /// Recompute the flows from the model (after edges or cards changed).
    void rebuild();

    /// One aggregated flow between two sites.
    struct Flow {
        QString from;         ///< Site id (the dependents' or the sources').
        QString to;           ///< Site id.
        QPointF start;        ///< On the border of from, in scene coordinates.
        QPointF end;          ///< On the border of to.
        int count = 0;        ///< Dependencies or mapped workloads.
        bool mapping = false; ///< A mapping flow (arrow, provider colour) or dependencies.
        QColor colour;        ///< Line colour.
    };
    /// The flows drawn (for tests).
    const QList<Flow>& flows() const { return m_flows; }

    QRectF boundingRect() const override { return m_bounds; }
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option,
               QWidget* widget = nullptr) override;

private:
    const PlanGraphModel& m_model;
    QList<Flow> m_flows;
    QRectF m_bounds;
};

} // namespace ferry::ui
