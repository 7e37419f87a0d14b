#include <ferry/ui/RunMonitor.hpp>

#include "ChartViews.hpp"

#include <ferry/engine/RunPlan.hpp>
#include <ferry/engine/TargetVerifier.hpp>
#include <ferry/engine/VerificationReportDocument.hpp>
#include <ferry/ui/ProjectDocument.hpp>

#include <QAbstractTableModel>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QDate>
#include <QDateTime>
#include <QDir>
#include <QDoubleSpinBox>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QFutureWatcher>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLineSeries>
#include <QLocale>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>
#include <QValueAxis>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <climits>
#include <unordered_map>

namespace ferry::ui {

namespace {

constexpr double kMiB = 1024.0 * 1024.0;
constexpr double kWindowSeconds = 300; // the throughput chart shows the last five minutes

QString bytesText(double bytes) {
    return QLocale().formattedDataSize(static_cast<qint64>(bytes), 1,
                                       QLocale::DataSizeTraditionalFormat);
}

QString secondsText(double seconds) {
    if (seconds < 0)
        return RunMonitor::tr("unknown");
    const qint64 s = static_cast<qint64>(seconds + 0.5);
    if (s < 120)
        return RunMonitor::tr("%1 s").arg(s);
    if (s < 7200)
        return RunMonitor::tr("%1 min").arg(s / 60);
    return RunMonitor::tr("%1 h %2 min").arg(s / 3600).arg((s % 3600) / 60);
}

/// A live chart: the measured series (solid), a reference (dashed) and the plan (dotted).
QChartView* makeChart(const QString& name, QLineSeries*& first, QLineSeries*& second,
                      QLineSeries*& planned, const QColor& firstColor, const QColor& secondColor) {
    QChartView* view = newChartView(name, 150);
    QChart* chart = view->chart();
    first = new QLineSeries();
    second = new QLineSeries();
    planned = new QLineSeries();
    first->setColor(firstColor);
    QPen dashed(secondColor);
    dashed.setStyle(Qt::DashLine);
    dashed.setWidthF(1.5);
    second->setPen(dashed);
    QPen dotted(QColor(0x8e, 0x44, 0xad));
    dotted.setStyle(Qt::DotLine);
    dotted.setWidthF(2);
    planned->setPen(dotted);
    chart->addSeries(first);
    chart->addSeries(second);
    chart->addSeries(planned);
    auto* x = new QValueAxis();
    x->setRange(0, 60);
    x->setLabelFormat(QStringLiteral("%d"));
    auto* y = new QValueAxis();
    y->setRange(0, 1);
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    for (QLineSeries* s : {first, second, planned}) {
        s->attachAxis(x);
        s->attachAxis(y);
    }
    return view;
}

QValueAxis* axis(QChartView* view, Qt::Orientation orientation) {
    const auto axes = view->chart()->axes(orientation);
    return axes.isEmpty() ? nullptr : qobject_cast<QValueAxis*>(axes.first());
}

} // namespace

/// The task table's rows: appended in one batch per snapshot and changed in place, so a run of
/// many thousands of objects costs the UI thread only the rows that changed.
class TaskModel : public QAbstractTableModel {
public:
    explicit TaskModel(QObject* parent) : QAbstractTableModel(parent) {}

    int rowCount(const QModelIndex& parent = {}) const override {
        return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
    }
    int columnCount(const QModelIndex& parent = {}) const override {
        return parent.isValid() ? 0 : 7;
    }

    QVariant data(const QModelIndex& index, int role) const override {
        if (!index.isValid())
            return {};
        const TaskRow& row = m_rows[static_cast<std::size_t>(index.row())];
        if (role == Qt::ForegroundRole && index.column() == 0 &&
            row.state == QLatin1String("failed"))
            return QColor(0xc0, 0x39, 0x2b);
        if (role == Qt::TextAlignmentRole && (index.column() == 1 || index.column() == 5))
            return int(Qt::AlignRight | Qt::AlignVCenter);
        if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
            return {};
        switch (index.column()) {
        case 0:
            return EngineBridge::stateText(row.state);
        case 1:
            return row.wave;
        case 2:
            return row.workload;
        case 3:
            return row.key;
        case 4:
            if (row.rows)
                return RunMonitor::tr("%1 / %2 rows").arg(row.bytes).arg(row.total);
            return bytesText(row.bytes) + QStringLiteral(" / ") + bytesText(row.total);
        case 5:
            return row.attempts;
        case 6:
            return row.error;
        }
        return {};
    }

