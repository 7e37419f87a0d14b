#include <ferry/ui/PlanDashboard.hpp>

#include "ChartViews.hpp"

#include <ferry/model/PlanReportBuilder.hpp>
#include <ferry/model/ScenarioApply.hpp>
#include <ferry/ui/EditCommands.hpp>
#include <ferry/ui/GanttView.hpp>
#include <ferry/ui/PlanService.hpp>
#include <ferry/ui/ProjectDocument.hpp>

#include <QAreaSeries>
#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDropEvent>
#include <QEvent>
#include <QFrame>
#include <QGraphicsOpacityEffect>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QLineSeries>
#include <QListWidget>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QScrollArea>
#include <QSplitter>
#include <QStackedBarSeries>
#include <QTabWidget>
#include <QTableWidget>
#include <QToolButton>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>

namespace ferry::ui {

namespace {

constexpr int kWorkloadRole = Qt::UserRole + 1;
constexpr int kWaveRole = Qt::UserRole + 2;

const QColor kSeriesColors[] = {QColor(0x2f, 0x6f, 0xd6), QColor(0xf2, 0x8e, 0x2b),
                                QColor(0x59, 0xa1, 0x4f), QColor(0xe1, 0x57, 0x59),
                                QColor(0x76, 0xb7, 0xb2), QColor(0xb0, 0x7a, 0xa1)};

QString money(double amount, const std::string& currency) {
    return QLocale().toString(amount, 'f', 2) + QLatin1Char(' ') + QString::fromStdString(currency);
}

QString hoursText(double hours) {
    if (hours < 48)
        return PlanDashboard::tr("%1 h").arg(hours, 0, 'f', 1);
    return PlanDashboard::tr("%1 d").arg(hours / 24, 0, 'f', 1);
}

QString gbText(double gb) {
    return gb >= 1000 ? PlanDashboard::tr("%1 TB").arg(gb / 1000, 0, 'f', 2)
                      : PlanDashboard::tr("%1 GB").arg(gb, 0, 'f', gb >= 100 ? 0 : 1);
}

QString categoryName(const std::string& category) {
    if (category == model::kCostEgress)
        return PlanDashboard::tr("Egress");
    if (category == model::kCostRequests)
        return PlanDashboard::tr("Requests");
    if (category == model::kCostTransferService)
        return PlanDashboard::tr("Transfer service");
    if (category == model::kCostDualRunning)
        return PlanDashboard::tr("Dual running");
    if (category == model::kCostCrossSiteTraffic)
        return PlanDashboard::tr("Cross-site traffic");
    return QString::fromStdString(category);
}

void clearChart(QChart* chart) {
    chart->removeAllSeries();
    for (QAbstractAxis* axis : chart->axes())
        chart->removeAxis(axis);
}

/// A page that scrolls rather than forcing the window taller on small screens.
QWidget* scrolled(QWidget* page, int minimumHeight) {
    page->setMinimumHeight(minimumHeight);
    auto* scroll = new QScrollArea();
    scroll->setWidget(page);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    return scroll;
}

/// A value axis from 0 to a round number above max.
QValueAxis* valueAxis(double max, const QString& title) {
    auto* axis = new QValueAxis();
    axis->setRange(0, max > 0 ? max * 1.08 : 1);
    axis->applyNiceNumbers();
    axis->setLabelFormat(QStringLiteral("%.0f"));
    axis->setTitleText(title);
    return axis;
}

/// The waves tree: dropping a workload on another wave pins it there.
class WavesTree : public QTreeWidget {
public:
    std::function<bool(const QString&, int)> onPin;

    WavesTree() {
        setDragEnabled(true);
        setAcceptDrops(true);
        setDropIndicatorShown(true);
        setDragDropMode(QAbstractItemView::InternalMove);
        setSelectionMode(QAbstractItemView::SingleSelection);
    }

protected:
    void dropEvent(QDropEvent* event) override {
        QTreeWidgetItem* dragged = currentItem();
        QTreeWidgetItem* target = itemAt(event->position().toPoint());
        event->setDropAction(Qt::IgnoreAction);
        event->accept(); // never let the tree move items itself: the model decides
        if (!dragged || !target || dragged->data(0, kWorkloadRole).toString().isEmpty())
            return;
        const int wave = target->data(0, kWaveRole).toInt();
        if (wave <= 0 || wave == dragged->data(0, kWaveRole).toInt())
            return;
        if (onPin)
            onPin(dragged->data(0, kWorkloadRole).toString(), wave);
    }
};

} // namespace

PlanDashboard::PlanDashboard(ProjectDocument& document, PlanService& service, QWidget* parent)
    : QWidget(parent), m_document(document), m_service(service) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    m_status = new QLabel(this);
    m_status->setObjectName("planStatus");
    layout->addWidget(m_status);
    m_tabs = new QTabWidget(this);
    layout->addWidget(m_tabs, 1);

