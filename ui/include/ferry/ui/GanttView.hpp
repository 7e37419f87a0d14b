#pragma once

#include <ferry/model/Timeline.hpp>

#include <QString>
#include <QWidget>

#include <utility>
#include <vector>

namespace ferry::ui {

/// The simulated timeline as a Gantt chart: one row per workload, its full copy, incremental
/// syncs and cutover as coloured bars, days along the top, cutover windows shaded. Zooms with
/// Ctrl+wheel or zoomIn()/zoomOut(); sits in a scroll area.
class GanttView : public QWidget {
    Q_OBJECT
public:
    explicit GanttView(QWidget* parent = nullptr);

    /// Show a timeline; shaded = [start, end) hours of the cutover windows.
    void setTimeline(const model::Timeline& timeline,
                     std::vector<std::pair<double, double>> shaded);
    /// Pixels per hour.
    double pixelsPerHour() const { return m_pixelsPerHour; }
    /// Zoom in (x1.5) or out (/1.5), between 0.5 and 60 pixels per hour.
    void zoomIn();
    void zoomOut();
    /// Number of rows shown.
    int rowCount() const { return static_cast<int>(m_rows.size()); }

    QSize sizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    bool event(QEvent* event) override;

private:
    struct Bar {
        double start = 0, end = 0;
        model::TransferPhase phase = model::TransferPhase::FullCopy;
    };
    struct Row {
        QString label;
        int wave = 0;
        std::vector<Bar> bars;
    };
    void setZoom(double pixelsPerHour);
    int labelWidth() const;

    std::vector<Row> m_rows;
    std::vector<std::pair<double, double>> m_shaded;
    double m_totalHours = 0;
    double m_pixelsPerHour = 4;
};

} // namespace ferry::ui