    QVariant headerData(int section, Qt::Orientation orientation, int role) const override {
        if (orientation != Qt::Horizontal || role != Qt::DisplayRole || section < 0 ||
            section >= m_headers.size())
            return {};
        return m_headers[section];
    }

    void setHeaders(const QStringList& headers) {
        m_headers = headers;
        emit headerDataChanged(Qt::Horizontal, 0, columnCount() - 1);
    }

    void clear() {
        beginResetModel();
        m_rows.clear();
        m_index.clear();
        endResetModel();
    }

    /// New rows are appended together; changed rows are updated and signalled as one range.
    void apply(const std::vector<TaskRow>& changed) {
        std::vector<const TaskRow*> added;
        int first = INT_MAX, last = -1;
        for (const TaskRow& row : changed) {
            const auto it = m_index.find(row.taskId);
            if (it == m_index.end()) {
                added.push_back(&row);
                continue;
            }
            m_rows[static_cast<std::size_t>(it->second)] = row;
            first = std::min(first, it->second);
            last = std::max(last, it->second);
        }
        if (last >= 0)
            emit dataChanged(index(first, 0), index(last, 6));
        if (!added.empty()) {
            const int begin = static_cast<int>(m_rows.size());
            beginInsertRows({}, begin, begin + static_cast<int>(added.size()) - 1);
            for (const TaskRow* row : added) {
                m_index.emplace(row->taskId, static_cast<int>(m_rows.size()));
                m_rows.push_back(*row);
            }
            endInsertRows();
        }
    }

private:
    std::vector<TaskRow> m_rows;
    std::unordered_map<std::int64_t, int> m_index;
    QStringList m_headers;
};

RunMonitor::RunMonitor(ProjectDocument& document, QWidget* parent)
    : QWidget(parent), m_document(document) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);

    auto* controls = new QHBoxLayout();
    m_scope = new QComboBox();
    m_scope->setObjectName("runScope");
    m_start = new QPushButton();
    m_start->setObjectName("runStart");
    m_pause = new QPushButton();
    m_pause->setObjectName("runPause");
    m_cancel = new QPushButton();
    m_cancel->setObjectName("runCancel");
    m_bandwidthLabel = new QLabel();
    m_bandwidth = new QDoubleSpinBox();
    m_bandwidth->setObjectName("runBandwidth");
    m_bandwidth->setRange(0, 100000);
    m_bandwidth->setDecimals(1);
    m_bandwidth->setSingleStep(0.5);
    m_bandwidth->setSuffix(QStringLiteral(" MiB/s"));
    m_parallelLabel = new QLabel();
    m_parallel = new QSpinBox();
    m_parallel->setObjectName("runParallel");
    m_parallel->setRange(1, 64);
    m_parallel->setValue(4);
    controls->addWidget(m_scope, 1);
    controls->addWidget(m_start);
    controls->addWidget(m_pause);
    controls->addWidget(m_cancel);
    controls->addSpacing(12);
    controls->addWidget(m_bandwidthLabel);
    controls->addWidget(m_bandwidth);
    controls->addWidget(m_parallelLabel);
    controls->addWidget(m_parallel);
    controls->addSpacing(12);
    m_pastLabel = new QLabel();
    m_past = new QComboBox();
    m_past->setObjectName("pastRuns");
    m_resume = new QPushButton();
    m_resume->setObjectName("runResume");
    controls->addWidget(m_pastLabel);
    controls->addWidget(m_past, 1);
    controls->addWidget(m_resume);
    m_verifyReport = new QPushButton();
    m_verifyReport->setObjectName("verifyReport");
    controls->addWidget(m_verifyReport);
    layout->addLayout(controls);

    m_state = new QLabel();
    m_state->setObjectName("runState");
    m_figures = new QLabel();
    m_figures->setObjectName("runFigures");
    m_figures->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_state);
    layout->addWidget(m_figures);

    auto* splitter = new QSplitter(Qt::Vertical);
    auto* chartsRow = new QWidget();
    auto* charts = new QHBoxLayout(chartsRow);
    charts->setContentsMargins(0, 0, 0, 0);
    m_throughput = makeChart("throughput", m_rateSeries, m_limitSeries, m_plannedRateSeries,
                             QColor(0x2f, 0x6f, 0xd6), QColor(0xc0, 0x66, 0x1a));
    m_cumulative = makeChart("cumulative", m_bytesSeries, m_totalSeries, m_plannedBytesSeries,
                             QColor(0x59, 0xa1, 0x4f), QColor(0x5b, 0x6b, 0x82));
    auto* waves = new QWidget();
    waves->setObjectName("waveProgress");
    m_waveLayout = new QVBoxLayout(waves);
    m_waveLayout->addStretch(1);
    waves->setMinimumWidth(180);
    charts->addWidget(m_throughput, 2);
    charts->addWidget(m_cumulative, 2);
    charts->addWidget(waves, 1);
    splitter->addWidget(chartsRow);

    auto* bottom = new QSplitter(Qt::Horizontal);
    m_tasks = new QTableView();
    m_taskModel = new TaskModel(this);
    m_tasks->setModel(m_taskModel);
    m_tasks->setObjectName("runTasks");
    m_tasks->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_tasks->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_tasks->verticalHeader()->hide();
    m_tasks->horizontalHeader()->setStretchLastSection(true);
    m_tasks->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_tasks->setWordWrap(false);
    m_tasks->verticalHeader()->setDefaultSectionSize(m_tasks->fontMetrics().height() + 6);
    auto* logPane = new QWidget();
    auto* logLayout = new QVBoxLayout(logPane);
    logLayout->setContentsMargins(0, 0, 0, 0);
    m_logFilter = new QLineEdit();
    m_logFilter->setObjectName("runLogFilter");
    m_logFilter->setClearButtonEnabled(true);
    m_logView = new QPlainTextEdit();
    m_logView->setObjectName("runLog");
    m_logView->setReadOnly(true);
    m_logView->setMaximumBlockCount(20000);
    logLayout->addWidget(m_logFilter);
    logLayout->addWidget(m_logView);
    bottom->addWidget(m_tasks);
    bottom->addWidget(logPane);
    bottom->setStretchFactor(0, 3);
    bottom->setStretchFactor(1, 2);
    splitter->addWidget(bottom);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    splitter->setSizes({300, 200});
    layout->addWidget(splitter, 1);

    connect(m_start, &QPushButton::clicked, this,
            [this] { startRun(m_scope->currentData().toString()); });
    connect(m_pause, &QPushButton::clicked, this, [this] {
        m_paused ? m_bridge.resume() : m_bridge.pause();
        m_paused = !m_paused;
        updateButtons();
    });
    connect(m_cancel, &QPushButton::clicked, this, [this] { m_bridge.cancel(); });
    connect(m_resume, &QPushButton::clicked, this, [this] {
        if (!m_past->currentData().toString().isEmpty())
            resumeRun(m_past->currentData().toString());
    });
    connect(
        m_bandwidth, qOverload<double>(&QDoubleSpinBox::valueChanged), this,
        [this](double mib) { m_bridge.setBandwidthLimit(static_cast<std::uint64_t>(mib * kMiB)); });
    connect(m_parallel, qOverload<int>(&QSpinBox::valueChanged), this,
            [this](int parallel) { m_bridge.setParallel(parallel); });
    connect(m_verifyReport, &QPushButton::clicked, this, [this] {
        const QString journal = m_past->currentData().toString();
        if (journal.isEmpty())
            return;
        const QString path = QFileDialog::getSaveFileName(
            this, tr("Verification Report"),
            QFileInfo(journal).completeBaseName() + QStringLiteral("-verification.pdf"),
            tr("PDF report (*.pdf);;HTML report (*.html)"));
        if (!path.isEmpty())
            writeVerificationReport(journal, path);
    });
    connect(
        this, &RunMonitor::verificationReportWritten, this,
        [this](const QString& path, const QString& error) {
            m_state->setText(
                error.isEmpty()
                    ? tr("Verification report written to %1").arg(QDir::toNativeSeparators(path))
                    : tr("No verification report: %1").arg(error));
        });
    connect(m_logFilter, &QLineEdit::textChanged, this, &RunMonitor::setLogFilter);
    connect(&m_bridge, &EngineBridge::updated, this, &RunMonitor::showSnapshot);
    connect(&m_bridge, &EngineBridge::finished, this, &RunMonitor::runFinished);
    connect(&m_document, &ProjectDocument::changed, this, [this] { refreshScopes(); });
    connect(&m_document, &ProjectDocument::stateChanged, this, [this] { refreshPastRuns(); });

    retranslate();
    refreshPastRuns();
    updateButtons();
}