    // Waves.
    auto* wavesPage = new QSplitter(Qt::Vertical);
    auto* tree = new WavesTree();
    tree->onPin = [this](const QString& workload, int wave) { return pinToWave(workload, wave); };
    m_waves = tree;
    m_waves->setObjectName("wavesTree");
    m_waves->setColumnCount(3);
    m_waves->header()->setStretchLastSection(true);
    m_waves->setAlternatingRowColors(true);
    m_planFindings = new QListWidget();
    m_planFindings->setObjectName("planFindings");
    m_moveImpact = new QLabel();
    m_moveImpact->setObjectName("moveImpact");
    m_moveImpact->setWordWrap(true);
    m_moveImpact->setTextFormat(Qt::RichText);
    m_moveImpact->setFrameShape(QFrame::StyledPanel);
    m_moveImpact->setMargin(6);
    m_moveImpact->hide();
    layout->insertWidget(1, m_moveImpact);
    wavesPage->addWidget(m_waves);
    wavesPage->addWidget(m_planFindings);
    wavesPage->setStretchFactor(0, 4);
    wavesPage->setStretchFactor(1, 1);
    m_tabs->addTab(scrolled(wavesPage, 200), QString());

    // Timeline.
    auto* timelinePage = new QWidget();
    auto* timelineLayout = new QVBoxLayout(timelinePage);
    timelineLayout->setContentsMargins(0, 0, 0, 0);
    auto* zoomRow = new QHBoxLayout();
    auto* zoomIn = new QToolButton();
    zoomIn->setObjectName("ganttZoomIn");
    zoomIn->setText(QStringLiteral("+"));
    auto* zoomOut = new QToolButton();
    zoomOut->setObjectName("ganttZoomOut");
    zoomOut->setText(QStringLiteral("−"));
    zoomRow->addWidget(zoomIn);
    zoomRow->addWidget(zoomOut);
    zoomRow->addStretch(1);
    timelineLayout->addLayout(zoomRow);
    m_gantt = new GanttView();
    m_gantt->setObjectName("gantt");
    auto* scroll = new QScrollArea();
    scroll->setWidget(m_gantt);
    scroll->setWidgetResizable(false);
    timelineLayout->addWidget(scroll, 1);
    connect(zoomIn, &QToolButton::clicked, m_gantt, &GanttView::zoomIn);
    connect(zoomOut, &QToolButton::clicked, m_gantt, &GanttView::zoomOut);
    m_tabs->addTab(timelinePage, QString());

    m_tabs->addTab(makeCostTab(), QString());
    m_tabs->addTab(makeForecastTab(), QString());
    m_tabs->addTab(makeScenarioTab(), QString());

    retranslate();
    connect(&m_service, &PlanService::resultsChanged, this, &PlanDashboard::rebuild);
    connect(&m_service, &PlanService::staleChanged, this, &PlanDashboard::setStale);
    rebuild();
    setStale(m_service.isStale());
}

QWidget* PlanDashboard::makeCostTab() {
    auto* page = new QWidget();
    auto* grid = new QGridLayout(page);
    grid->setContentsMargins(0, 0, 0, 0);
    m_costByWave = newChartView("cost_by_wave", 140);
    m_runRate = newChartView("run_rate", 140);
    m_tco = newChartView("tco", 140);
    m_egress = newChartView("egress", 140);
    grid->addWidget(m_costByWave, 0, 0);
    grid->addWidget(m_runRate, 0, 1);
    grid->addWidget(m_tco, 1, 0);
    grid->addWidget(m_egress, 1, 1);
    return scrolled(page, 470);
}

QWidget* PlanDashboard::makeForecastTab() {
    auto* page = new QSplitter(Qt::Vertical);
    m_forecast = newChartView("forecast", 140);
    m_forecastTable = new QTableWidget();
    m_forecastTable->setObjectName("forecastTable");
    m_forecastTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_forecastTable->verticalHeader()->hide();
    m_forecastTable->horizontalHeader()->setStretchLastSection(true);
    page->addWidget(m_forecast);
    page->addWidget(m_forecastTable);
    page->setStretchFactor(0, 4);
    page->setStretchFactor(1, 1);
    page->setSizes({400, 100});
    return scrolled(page, 300);
}

