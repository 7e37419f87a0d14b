#pragma once

#include <QWidget>

namespace ferry::ui {

class PlanGraphModel;

/// What the card colours mean in the current colour mode, in a corner of the canvas; hidden in
/// the plain mode.
class CanvasLegend : public QWidget {
    Q_OBJECT
public:
    CanvasLegend(PlanGraphModel& model, QWidget* parent);

    /// The labels shown, in order (for tests and accessibility).
    QStringList labels() const;
    QSize sizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;
    /// Resize to the translated labels when the interface language changes.
    void changeEvent(QEvent* event) override;

private:
    void refresh();

    PlanGraphModel& m_model;
};

} // namespace ferry::ui