int RunMonitor::taskCount() const {
    return m_taskModel->rowCount();
}

QChartView* RunMonitor::chart(const QString& name) const {
    if (name == m_throughput->objectName())
        return m_throughput;
    if (name == m_cumulative->objectName())
        return m_cumulative;
    return nullptr;
}

void RunMonitor::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void RunMonitor::retranslate() {
    m_start->setText(tr("Start"));
    m_start->setToolTip(tr("Copy and verify the data of the chosen part of the plan"));
    m_cancel->setText(tr("Cancel"));
    m_cancel->setToolTip(tr("Stop the run; its journal keeps the place for a resume"));
    m_bandwidthLabel->setText(tr("Limit"));
    m_bandwidth->setSpecialValueText(tr("unlimited"));
    m_bandwidth->setToolTip(tr("Bandwidth limit for the whole run; takes effect at once"));
    m_parallelLabel->setText(tr("Parallel"));
    m_parallel->setToolTip(tr("Objects copied at once; takes effect at once"));
    m_pastLabel->setText(tr("Past runs"));
    m_resume->setText(tr("Resume"));
    m_resume->setToolTip(
        tr("Finish the chosen run from its journal: verified objects are never copied again"));
    m_logFilter->setPlaceholderText(tr("Filter the log"));
    m_verifyReport->setText(tr("Verification Report…"));
    m_verifyReport->setToolTip(tr("Check every target object of the chosen run against its source "
                                  "and write the report (PDF or HTML)"));
    m_taskModel->setHeaders({tr("State"), tr("Wave"), tr("Workload"), tr("Object"), tr("Bytes"),
                             tr("Attempts"), tr("Error")});
    m_throughput->chart()->setTitle(tr("Throughput (MiB/s), last five minutes"));
    m_cumulative->chart()->setTitle(tr("Bytes moved (MiB)"));
    m_rateSeries->setName(tr("measured"));
    m_limitSeries->setName(tr("limit"));
    m_bytesSeries->setName(tr("moved"));
    m_totalSeries->setName(tr("to move"));
    m_plannedRateSeries->setName(tr("planned"));
    m_plannedBytesSeries->setName(tr("planned"));
    if (auto* x = axis(m_throughput, Qt::Horizontal))
        x->setTitleText(tr("seconds"));
    if (auto* x = axis(m_cumulative, Qt::Horizontal))
        x->setTitleText(tr("seconds"));
    refreshScopes();
    updateButtons();
    if (m_lastState.isEmpty())
        m_state->setText(tr("No run yet. Choose what to move and press Start."));
}