QWidget* PlanDashboard::makeScenarioTab() {
    auto* outer = new QWidget();
    auto* outerLayout = new QVBoxLayout(outer);
    outerLayout->setContentsMargins(0, 0, 0, 0);
    auto* buttons = new QHBoxLayout();
    m_newScenario = new QPushButton();
    m_newScenario->setObjectName("newScenario");
    m_renameScenario = new QPushButton();
    m_renameScenario->setObjectName("renameScenario");
    m_overridesScenario = new QPushButton();
    m_overridesScenario->setObjectName("scenarioOverrides");
    m_removeScenario = new QPushButton();
    m_removeScenario->setObjectName("removeScenario");
    for (QPushButton* b : {m_newScenario, m_renameScenario, m_overridesScenario, m_removeScenario})
        buttons->addWidget(b);
    buttons->addStretch(1);
    outerLayout->addLayout(buttons);
    connect(m_newScenario, &QPushButton::clicked, this, [this] {
        bool ok = false;
        const QString name = QInputDialog::getText(this, tr("New Scenario"), tr("Name:"),
                                                   QLineEdit::Normal, QString(), &ok);
        if (ok && !name.trimmed().isEmpty()) {
            const QString id = addScenario(name.trimmed());
            if (!id.isEmpty())
                editOverrides(id);
        }
    });
    connect(m_renameScenario, &QPushButton::clicked, this, [this] {
        const QString id = selectedScenario();
        const model::Scenario* s = m_document.project().findScenario(id.toStdString());
        if (!s)
            return;
        bool ok = false;
        const QString name =
            QInputDialog::getText(this, tr("Rename Scenario"), tr("Name:"), QLineEdit::Normal,
                                  QString::fromStdString(s->name), &ok);
        if (ok && !name.trimmed().isEmpty())
            renameScenario(id, name.trimmed());
    });
    connect(m_overridesScenario, &QPushButton::clicked, this,
            [this] { editOverrides(selectedScenario()); });
    connect(m_removeScenario, &QPushButton::clicked, this,
            [this] { removeScenario(selectedScenario()); });

    auto* page = new QSplitter(Qt::Vertical);
    m_scenarioTable = new QTableWidget();
    m_scenarioTable->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_scenarioTable->setSelectionMode(QAbstractItemView::SingleSelection);
    m_scenarioTable->setObjectName("scenarioTable");
    m_scenarioTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_scenarioTable->verticalHeader()->hide();
    m_scenarioTable->horizontalHeader()->setStretchLastSection(true);
    m_scenarioChart = newChartView("scenarios", 140);
    page->addWidget(m_scenarioTable);
    page->addWidget(m_scenarioChart);
    page->setStretchFactor(0, 1);
    page->setStretchFactor(1, 2);
    page->setSizes({150, 300});
    outerLayout->addWidget(page, 1);
    auto updateButtons = [this] {
        const bool chosen = !selectedScenario().isEmpty();
        m_renameScenario->setEnabled(chosen);
        m_overridesScenario->setEnabled(chosen);
        m_removeScenario->setEnabled(chosen);
    };
    connect(m_scenarioTable, &QTableWidget::itemSelectionChanged, this, updateButtons);
    updateButtons();
    return scrolled(outer, 300);
}

QChartView* PlanDashboard::chart(const QString& name) const {
    for (QChartView* view : {m_costByWave, m_runRate, m_tco, m_egress, m_forecast, m_scenarioChart})
        if (view && view->objectName() == name)
            return view;
    return nullptr;
}

void PlanDashboard::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) {
        retranslate();
        rebuild();
    }
    QWidget::changeEvent(event);
}

void PlanDashboard::retranslate() {
    m_tabs->setTabText(0, tr("Waves"));
    m_tabs->setTabText(1, tr("Timeline"));
    m_tabs->setTabText(2, tr("Cost"));
    m_tabs->setTabText(3, tr("Forecast"));
    m_tabs->setTabText(4, tr("Scenarios"));
    m_waves->setHeaderLabels({tr("Wave / workload"), tr("Size"), tr("Reason")});
    m_newScenario->setText(tr("New Scenario…"));
    m_renameScenario->setText(tr("Rename…"));
    m_overridesScenario->setText(tr("Overrides…"));
    m_overridesScenario->setToolTip(
        tr("What the scenario changes, e.g. a link's bandwidth or the target of every mapping"));
    m_removeScenario->setText(tr("Delete"));
    setStale(m_service.isStale());
}

void PlanDashboard::setStale(bool stale) {
    // Greyed out, not hidden: the old figures stay readable until the new ones arrive.
    auto* effect = qobject_cast<QGraphicsOpacityEffect*>(m_tabs->graphicsEffect());
    if (stale && !effect) {
        effect = new QGraphicsOpacityEffect(m_tabs);
        effect->setOpacity(0.45);
        m_tabs->setGraphicsEffect(effect);
    } else if (!stale && effect) {
        m_tabs->setGraphicsEffect(nullptr);
    }
    const auto results = m_service.results();
    if (stale)
        m_status->setText(tr("Recalculating the plan…"));
    else if (results && results->error)
        m_status->setText(tr("No plan: %1").arg(QString::fromStdString(results->error->message)));
    else if (results && results->outcome)
        m_status->setText(results->outcome->plan.feasible()
                              ? tr("Plan up to date: %n wave(s), %1, one-time cost %2.", "",
                                   static_cast<int>(results->outcome->plan.waves.size()))
                                    .arg(hoursText(results->outcome->timeline.totalHours),
                                         money(results->outcome->cost.oneTimeTotal,
                                               results->outcome->cost.currency))
                              : tr("The plan is infeasible: see the findings under the waves."));
    else
        m_status->clear();
}

