#pragma once

#include <QChart>
#include <QChartView>
#include <QString>

namespace ferry::ui {

/// An empty chart in a view, the way every dashboard chart starts: no animation, legend on top,
/// narrow margins, antialiased, and at least 240 pixels wide and minimumHeight tall.
inline QChartView* newChartView(const QString& objectName, int minimumHeight) {
    auto* chart = new QChart();
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->legend()->setAlignment(Qt::AlignTop);
    chart->setMargins(QMargins(4, 4, 4, 4));
    auto* view = new QChartView(chart);
    view->setObjectName(objectName);
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumSize(240, minimumHeight);
    return view;
}

} // namespace ferry::ui