void RunMonitor::refreshScopes() {
    const QString current = m_scope->currentData().toString();
    m_scope->clear();
    m_scope->addItem(tr("Whole plan"), QString());
    const auto& data = m_document.project().data();
    for (const model::Wave& w : data.waves)
        m_scope->addItem(tr("Wave %1").arg(w.number), QStringLiteral("wave:%1").arg(w.number));
    for (const model::Mapping& m : data.mappings)
        m_scope->addItem(tr("Workload %1").arg(QString::fromStdString(m.workload)),
                         QStringLiteral("workload:%1").arg(QString::fromStdString(m.workload)));
    const int index = m_scope->findData(current);
    m_scope->setCurrentIndex(index >= 0 ? index : 0);
}

QString RunMonitor::runsFolder() const {
    const QString file = m_document.filePath();
    if (file.isEmpty())
        return QString();
    return QFileInfo(file).absoluteDir().filePath(QStringLiteral(".ferry-runs"));
}

QStringList RunMonitor::pastRuns() const {
    const QString folder = runsFolder();
    if (folder.isEmpty())
        return {};
    QStringList runs;
    for (const QFileInfo& info :
         QDir(folder).entryInfoList({QStringLiteral("*.journal")}, QDir::Files, QDir::Time))
        runs << info.absoluteFilePath();
    return runs;
}