QString PlanDashboard::selectedScenario() const {
    const auto items = m_scenarioTable->selectedItems();
    return items.isEmpty() ? QString() : items.first()->data(Qt::UserRole).toString();
}

QString PlanDashboard::addScenario(const QString& name) {
    // An id from the name: lower case letters, digits and dashes, unique among the scenarios.
    QString base;
    for (const QChar c : name.toLower())
        base += (c.isLetterOrNumber() && c.unicode() < 128) ? c : QLatin1Char('-');
    while (base.contains(QLatin1String("--")))
        base.replace(QLatin1String("--"), QLatin1String("-"));
    base = base.remove(QRegularExpression("^-+|-+$"));
    if (base.isEmpty())
        base = QStringLiteral("scenario");
    QString id = base;
    for (int n = 2; m_document.project().findScenario(id.toStdString()); ++n)
        id = base + QLatin1Char('-') + QString::number(n);
    model::Scenario scenario;
    scenario.id = id.toStdString();
    scenario.name = name.toStdString();
    if (!pushEdit(m_document, std::make_unique<SetScenarioCommand>(m_document, scenario)))
        return QString();
    return id;
}

bool PlanDashboard::renameScenario(const QString& id, const QString& name) {
    const model::Scenario* current = m_document.project().findScenario(id.toStdString());
    if (!current)
        return false;
    model::Scenario renamed = *current;
    renamed.name = name.toStdString();
    return static_cast<bool>(
        pushEdit(m_document, std::make_unique<SetScenarioCommand>(m_document, renamed)));
}

QString PlanDashboard::setScenarioOverrides(const QString& id, const QString& json) {
    const model::Scenario* current = m_document.project().findScenario(id.toStdString());
    if (!current)
        return tr("There is no scenario %1.").arg(id);
    model::Scenario changed = *current;
    try {
        changed.overrides = nlohmann::json::parse(json.toStdString());
    } catch (const nlohmann::json::exception& e) {
        return tr("This is not valid JSON: %1").arg(QString::fromUtf8(e.what()));
    }
    if (!changed.overrides.is_object())
        return tr("The overrides must be one JSON object of \"path\": value pairs.");
    // Refuse what the planner would refuse, with the path, before anything changes.
    if (auto applied = model::applyScenario(m_document.project().data(), changed); !applied)
        return QString::fromStdString(applied.error().message + " (" + applied.error().context +
                                      ")");
    auto pushed = pushEdit(m_document, std::make_unique<SetScenarioCommand>(m_document, changed));
    return pushed ? QString() : QString::fromStdString(pushed.error().message);
}

bool PlanDashboard::removeScenario(const QString& id) {
    if (id.isEmpty())
        return false;
    return static_cast<bool>(pushEdit(
        m_document, std::make_unique<RemoveScenarioCommand>(m_document, id.toStdString())));
}

void PlanDashboard::editOverrides(const QString& id) {
    const model::Scenario* s = m_document.project().findScenario(id.toStdString());
    if (!s)
        return;
    QDialog dialog(this);
    dialog.setWindowTitle(tr("Overrides of %1").arg(QString::fromStdString(s->name)));
    auto* layout = new QVBoxLayout(&dialog);
    auto* help = new QLabel(
        tr("One JSON object of path: value pairs, for example\n"
           "{\"links.dc-aws.bandwidth_mbps\": 10000, \"mappings.*.target_site\": \"azure-sea\"}\n"
           "Paths: assumptions.<key>, prices.<provider>.<path>, sites.<id>.<field>, "
           "links.<id>.<field>, workloads.<id>.<field>, mappings.<workload id or *>.<field>."));
    help->setWordWrap(true);
    auto* editor = new QPlainTextEdit(QString::fromStdString(s->overrides.dump(2)));
    editor->setObjectName("overridesEditor");
    auto* error = new QLabel();
    error->setStyleSheet(QStringLiteral("color: #c0392b"));
    error->setWordWrap(true);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    layout->addWidget(help);
    layout->addWidget(editor, 1);
    layout->addWidget(error);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    connect(buttons, &QDialogButtonBox::accepted, &dialog, [&] {
        // A wrong value is refused with the reason; the dialog stays open and nothing changes.
        const QString why = setScenarioOverrides(id, editor->toPlainText());
        if (why.isEmpty())
            dialog.accept();
        else
            error->setText(why);
    });
    dialog.resize(560, 360);
    dialog.exec();
}

bool PlanDashboard::pinToWave(const QString& workloadId, int wave) {
    const std::string id = workloadId.toStdString();
    const model::Mapping* mapping = nullptr;
    for (const model::Mapping& m : m_document.project().data().mappings)
        if (m.workload == id)
            mapping = &m;
    if (!mapping)
        return false;
    model::Mapping pinned = *mapping;
    pinned.pinnedWave = wave;
    // Remember the plan as it is, to show what the move changes once it is re-planned.
    if (const auto results = m_service.results(); results && results->outcome) {
        PendingMove move{workloadId, wave, results->generation, {}, {}, 0};
        for (const model::Placement& p : results->outcome->plan.placements)
            move.waves[p.workload] = p.wave;
        for (const model::Finding& f : results->outcome->plan.findings)
            move.findings.insert(f.message);
        move.totalHours = results->outcome->timeline.totalHours;
        m_pendingMove = std::move(move);
    }
    auto command = std::make_unique<SetMappingCommand>(m_document, pinned);
    command->setText(tr("Pin %1 to wave %2").arg(workloadId).arg(wave));
    return static_cast<bool>(pushEdit(m_document, std::move(command)));
}

