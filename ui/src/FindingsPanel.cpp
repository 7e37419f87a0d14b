#include <ferry/ui/FindingsPanel.hpp>

#include <ferry/ui/EnumLabels.hpp>
#include <ferry/ui/ProjectDocument.hpp>

#include <QEvent>
#include <QHeaderView>
#include <QLabel>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <QtConcurrent>

namespace ferry::ui {
namespace {

enum Column { SeverityColumn, ObjectColumn, MessageColumn, CodeColumn, ColumnCount };
constexpr int kObjectIdRole = Qt::UserRole;

QString objectLabel(const model::Project& project, const std::string& id) {
    if (id.empty())
        return FindingsPanel::tr("Project");
    if (const auto* w = project.findWorkload(id); w && !w->name.empty())
        return QString::fromStdString(w->name);
    if (const auto* s = project.findSite(id); s && !s->name.empty())
        return QString::fromStdString(s->name);
    return QString::fromStdString(id);
}

} // namespace

FindingsPanel::FindingsPanel(ProjectDocument& document, QWidget* parent)
    : QWidget(parent), m_document(document) {
    m_summary = new QLabel(this);
    m_summary->setObjectName("findingsSummary");
    m_view = new QTreeWidget(this);
    m_view->setObjectName("findingsList");
    m_view->setColumnCount(ColumnCount);
    m_view->setRootIsDecorated(false);
    m_view->setUniformRowHeights(true);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->header()->setStretchLastSection(false);
    m_view->header()->setSectionResizeMode(MessageColumn, QHeaderView::Stretch);
    m_view->header()->resizeSection(SeverityColumn, 110);
    m_view->header()->resizeSection(ObjectColumn, 180);
    m_view->header()->resizeSection(CodeColumn, 200);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_summary);
    layout->addWidget(m_view, 1);

    m_debounce.setSingleShot(true);
    m_debounce.setInterval(kDebounceMs);
    connect(&m_debounce, &QTimer::timeout, this, &FindingsPanel::revalidate);
    connect(&m_document, &ProjectDocument::changed, this, [this] {
        ++m_generation;
        m_debounce.start();
    });
    connect(&m_watcher, &QFutureWatcher<std::vector<model::Finding>>::finished, this, [this] {
        m_running = false;
        auto findings = m_watcher.result();
        if (m_runningGeneration == m_generation) {
            showFindings(std::move(findings));
        } else if (!m_debounce.isActive()) {
            revalidate(); // overtaken by an edit whose own run was held back by this one
        }
    });
    connect(m_view, &QTreeWidget::itemClicked, this, &FindingsPanel::itemActivated);
    connect(m_view, &QTreeWidget::itemActivated, this, &FindingsPanel::itemActivated);

    retranslateUi();
    revalidate();
}

FindingsPanel::~FindingsPanel() {
    m_watcher.waitForFinished();
}

bool FindingsPanel::isPending() const {
    return m_debounce.isActive() || m_running;
}

void FindingsPanel::revalidate() {
    m_debounce.stop();
    const auto& project = m_document.project();
    if (project.workloads().size() < m_backgroundThreshold) {
        showFindings(model::Validator::validate(project.data()));
        return;
    }
    // One worker at a time; when it finishes with stale results it starts the next run.
    if (m_running)
        return;
    m_running = true;
    m_runningGeneration = m_generation;
    m_watcher.setFuture(
        QtConcurrent::run([data = project.data()] { return model::Validator::validate(data); }));
}

void FindingsPanel::showFindings(std::vector<model::Finding> findings) {
    m_findings = std::move(findings);
    const auto& project = m_document.project();
    m_view->setUpdatesEnabled(false);
    m_view->clear();
    int errors = 0, warnings = 0;
    QList<QTreeWidgetItem*> items;
    items.reserve(qsizetype(m_findings.size()));
    for (const auto& f : m_findings) {
        errors += f.severity == model::Severity::Error;
        warnings += f.severity == model::Severity::Warning;
        auto* item = new QTreeWidgetItem;
        item->setIcon(SeverityColumn, EnumLabels::severityIcon(f.severity));
        item->setText(SeverityColumn, EnumLabels::severity(f.severity));
        item->setText(ObjectColumn, objectLabel(project, f.objectId));
        item->setText(MessageColumn, QString::fromStdString(f.message));
        item->setToolTip(MessageColumn, QString::fromStdString(f.message));
        item->setText(CodeColumn, QString::fromStdString(f.code));
        item->setData(SeverityColumn, kObjectIdRole, QString::fromStdString(f.objectId));
        items << item;
    }
    m_view->addTopLevelItems(items);
    m_view->setUpdatesEnabled(true);
    if (m_findings.empty())
        m_summary->setText(tr("No findings: the project is consistent."));
    else
        m_summary->setText(
            tr("%1, %2, %3 — click one to show its object.")
                .arg(tr("%n error(s)", "", errors), tr("%n warning(s)", "", warnings),
                     tr("%n note(s)", "", int(m_findings.size()) - errors - warnings)));
    emit updated(errors, warnings);
}

void FindingsPanel::itemActivated(QTreeWidgetItem* item) {
    if (!item)
        return;
    const QString id = item->data(SeverityColumn, kObjectIdRole).toString();
    if (!id.isEmpty())
        m_document.selection().focus(id);
}

void FindingsPanel::retranslateUi() {
    m_view->setHeaderLabels({tr("Severity"), tr("Object"), tr("Finding"), tr("Code")});
    m_view->setToolTip(tr("Problems validation found; click one to select its object."));
}

void FindingsPanel::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) {
        retranslateUi();
        showFindings(std::move(m_findings)); // severity names are translated
    }
    QWidget::changeEvent(event);
}

} // namespace ferry::ui