void RunMonitor::refreshPastRuns() {
    m_past->clear();
    for (const QString& journal : pastRuns())
        m_past->addItem(QFileInfo(journal).completeBaseName(), journal);
    updateButtons();
}

engine::RunOptions RunMonitor::options() const {
    engine::RunOptions options;
    options.parallel = m_parallel->value();
    options.bandwidthLimit = static_cast<std::uint64_t>(m_bandwidth->value() * kMiB);
    const QString file = m_document.filePath();
    if (!file.isEmpty())
        options.projectDir = QFileInfo(file).absolutePath().toStdString();
    return options;
}

bool RunMonitor::startRun(const QString& scope) {
    const QString folder = runsFolder();
    if (folder.isEmpty()) {
        m_state->setText(tr("Save the project first: runs keep their journals beside it."));
        return false;
    }
    engine::ProjectRunSelection selection;
    if (scope.startsWith(QLatin1String("wave:")))
        selection.wave = scope.mid(5).toInt();
    else if (scope.startsWith(QLatin1String("workload:")))
        selection.workload = scope.mid(9).toStdString();
    auto plan = engine::planProjectRun(m_document.project().data(), selection);
    if (!plan) {
        m_state->setText(tr("Cannot start: %1").arg(QString::fromStdString(plan.error().message)));
        return false;
    }
    QDir().mkpath(folder);
    engine::RunContext context;
    context.journalPath =
        QDir(folder)
            .filePath(QDateTime::currentDateTimeUtc().toString("yyyyMMdd-HHmmss-zzz") + ".journal")
            .toStdString();
    context.project = m_document.filePath().toStdString();
    resetViews();
    m_plannedRate = plannedRates(plan->pairs);
    for (const std::string& note : plan->notes)
        m_log << QString::fromStdString(note);
    if (!m_bridge.start(plan->pairs, options(), context)) {
        m_state->setText(tr("Cannot start: %1").arg(m_bridge.lastError()));
        return false;
    }
    m_paused = false;
    refreshPastRuns();
    updateButtons();
    return true;
}

bool RunMonitor::resumeRun(const QString& journal) {
    resetViews();
    if (auto plan = engine::planProjectRun(m_document.project().data()))
        m_plannedRate = plannedRates(plan->pairs);
    if (!m_bridge.resumeJournal(journal, options())) {
        m_state->setText(tr("Cannot resume: %1").arg(m_bridge.lastError()));
        return false;
    }
    m_paused = false;
    updateButtons();
    return true;
}

std::map<int, double> RunMonitor::plannedRates(const std::vector<engine::RunPair>& pairs) const {
    // The plan moves a wave's bytes over the links between its workloads' sites and their
    // targets, each at its bandwidth times the link efficiency (as the simulation assumes); a
    // wave whose pairs share a link shares that link's rate.
    std::map<int, std::map<std::string, double>> links;
    const auto& data = m_document.project().data();
    constexpr std::uint64_t kProbe = 1ull << 30;
    for (const engine::RunPair& pair : pairs) {
        if (!pair.skipReason.empty())
            continue;
        const auto estimate = engine::estimateTransfer(&data, pair, kProbe, nullptr);
        if (estimate.seconds > 0 && !estimate.link.empty())
            links[pair.wave][estimate.link] = double(kProbe) / estimate.seconds;
    }
    std::map<int, double> rates;
    for (const auto& [wave, perLink] : links)
        for (const auto& [link, rate] : perLink)
            rates[wave] += rate;
    return rates;
}

double RunMonitor::plannedRateNow(const RunSnapshot& s) const {
    int wave = 0;
    for (const auto& [number, progress] : s.waves) {
        wave = number;
        if (progress.objectsDone < progress.objectsSeen ||
            progress.state != QLatin1String("finished"))
            break;
    }
    const auto it = m_plannedRate.find(wave);
    double rate = it != m_plannedRate.end() ? it->second : 0.0;
    const double limit = m_bandwidth->value() * kMiB;
    if (rate > 0 && limit > 0)
        rate = std::min(rate, limit);
    return rate;
}