QString PlanDashboard::moveImpact() const {
    return m_moveImpact->isHidden() ? QString() : m_moveImpact->text();
}

void PlanDashboard::showMoveImpact(const PlanResults& results) {
    if (!m_pendingMove) {
        if (results.generation != m_moveImpactGeneration)
            m_moveImpact->hide(); // a later edit: the message is about an older plan
        return;
    }
    if (results.generation <= m_pendingMove->generation || m_service.isStale())
        return; // not re-planned yet
    const PendingMove move = *std::exchange(m_pendingMove, std::nullopt);
    m_moveImpactGeneration = results.generation;
    QStringList lines;
    if (!results.outcome) {
        lines << tr("there is no plan any more: %1")
                     .arg(results.error ? QString::fromStdString(results.error->message)
                                        : QString());
    } else {
        const model::PlanOutcome& outcome = *results.outcome;
        for (const model::Finding& f : outcome.plan.findings)
            if (!move.findings.count(f.message))
                lines << QStringLiteral("<span style=\"color:#c0392b\">%1</span>")
                             .arg(tr("breaks: %1").arg(QString::fromStdString(f.message).toHtmlEscaped()));
        // Other workloads the planner moved along, grouped by from and to wave.
        std::map<std::pair<int, int>, QStringList> moved;
        for (const model::Placement& p : outcome.plan.placements) {
            const auto before = move.waves.find(p.workload);
            if (QString::fromStdString(p.workload) != move.workload &&
                before != move.waves.end() && before->second != p.wave)
                moved[{before->second, p.wave}] << QString::fromStdString(p.workload);
        }
        for (const auto& [waves, names] : moved)
            lines << tr("%n other workload(s) move from wave %1 to wave %2: %3", "",
                        static_cast<int>(names.size()))
                         .arg(waves.first)
                         .arg(waves.second)
                         .arg(names.join(QStringLiteral(", ")).toHtmlEscaped());
        int placed = 0;
        for (const model::Placement& p : outcome.plan.placements)
            if (QString::fromStdString(p.workload) == move.workload)
                placed = p.wave;
        if (placed != 0 && placed != move.wave)
            lines << tr("the planner put %1 in wave %2, not %3")
                         .arg(move.workload.toHtmlEscaped())
                         .arg(placed)
                         .arg(move.wave);
        const std::string& start = outcome.assumptions.startDate;
        const auto before = model::dateAfterHours(start, move.totalHours);
        const auto after = model::dateAfterHours(start, outcome.timeline.totalHours);
        if (before != after)
            lines << tr("the last cutover moves from %1 to %2")
                         .arg(QString::fromStdString(before), QString::fromStdString(after));
        for (const std::string& old : move.findings) {
            bool still = false;
            for (const model::Finding& f : outcome.plan.findings)
                still = still || f.message == old;
            if (!still)
                lines << tr("resolves: %1").arg(QString::fromStdString(old).toHtmlEscaped());
        }
    }
    QString text = tr("<b>Moving %1 to wave %2</b> (Undo reverts it):")
                       .arg(move.workload.toHtmlEscaped())
                       .arg(move.wave);
    if (lines.isEmpty())
        text += QStringLiteral(" ") + tr("nothing breaks and no other workload moves.");
    else
        text += QStringLiteral("<ul style=\"margin:0\"><li>") +
                lines.join(QStringLiteral("</li><li>")) + QStringLiteral("</li></ul>");
    m_moveImpact->setText(text);
    m_moveImpact->show();
}