void RunMonitor::resetViews() {
    m_plannedRateSeries->clear();
    m_plannedBytesSeries->clear();
    m_plannedBytes = 0;
    m_previousSnapshotTime = 0;
    m_plannedRate.clear();
    m_rateSeries->clear();
    m_limitSeries->clear();
    m_bytesSeries->clear();
    m_totalSeries->clear();
    m_maxRate = 1;
    m_lastTotal = 0;
    for (auto& [wave, bar] : m_waveBars)
        delete bar;
    m_waveBars.clear();
    m_taskModel->clear();
    m_log.clear();
    m_logView->clear();
    m_lastState.clear();
}

void RunMonitor::updateButtons() {
    const bool running = m_bridge.isRunning();
    m_start->setEnabled(!running);
    m_scope->setEnabled(!running);
    m_pause->setEnabled(running);
    m_cancel->setEnabled(running);
    m_resume->setEnabled(!running && m_past->count() > 0);
    m_verifyReport->setEnabled(!running && !m_verifying && m_past->count() > 0);
    m_pause->setText(m_paused ? tr("Resume") : tr("Pause"));
}

bool RunMonitor::writeVerificationReport(const QString& journal, const QString& path) {
    if (m_verifying || m_bridge.isRunning())
        return false;
    m_verifying = true;
    updateButtons();
    m_state->setText(tr("Verifying the targets of %1…").arg(QFileInfo(journal).completeBaseName()));
    const QString subject = QFileInfo(m_document.filePath()).completeBaseName();
    auto* watcher = new QFutureWatcher<QString>(this);
    connect(watcher, &QFutureWatcher<QString>::finished, this, [this, watcher, path] {
        const QString error = watcher->result();
        watcher->deleteLater();
        m_verifying = false;
        updateButtons();
        emit verificationReportWritten(path, error);
    });
    watcher->setFuture(QtConcurrent::run([journal, path, subject]() -> QString {
        auto input = engine::verificationInputOfJournal(journal.toStdString());
        if (!input)
            return QString::fromStdString(input.error().message);
        const auto registry = engine::ConnectorRegistry::withBuiltins();
        const auto report = engine::verifyTargets(input->pairs, registry, input->projectDir, 4);
        const auto document = engine::buildVerificationReport(
            report, subject.isEmpty() ? std::string("Run") : subject.toStdString(),
            QDate::currentDate().toString(Qt::ISODate).toStdString());
        if (auto written = model::writeReportFile(document, path.toStdString()); !written)
            return QString::fromStdString(written.error().message);
        return QString();
    }));
    return true;
}

void RunMonitor::setLogFilter(const QString& text) {
    if (m_logFilter->text() != text)
        m_logFilter->setText(text);
    QStringList shown;
    for (const QString& line : m_log)
        if (text.isEmpty() || line.contains(text, Qt::CaseInsensitive))
            shown << line;
    m_logView->setPlainText(shown.join(QLatin1Char('\n')));
}