void PlanDashboard::rebuild() {
    const auto results = m_service.results();
    m_waves->clear();
    m_planFindings->clear();
    for (QChartView* view : {m_costByWave, m_runRate, m_tco, m_egress, m_forecast, m_scenarioChart})
        clearChart(view->chart());
    m_forecastTable->clear();
    m_forecastTable->setRowCount(0);
    m_scenarioTable->clear();
    m_scenarioTable->setRowCount(0);
    setStale(m_service.isStale());
    if (results)
        showMoveImpact(*results);
    if (!results || !results->outcome)
        return;
    const model::PlanOutcome& outcome = *results->outcome;
    const std::string& currency = outcome.cost.currency;
    const std::string& start = outcome.assumptions.startDate;

    // Waves with reasons.
    std::map<std::string, double> sizeOf;
    for (const model::Workload& w : outcome.data.workloads)
        sizeOf[w.id] = w.sizeGb;
    std::map<int, double> waveEnd;
    for (const model::WaveTiming& t : outcome.timeline.waves)
        waveEnd[t.number] = t.cutoverEndHours;
    for (const model::PlannedWave& wave : outcome.plan.waves) {
        auto* item = new QTreeWidgetItem(m_waves);
        item->setText(0, tr("Wave %1").arg(wave.number));
        item->setText(1, gbText(wave.totalGb));
        item->setText(
            2,
            tr("%n workload(s), last cutover %1", "", static_cast<int>(wave.workloads.size()))
                .arg(QString::fromStdString(model::dateAfterHours(start, waveEnd[wave.number]))));
        item->setData(0, kWaveRole, wave.number);
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsDropEnabled);
        QFont bold = item->font(0);
        bold.setBold(true);
        item->setFont(0, bold);
        for (const model::Placement& p : outcome.plan.placements) {
            if (p.wave != wave.number)
                continue;
            auto* child = new QTreeWidgetItem(item);
            child->setText(0, QString::fromStdString(p.workload));
            child->setText(1, gbText(sizeOf[p.workload]));
            child->setText(2, QString::fromStdString(p.reason));
            child->setToolTip(2, QString::fromStdString(p.reason));
            child->setData(0, kWorkloadRole, QString::fromStdString(p.workload));
            child->setData(0, kWaveRole, wave.number);
            child->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsDragEnabled);
        }
        item->setExpanded(true);
    }
    m_waves->resizeColumnToContents(0);
    m_waves->resizeColumnToContents(1);
    for (const model::Finding& f : outcome.plan.findings) {
        auto* item = new QListWidgetItem(QString::fromStdString(f.message), m_planFindings);
        item->setToolTip(QString::fromStdString(f.code));
        item->setForeground(f.severity == model::Severity::Error ? QColor(0xc0, 0x39, 0x2b)
                                                                 : palette().color(QPalette::Text));
    }
    if (outcome.plan.findings.empty())
        new QListWidgetItem(tr("Every dependency is respected; nothing blocks this plan."),
                            m_planFindings);

    // Timeline, with the cutover windows shaded (in UTC from the plan start).
    auto shaded = model::cutoverWindowSpans(outcome.assumptions, outcome.timeline.totalHours);
    m_gantt->setTimeline(outcome.timeline, std::move(shaded));

    // One-time cost by wave and category.
    {
        QChart* chart = m_costByWave->chart();
        chart->setTitle(tr("One-time cost by wave (%1)").arg(QString::fromStdString(currency)));
        auto* series = new QStackedBarSeries();
        QStringList waves;
        for (const model::WaveCost& w : outcome.cost.waves)
            waves << tr("Wave %1").arg(w.number);
        double maxTotal = 0;
        int colour = 0;
        for (const auto& [category, total] : outcome.cost.oneTimeByCategory) {
            auto* set = new QBarSet(categoryName(category));
            set->setObjectName(QString::fromStdString(category));
            set->setColor(kSeriesColors[colour++ % 6]);
            for (const model::WaveCost& w : outcome.cost.waves) {
                const auto it = w.oneTime.find(category);
                set->append(it == w.oneTime.end() ? 0.0 : it->second);
            }
            series->append(set);
        }
        for (const model::WaveCost& w : outcome.cost.waves)
            maxTotal = std::max(maxTotal, w.oneTimeTotal);
        chart->addSeries(series);
        auto* x = new QBarCategoryAxis();
        x->append(waves);
        chart->addAxis(x, Qt::AlignBottom);
        series->attachAxis(x);
        auto* y = valueAxis(maxTotal, QString::fromStdString(currency));
        chart->addAxis(y, Qt::AlignLeft);
        series->attachAxis(y);
    }
    // Run-rate before and after.
    {
        QChart* chart = m_runRate->chart();
        chart->setTitle(tr("Monthly run-rate (%1)").arg(QString::fromStdString(currency)));
        auto* series = new QBarSeries();
        auto* before = new QBarSet(tr("Before"));
        before->setObjectName("before");
        before->setColor(kSeriesColors[1]);
        before->append(outcome.cost.monthlyBefore);
        auto* after = new QBarSet(tr("After"));
        after->setObjectName("after");
        after->setColor(kSeriesColors[0]);
        after->append(outcome.cost.monthlyAfter);
        series->append(before);
        series->append(after);
        chart->addSeries(series);
        auto* x = new QBarCategoryAxis();
        x->append(tr("Per month"));
        chart->addAxis(x, Qt::AlignBottom);
        series->attachAxis(x);
        auto* y = valueAxis(std::max(outcome.cost.monthlyBefore, outcome.cost.monthlyAfter),
                            QString::fromStdString(currency));
        chart->addAxis(y, Qt::AlignLeft);
        series->attachAxis(y);
    }
    // Cumulative TCO with the break-even month.
    {
        QChart* chart = m_tco->chart();
        chart->setTitle(
            outcome.cost.breakEvenMonth
                ? tr("Cumulative cost: break-even in month %1").arg(*outcome.cost.breakEvenMonth)
                : tr("Cumulative cost: no break-even within %1 months")
                      .arg(outcome.cost.horizonMonths));
        auto* stay = new QLineSeries();
        stay->setName(tr("Stay"));
        stay->setObjectName("stay");
        stay->setColor(kSeriesColors[1]);
        auto* migrate = new QLineSeries();
        migrate->setName(tr("Migrate"));
        migrate->setObjectName("migrate");
        migrate->setColor(kSeriesColors[0]);
        double max = 0;
        for (std::size_t m = 0; m < outcome.cost.cumulativeStay.size(); ++m) {
            stay->append(static_cast<double>(m + 1), outcome.cost.cumulativeStay[m]);
            max = std::max(max, outcome.cost.cumulativeStay[m]);
        }
        for (std::size_t m = 0; m < outcome.cost.cumulativeMigrate.size(); ++m) {
            migrate->append(static_cast<double>(m + 1), outcome.cost.cumulativeMigrate[m]);
            max = std::max(max, outcome.cost.cumulativeMigrate[m]);
        }
        chart->addSeries(stay);
        chart->addSeries(migrate);
        auto* x = new QValueAxis();
        x->setRange(1, std::max(2, outcome.cost.horizonMonths));
        x->setLabelFormat(QStringLiteral("%d"));
        x->setTitleText(tr("month"));
        auto* y = valueAxis(max, QString::fromStdString(currency));
        chart->addAxis(x, Qt::AlignBottom);
        chart->addAxis(y, Qt::AlignLeft);
        stay->attachAxis(x);
        stay->attachAxis(y);
        migrate->attachAxis(x);
        migrate->attachAxis(y);
        if (outcome.cost.breakEvenMonth) {
            auto* marker = new QLineSeries();
            marker->setName(tr("Break-even"));
            marker->setObjectName("break_even");
            marker->setColor(QColor(0x1f, 0x8a, 0x5b));
            marker->append(*outcome.cost.breakEvenMonth, 0);
            marker->append(*outcome.cost.breakEvenMonth, y->max());
            chart->addSeries(marker);
            marker->attachAxis(x);
            marker->attachAxis(y);
        }
    }
    // Egress per day.
    {
        QChart* chart = m_egress->chart();
        chart->setTitle(tr("Egress per day (GB)"));
        auto* series = new QBarSeries();
        auto* set = new QBarSet(tr("GB leaving the source sites"));
        set->setObjectName("egress");
        set->setColor(kSeriesColors[2]);
        QStringList days;
        double max = 0;
        for (std::size_t d = 0; d < outcome.timeline.egressGbPerDay.size(); ++d) {
            set->append(outcome.timeline.egressGbPerDay[d]);
            days << QString::number(d + 1);
            max = std::max(max, outcome.timeline.egressGbPerDay[d]);
        }
        series->append(set);
        series->setBarWidth(0.8);
        chart->addSeries(series);
        auto* x = new QBarCategoryAxis();
        x->append(days);
        x->setTitleText(tr("day"));
        chart->addAxis(x, Qt::AlignBottom);
        series->attachAxis(x);
        auto* y = valueAxis(max, tr("GB"));
        chart->addAxis(y, Qt::AlignLeft);
        series->attachAxis(y);
    }
    // Forecast histogram with P10/P50/P90.
    if (results->forecast && results->forecast->runs > 0 &&
        !results->forecast->totalHoursSamples.empty()) {
        const model::ForecastResult& f = *results->forecast;
        QChart* chart = m_forecast->chart();
        chart->setTitle(tr("Total duration over %n run(s) (days)", "", f.runs));
        const auto [lo, hi] =
            std::minmax_element(f.totalHoursSamples.begin(), f.totalHoursSamples.end());
        const double minDays = *lo / 24, maxDays = std::max(*hi / 24, minDays + 0.01);
        constexpr int bins = 30;
        std::vector<int> counts(bins, 0);
        for (double h : f.totalHoursSamples)
            counts[std::min(bins - 1,
                            static_cast<int>((h / 24 - minDays) / (maxDays - minDays) * bins))]++;
        auto* upper = new QLineSeries();
        const double width = (maxDays - minDays) / bins;
        int maxCount = 0;
        for (int b = 0; b < bins; ++b) {
            upper->append(minDays + b * width, counts[b]);
            upper->append(minDays + (b + 1) * width, counts[b]);
            maxCount = std::max(maxCount, counts[b]);
        }
        auto* area = new QAreaSeries(upper);
        area->setName(tr("Runs"));
        area->setObjectName("histogram");
        area->setColor(QColor(0x9c, 0xc3, 0xff));
        area->setBorderColor(QColor(0x2f, 0x6f, 0xd6));
        chart->addSeries(area);
        auto* x = new QValueAxis();
        x->setRange(minDays, maxDays);
        x->setTitleText(tr("days"));
        x->setLabelFormat(maxDays - minDays < 1 ? QStringLiteral("%.2f") : QStringLiteral("%.1f"));
        auto* y = valueAxis(maxCount, tr("runs"));
        chart->addAxis(x, Qt::AlignBottom);
        chart->addAxis(y, Qt::AlignLeft);
        area->attachAxis(x);
        area->attachAxis(y);
        const std::pair<const char*, double> marks[] = {
            {"P10", f.totalHours.p10}, {"P50", f.totalHours.p50}, {"P90", f.totalHours.p90}};
        for (const auto& [label, hours] : marks) {
            auto* line = new QLineSeries();
            line->setName(tr("%1 %2 d").arg(QLatin1String(label)).arg(hours / 24, 0, 'f', 2));
            line->setObjectName(QString::fromLatin1(label).toLower());
            QPen pen(QColor(0xc0, 0x66, 0x1a));
            pen.setWidthF(1.6);
            pen.setStyle(Qt::DashLine);
            line->setPen(pen);
            line->append(hours / 24, 0);
            line->append(hours / 24, y->max());
            chart->addSeries(line);
            line->attachAxis(x);
            line->attachAxis(y);
        }
        m_forecastTable->setColumnCount(3);
        m_forecastTable->setHorizontalHeaderLabels(
            {tr("Wave"), tr("Ends (P50)"), tr("Ends (P90)")});
        m_forecastTable->setRowCount(static_cast<int>(f.waveEndHours.size()));
        for (std::size_t i = 0; i < f.waveEndHours.size(); ++i) {
            const int number = i < outcome.plan.waves.size() ? outcome.plan.waves[i].number
                                                             : static_cast<int>(i) + 1;
            const int row = static_cast<int>(i);
            m_forecastTable->setItem(row, 0, new QTableWidgetItem(tr("Wave %1").arg(number)));
            m_forecastTable->setItem(row, 1,
                                     new QTableWidgetItem(QString::fromStdString(
                                         model::dateAfterHours(start, f.waveEndHours[i].p50))));
            m_forecastTable->setItem(row, 2,
                                     new QTableWidgetItem(QString::fromStdString(
                                         model::dateAfterHours(start, f.waveEndHours[i].p90))));
        }
    } else {
        m_forecast->chart()->setTitle(
            tr("No forecast: the plan is infeasible or forecast_runs is 0"));
    }
    // Scenarios side by side.
    {
        const auto& scenarios = results->scenarios;
        m_scenarioTable->setColumnCount(7);
        m_scenarioTable->setHorizontalHeaderLabels({tr("Scenario"), tr("Waves"), tr("Duration"),
                                                    tr("Longest downtime"), tr("One-time cost"),
                                                    tr("Run-rate after"), tr("Break-even")});
        m_scenarioTable->setRowCount(static_cast<int>(scenarios.size()));
        QChart* chart = m_scenarioChart->chart();
        chart->setTitle(scenarios.empty() ? tr("No scenarios in this project")
                                          : tr("Duration (days) and one-time cost (%1) by scenario")
                                                .arg(QString::fromStdString(currency)));
        auto* series = new QBarSeries();
        auto* durations = new QBarSet(tr("Duration (days)"));
        durations->setObjectName("duration");
        auto* costs = new QBarSet(tr("One-time cost (thousands)"));
        costs->setObjectName("one_time_cost");
        durations->setColor(kSeriesColors[0]);
        costs->setColor(kSeriesColors[1]);
        QStringList names;
        double max = 0;
        for (std::size_t i = 0; i < scenarios.size(); ++i) {
            const model::ScenarioSummary& s = scenarios[i];
            const int row = static_cast<int>(i);
            const QString name =
                s.scenario.empty() ? tr("Baseline") : QString::fromStdString(s.name);
            const QStringList cells = {name,
                                       QString::number(s.waves),
                                       hoursText(s.totalHours),
                                       hoursText(s.maxDowntimeHours),
                                       money(s.oneTimeCost, currency),
                                       money(s.monthlyAfter, currency),
                                       s.breakEvenMonth ? tr("month %1").arg(*s.breakEvenMonth)
                                                        : tr("none")};
            for (int c = 0; c < cells.size(); ++c) {
                auto* item = new QTableWidgetItem(cells[c]);
                item->setData(Qt::UserRole, QString::fromStdString(s.scenario));
                m_scenarioTable->setItem(row, c, item);
            }
            names << name;
            durations->append(s.totalHours / 24);
            costs->append(s.oneTimeCost / 1000);
            max = std::max({max, s.totalHours / 24, s.oneTimeCost / 1000});
        }
        m_scenarioTable->resizeColumnsToContents();
        series->append(durations);
        series->append(costs);
        chart->addSeries(series);
        auto* x = new QBarCategoryAxis();
        x->append(names);
        chart->addAxis(x, Qt::AlignBottom);
        series->attachAxis(x);
        auto* y = valueAxis(max, QString());
        chart->addAxis(y, Qt::AlignLeft);
        series->attachAxis(y);
    }
}

} // namespace ferry::ui