void RunMonitor::showSnapshot(const RunSnapshot& s) {
    m_lastState = s.state;
    const double t = s.elapsedSeconds;
    // Throughput, with the bandwidth limit and the plan's rate.
    const double planned = plannedRateNow(s);
    for (const auto& [when, rate, bytes] : s.samples) {
        m_rateSeries->append(when, rate / kMiB);
        m_bytesSeries->append(when, bytes / kMiB);
        m_maxRate = std::max(m_maxRate, rate / kMiB);
    }
    while (m_rateSeries->count() > 0 && m_rateSeries->at(0).x() < t - kWindowSeconds)
        m_rateSeries->remove(0);
    const double limit = m_bandwidth->value();
    m_limitSeries->clear();
    if (limit > 0) {
        m_limitSeries->append(std::max(0.0, t - kWindowSeconds), limit);
        m_limitSeries->append(std::max(t, 1.0), limit);
    }
    if (auto* x = axis(m_throughput, Qt::Horizontal))
        x->setRange(std::max(0.0, t - kWindowSeconds), std::max(t, 10.0));
    if (auto* y = axis(m_throughput, Qt::Vertical))
        y->setRange(0, std::max({m_maxRate, limit, planned / kMiB}) * 1.15);
    // The plan: the rate the plan assumes for the wave running now, and the bytes that rate
    // would have moved by now (time paused does not count).
    m_plannedRateSeries->clear();
    if (planned > 0) {
        m_plannedRateSeries->append(std::max(0.0, t - kWindowSeconds), planned / kMiB);
        m_plannedRateSeries->append(std::max(t, 1.0), planned / kMiB);
    }
    if (s.state != QLatin1String("paused") && t > m_previousSnapshotTime)
        m_plannedBytes = std::min(double(std::max(m_lastTotal, s.bytesTotal)),
                                  m_plannedBytes + planned * (t - m_previousSnapshotTime));
    m_previousSnapshotTime = t;
    if (planned > 0 || m_plannedBytesSeries->count() > 0)
        m_plannedBytesSeries->append(t, m_plannedBytes / kMiB);
    m_lastTotal = std::max(m_lastTotal, s.bytesTotal);
    m_totalSeries->clear();
    m_totalSeries->append(0, m_lastTotal / kMiB);
    m_totalSeries->append(std::max(t, 1.0), m_lastTotal / kMiB);
    if (auto* x = axis(m_cumulative, Qt::Horizontal))
        x->setRange(0, std::max(t, 10.0));
    if (auto* y = axis(m_cumulative, Qt::Vertical))
        y->setRange(0, std::max(1.0, m_lastTotal / kMiB * 1.1));

    // Waves.
    for (const auto& [number, wave] : s.waves) {
        auto it = m_waveBars.find(number);
        if (it == m_waveBars.end()) {
            auto* bar = new QProgressBar();
            bar->setObjectName(QStringLiteral("wave%1").arg(number));
            m_waveLayout->insertWidget(static_cast<int>(m_waveBars.size()), bar);
            it = m_waveBars.emplace(number, bar).first;
        }
        QProgressBar* bar = it->second;
        bar->setRange(0, static_cast<int>(std::max<std::uint64_t>(1, wave.objectsSeen)));
        bar->setValue(static_cast<int>(wave.objectsDone));
        bar->setFormat(tr("Wave %1: %2 of %3 objects")
                           .arg(number)
                           .arg(wave.objectsDone)
                           .arg(wave.objectsSeen));
    }

    // Tasks: only the rows that changed.
    m_taskModel->apply(s.changedTasks);

    // Log.
    const QString filter = m_logFilter->text();
    for (const QString& line : s.logLines) {
        m_log << line;
        if (filter.isEmpty() || line.contains(filter, Qt::CaseInsensitive))
            m_logView->appendPlainText(line);
    }

    // Figures, with an ETA from the throughput measured over the last half minute.
    double recentBytes = 0, recentSeconds = 0;
    const int n = m_bytesSeries->count();
    if (n >= 2) {
        int first = n - 1;
        while (first > 0 && m_bytesSeries->at(first).x() > t - 30)
            --first;
        recentBytes = (m_bytesSeries->at(n - 1).y() - m_bytesSeries->at(first).y()) * kMiB;
        recentSeconds = m_bytesSeries->at(n - 1).x() - m_bytesSeries->at(first).x();
    }
    const double measured = recentSeconds > 0 ? recentBytes / recentSeconds : 0;
    const double remaining = s.bytesTotal > s.bytesDone ? double(s.bytesTotal - s.bytesDone) : 0.0;
    const double eta = measured > 0 ? remaining / measured : -1;
    const double plannedEta = planned > 0 ? remaining / planned : -1;
    m_state->setText(tr("Run %1: %2").arg(s.runId, EngineBridge::stateText(s.state)));
    m_figures->setText(
        tr("%1 of %2 · %3 of %4 objects · %5/s · ETA %6 at the measured rate, %7 at the planned "
           "rate · %n error(s)",
           "", static_cast<int>(s.errors))
            .arg(bytesText(s.bytesDone), bytesText(s.bytesTotal))
            .arg(s.objectsDone)
            .arg(s.objectsTotal)
            .arg(bytesText(s.bytesPerSecond), secondsText(eta), secondsText(plannedEta)));
    updateButtons();
    emit snapshotShown(s);
}

void RunMonitor::runFinished(const QString& state, const QString& error) {
    m_paused = false;
    m_state->setText(error.isEmpty() ? tr("The run ended: %1").arg(EngineBridge::stateText(state))
                                     : tr("The run could not finish: %1").arg(error));
    refreshPastRuns();
    updateButtons();
}

} // namespace ferry::ui
