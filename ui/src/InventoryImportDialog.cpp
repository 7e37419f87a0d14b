#include <ferry/ui/InventoryImportDialog.hpp>

#include <ferry/model/Project.hpp>
#include <ferry/ui/EditCommands.hpp>
#include <ferry/ui/ProjectDocument.hpp>
#include <ferry/ui/ReplaceProjectCommand.hpp>

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSplitter>
#include <QTableWidget>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <QtConcurrent>

namespace ferry::ui {
namespace {

using model::InventoryField;

QString qs(const std::string& text) {
    return QString::fromStdString(text);
}

QString lowerTrimmed(const QString& text) {
    return text.trimmed().toLower();
}

constexpr std::size_t kPreviewRows = 8;
constexpr std::size_t kMaxListedErrors = 500;

/// The fields in the order the mapping combo lists them.
const std::vector<InventoryField>& comboFields() {
    static const std::vector<InventoryField> fields{InventoryField::Ignore,
                                                    InventoryField::Id,
                                                    InventoryField::Name,
                                                    InventoryField::Kind,
                                                    InventoryField::Site,
                                                    InventoryField::SizeGb,
                                                    InventoryField::SizeGib,
                                                    InventoryField::SizeMb,
                                                    InventoryField::SizeMib,
                                                    InventoryField::SizeKib,
                                                    InventoryField::ChangeRateGbPerDay,
                                                    InventoryField::Vcpu,
                                                    InventoryField::MemoryGb,
                                                    InventoryField::MemoryMb,
                                                    InventoryField::MemoryMib,
                                                    InventoryField::MemoryKib,
                                                    InventoryField::MonthlyCost,
                                                    InventoryField::Criticality,
                                                    InventoryField::Owner,
                                                    InventoryField::Tags,
                                                    InventoryField::Endpoint,
                                                    InventoryField::Region,
                                                    InventoryField::Provider,
                                                    InventoryField::Os,
                                                    InventoryField::Cluster,
                                                    InventoryField::Host,
                                                    InventoryField::PowerState,
                                                    InventoryField::Application};
    return fields;
}

QString fieldLabel(InventoryField field) {
    switch (field) {
    case InventoryField::Ignore:
        return InventoryImportDialog::tr("(not imported)");
    case InventoryField::Id:
        return InventoryImportDialog::tr("Id");
    case InventoryField::Name:
        return InventoryImportDialog::tr("Name");
    case InventoryField::Kind:
        return InventoryImportDialog::tr("Kind");
    case InventoryField::Site:
        return InventoryImportDialog::tr("Site");
    case InventoryField::SizeGb:
        return InventoryImportDialog::tr("Size in GB");
    case InventoryField::SizeGib:
        return InventoryImportDialog::tr("Size in GiB");
    case InventoryField::SizeMb:
        return InventoryImportDialog::tr("Size in MB");
    case InventoryField::SizeMib:
        return InventoryImportDialog::tr("Size in MiB");
    case InventoryField::SizeKib:
        return InventoryImportDialog::tr("Size in KiB");
    case InventoryField::ChangeRateGbPerDay:
        return InventoryImportDialog::tr("Change rate (GB/day)");
    case InventoryField::Vcpu:
        return InventoryImportDialog::tr("vCPU");
    case InventoryField::MemoryGb:
        return InventoryImportDialog::tr("Memory in GB");
    case InventoryField::MemoryMb:
        return InventoryImportDialog::tr("Memory in MB");
    case InventoryField::MemoryMib:
        return InventoryImportDialog::tr("Memory in MiB");
    case InventoryField::MemoryKib:
        return InventoryImportDialog::tr("Memory in KiB");
    case InventoryField::MonthlyCost:
        return InventoryImportDialog::tr("Monthly cost");
    case InventoryField::Criticality:
        return InventoryImportDialog::tr("Criticality");
    case InventoryField::Owner:
        return InventoryImportDialog::tr("Owner");
    case InventoryField::Tags:
        return InventoryImportDialog::tr("Tags");
    case InventoryField::Endpoint:
        return InventoryImportDialog::tr("Data endpoint");
    case InventoryField::Region:
        return InventoryImportDialog::tr("Region of a new site");
    case InventoryField::Provider:
        return InventoryImportDialog::tr("Provider of a new site");
    case InventoryField::Os:
        return InventoryImportDialog::tr("Operating system (tag)");
    case InventoryField::Cluster:
        return InventoryImportDialog::tr("Cluster (tag)");
    case InventoryField::Host:
        return InventoryImportDialog::tr("Host (tag)");
    case InventoryField::PowerState:
        return InventoryImportDialog::tr("Power state (tag)");
    case InventoryField::Application:
        return InventoryImportDialog::tr("Application (tag)");
    }
    return {};
}

QString presetDescription(const model::InventoryPreset& preset) {
    if (preset.name == "generic")
        return InventoryImportDialog::tr("Ferry's own CSV template (id, name, kind, site, "
                                         "size_gb…).");
    if (preset.name == "rvtools")
        return InventoryImportDialog::tr("The vInfo sheet of an RVTools export, saved as "
                                         "CSV.");
    if (preset.name == "aws-ads")
        return InventoryImportDialog::tr("A server export of AWS Application Discovery "
                                         "Service.");
    return qs(preset.description);
}

enum MappingColumn { HeaderColumn, FieldColumn, SampleColumn };
enum ErrorColumn { LineColumn, ErrorColumnColumn, ValueColumn, ReasonColumn };

} // namespace

InventoryImportDialog::InventoryImportDialog(ProjectDocument& document, QWidget* parent)
    : QDialog(parent), m_document(document) {
    setObjectName("inventoryImportDialog");
    m_path = new QLineEdit(this);
    m_path->setObjectName("importFile");
    m_browse = new QPushButton(this);
    m_preset = new QComboBox(this);
    m_preset->setObjectName("importPreset");
    for (const auto& preset : model::inventoryPresets())
        m_preset->addItem(qs(preset.name), qs(preset.name));
    m_presetDescription = new QLabel(this);
    m_presetDescription->setWordWrap(true);
    m_defaultSite = new QComboBox(this);
    m_defaultSite->setObjectName("importDefaultSite");
    m_defaultSite->setEditable(true);
    QString defaultSite = QStringLiteral("source");
    for (const auto& site : document.project().sites()) {
        m_defaultSite->addItem(qs(site.id));
        if (site.provider == model::Provider::OnPrem && defaultSite == "source")
            defaultSite = qs(site.id);
    }
    if (m_defaultSite->findText(defaultSite) < 0)
        m_defaultSite->insertItem(0, defaultSite);
    m_defaultSite->setCurrentText(defaultSite);
    m_skipBadRows = new QCheckBox(this);
    m_skipBadRows->setObjectName("importSkipBadRows");

    m_mapping = new QTableWidget(0, 3, this);
    m_mapping->setObjectName("importMapping");
    m_mapping->verticalHeader()->hide();
    m_mapping->horizontalHeader()->setStretchLastSection(true);
    m_mapping->setSelectionMode(QAbstractItemView::NoSelection);
    m_mapping->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_preview = new QTableWidget(this);
    m_preview->setObjectName("importPreview");
    m_preview->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_preview->setWordWrap(false);
    m_errors = new QTreeWidget(this);
    m_errors->setObjectName("importErrors");
    m_errors->setColumnCount(4);
    m_errors->setRootIsDecorated(false);
    m_errors->setUniformRowHeights(true);
    m_errors->header()->setStretchLastSection(true);
    m_summary = new QLabel(this);
    m_summary->setObjectName("importSummary");
    m_summary->setWordWrap(true);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_import = m_buttons->addButton(QString(), QDialogButtonBox::AcceptRole);
    m_import->setObjectName("importButton");
    m_import->setEnabled(false);

    auto* top = new QFormLayout;
    auto* fileRow = new QHBoxLayout;
    fileRow->addWidget(m_path, 1);
    fileRow->addWidget(m_browse);
    auto* fileLabel = new QLabel(this);
    auto* presetLabel = new QLabel(this);
    auto* siteLabel = new QLabel(this);
    fileLabel->setBuddy(m_path);
    presetLabel->setBuddy(m_preset);
    siteLabel->setBuddy(m_defaultSite);
    auto* presetRow = new QHBoxLayout;
    presetRow->addWidget(m_preset);
    presetRow->addWidget(m_presetDescription, 1);
    auto* siteRow = new QHBoxLayout;
    siteRow->addWidget(m_defaultSite, 1);
    siteRow->addSpacing(16);
    siteRow->addWidget(m_skipBadRows);
    top->addRow(fileLabel, fileRow);
    top->addRow(presetLabel, presetRow);
    top->addRow(siteLabel, siteRow);

    auto section = [this](QWidget* content) {
        auto* box = new QWidget(this);
        auto* v = new QVBoxLayout(box);
        v->setContentsMargins(0, 4, 0, 0);
        auto* label = new QLabel(box);
        QFont bold = label->font();
        bold.setBold(true);
        label->setFont(bold);
        m_sectionLabels << label;
        v->addWidget(label);
        v->addWidget(content, 1);
        return box;
    };
    auto* right = new QSplitter(Qt::Vertical, this);
    right->addWidget(section(m_preview));
    right->addWidget(section(m_errors));
    auto* split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(section(m_mapping));
    split->addWidget(right);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 3);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(split, 1);
    layout->addWidget(m_summary);
    layout->addWidget(m_buttons);
    m_sectionLabels << fileLabel << presetLabel << siteLabel;

    connect(m_browse, &QPushButton::clicked, this, &InventoryImportDialog::browse);
    connect(m_path, &QLineEdit::editingFinished, this, [this] {
        if (m_path->text() != m_path->property("shown").toString())
            setFile(m_path->text());
    });
    connect(m_preset, &QComboBox::currentIndexChanged, this, [this] {
        fillMapping();
        retranslateUi();
        scheduleDryRun();
    });
    connect(m_defaultSite, &QComboBox::currentTextChanged, this,
            &InventoryImportDialog::scheduleDryRun);
    connect(m_skipBadRows, &QCheckBox::toggled, this, &InventoryImportDialog::scheduleDryRun);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_import, &QPushButton::clicked, this, [this] { (void)importNow(); });
    connect(&m_watcher, &QFutureWatcher<std::shared_ptr<DryRun>>::finished, this, [this] {
        if (m_rerun) {
            m_rerun = false;
            startDryRun();
            return;
        }
        m_pending = false;
        m_dryRun = m_watcher.result();
        showDryRun();
        emit dryRunFinished();
    });

    retranslateUi();
    resize(1100, 720);
}

InventoryImportDialog::~InventoryImportDialog() {
    if (m_cancel)
        m_cancel->store(true);
    m_watcher.waitForFinished();
}

void InventoryImportDialog::retranslateUi() {
    setWindowTitle(tr("Import inventory"));
    m_browse->setText(tr("&Browse…"));
    m_path->setPlaceholderText(tr("A CSV export of your inventory"));
    m_skipBadRows->setText(tr("&Skip bad rows"));
    m_skipBadRows->setToolTip(tr("Import the good rows and list the bad ones, instead of "
                                 "importing nothing while any row has an error."));
    m_defaultSite->setToolTip(tr("Rows without a site column go to this site; it is created "
                                 "when it does not exist."));
    if (m_sectionLabels.size() == 6) {
        m_sectionLabels[0]->setText(tr("Preview of the first rows"));
        m_sectionLabels[1]->setText(tr("Problems found by a dry run"));
        m_sectionLabels[2]->setText(tr("Columns"));
        m_sectionLabels[3]->setText(tr("&File:"));
        m_sectionLabels[4]->setText(tr("&Preset:"));
        m_sectionLabels[5]->setText(tr("Site for rows &without one:"));
    }
    if (const auto* preset =
            model::findInventoryPreset(m_preset->currentData().toString().toStdString()))
        m_presetDescription->setText(presetDescription(*preset));
    m_mapping->setHorizontalHeaderLabels({tr("CSV column"), tr("Imported as"), tr("First value")});
    m_errors->setHeaderLabels({tr("Line"), tr("Column"), tr("Value"), tr("Problem")});
    m_import->setText(tr("&Import"));
    m_buttons->button(QDialogButtonBox::Cancel)->setText(tr("Cancel"));
    for (int row = 0; row < m_mapping->rowCount(); ++row) {
        auto* combo = static_cast<QComboBox*>(m_mapping->cellWidget(row, FieldColumn));
        for (int i = 0; i < combo->count(); ++i)
            combo->setItemText(i, fieldLabel(comboFields()[std::size_t(i)]));
    }
    showDryRun();
}

void InventoryImportDialog::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QDialog::changeEvent(event);
}

QString InventoryImportDialog::file() const {
    return m_path->text().trimmed();
}

void InventoryImportDialog::browse() {
    const QString path = QFileDialog::getOpenFileName(this, tr("Choose an inventory file"),
                                                      QFileInfo(file()).absolutePath(),
                                                      tr("CSV files (*.csv *.txt);;All files (*)"));
    if (!path.isEmpty())
        setFile(path);
}

void InventoryImportDialog::setFile(const QString& path) {
    m_path->setText(path);
    m_path->setProperty("shown", path);
    loadPreview();
    fillMapping();
    scheduleDryRun();
}

void InventoryImportDialog::setPreset(const QString& name) {
    if (const int i = m_preset->findData(name); i >= 0)
        m_preset->setCurrentIndex(i);
}

void InventoryImportDialog::setColumnField(const QString& header, model::InventoryField field) {
    for (int row = 0; row < m_mapping->rowCount(); ++row) {
        if (m_mapping->item(row, HeaderColumn)->text() != header)
            continue;
        auto* combo = static_cast<QComboBox*>(m_mapping->cellWidget(row, FieldColumn));
        const auto& fields = comboFields();
        const auto it = std::find(fields.begin(), fields.end(), field);
        combo->setCurrentIndex(int(it - fields.begin()));
        return;
    }
}

void InventoryImportDialog::setSkipBadRows(bool skip) {
    m_skipBadRows->setChecked(skip);
}

void InventoryImportDialog::loadPreview() {
    m_headers.clear();
    m_firstRow.clear();
    m_previewError.clear();
    m_preview->clear();
    m_preview->setRowCount(0);
    m_preview->setColumnCount(0);
    if (file().isEmpty())
        return;
    auto rows = model::InventoryImport::preview(file().toStdString(), kPreviewRows);
    if (!rows) {
        m_previewError = qs(rows.error().message);
        return;
    }
    const auto& data = rows.value();
    for (const auto& h : data.front())
        m_headers << qs(h);
    if (data.size() > 1)
        for (const auto& v : data[1])
            m_firstRow << qs(v);
    m_preview->setColumnCount(int(m_headers.size()));
    m_preview->setHorizontalHeaderLabels(m_headers);
    m_preview->setRowCount(int(data.size()) - 1);
    for (std::size_t r = 1; r < data.size(); ++r) {
        for (std::size_t c = 0; c < data[r].size() && c < std::size_t(m_headers.size()); ++c) {
            auto* item = new QTableWidgetItem(qs(data[r][c]));
            item->setToolTip(item->text());
            m_preview->setItem(int(r) - 1, int(c), item);
        }
    }
    m_preview->resizeColumnsToContents();
    for (int c = 0; c < m_preview->columnCount(); ++c)
        m_preview->setColumnWidth(c, std::min(m_preview->columnWidth(c), 240));
}

void InventoryImportDialog::fillMapping() {
    m_presetFields.clear();
    const auto* preset =
        model::findInventoryPreset(m_preset->currentData().toString().toStdString());
    m_mapping->setRowCount(int(m_headers.size()));
    const auto& fields = comboFields();
    for (int row = 0; row < m_headers.size(); ++row) {
        const QString& header = m_headers[row];
        InventoryField field = InventoryField::Ignore;
        if (preset) {
            for (const auto& [name, f] : preset->columns) {
                if (lowerTrimmed(qs(name)) == lowerTrimmed(header)) {
                    field = f;
                    break;
                }
            }
        }
        m_presetFields.insert(header, field);
        auto* headerItem = new QTableWidgetItem(header);
        m_mapping->setItem(row, HeaderColumn, headerItem);
        auto* sample = new QTableWidgetItem(m_firstRow.value(row));
        sample->setForeground(palette().placeholderText());
        m_mapping->setItem(row, SampleColumn, sample);
        auto* combo = new QComboBox;
        combo->setObjectName(QStringLiteral("importField:") + header);
        for (InventoryField f : fields)
            combo->addItem(fieldLabel(f), qs(std::string(model::toString(f))));
        combo->setCurrentIndex(
            int(std::find(fields.begin(), fields.end(), field) - fields.begin()));
        connect(combo, &QComboBox::currentIndexChanged, this, [this, headerItem, combo] {
            // Bold marks a column mapped differently from the preset.
            QFont font = headerItem->font();
            font.setBold(comboFields()[std::size_t(combo->currentIndex())] !=
                         m_presetFields.value(headerItem->text()));
            headerItem->setFont(font);
            scheduleDryRun();
        });
        m_mapping->setCellWidget(row, FieldColumn, combo);
    }
    m_mapping->resizeColumnToContents(HeaderColumn);
    m_mapping->resizeColumnToContents(FieldColumn);
}

model::InventoryImportOptions InventoryImportDialog::options() const {
    model::InventoryImportOptions options;
    options.preset = model::findInventoryPreset(m_preset->currentData().toString().toStdString());
    // Only the columns mapped differently from the preset become overrides, so the preset's
    // order among fallback columns (In Use MiB before Provisioned MiB...) still holds.
    for (int row = 0; row < m_mapping->rowCount(); ++row) {
        const QString header = m_mapping->item(row, HeaderColumn)->text();
        const auto* combo = static_cast<QComboBox*>(m_mapping->cellWidget(row, FieldColumn));
        const InventoryField field = comboFields()[std::size_t(combo->currentIndex())];
        if (field != m_presetFields.value(header, InventoryField::Ignore))
            options.columnOverrides[header.toStdString()] = field;
    }
    const QString site = m_defaultSite->currentText().trimmed();
    if (!site.isEmpty())
        options.defaultSite = site.toStdString();
    options.skipBadRows = m_skipBadRows->isChecked();
    options.maxErrors = kMaxListedErrors;
    return options;
}

void InventoryImportDialog::scheduleDryRun() {
    m_import->setEnabled(false);
    if (m_watcher.isRunning()) {
        if (m_cancel)
            m_cancel->store(true);
        m_rerun = true;
        return;
    }
    startDryRun();
}

void InventoryImportDialog::startDryRun() {
    if (file().isEmpty() || !m_previewError.isEmpty()) {
        m_pending = false;
        m_dryRun.reset();
        showDryRun();
        emit dryRunFinished();
        return;
    }
    m_pending = true;
    auto cancel = std::make_shared<std::atomic_bool>(false);
    m_cancel = cancel;
    model::InventoryImportOptions opts = options();
    opts.progress = [cancel](std::uint64_t) { return !cancel->load(); };
    m_summary->setText(tr("Checking every row…"));
    m_watcher.setFuture(QtConcurrent::run(
        [path = file().toStdString(), opts, data = m_document.project().data()]() mutable {
            auto run = std::make_shared<DryRun>();
            run->data = std::move(data);
            run->result = model::InventoryImport::importFile(path, run->data, opts, run->report);
            return run;
        }));
}

void InventoryImportDialog::showDryRun() {
    m_errors->clear();
    m_import->setEnabled(false);
    if (file().isEmpty()) {
        m_summary->setText(tr("Choose a CSV file to see its columns and a preview."));
        return;
    }
    if (!m_previewError.isEmpty()) {
        m_summary->setText(tr("Ferry cannot read this file: %1").arg(m_previewError));
        return;
    }
    if (!m_dryRun)
        return;
    const auto& report = m_dryRun->report;
    QList<QTreeWidgetItem*> items;
    for (const auto& e : report.errors) {
        auto* item = new QTreeWidgetItem;
        item->setText(LineColumn, QString::number(e.line));
        item->setText(ErrorColumnColumn, qs(e.column));
        item->setText(ValueColumn, qs(e.value));
        item->setText(ReasonColumn, qs(e.reason));
        item->setToolTip(ReasonColumn, qs(e.reason));
        items << item;
    }
    m_errors->addTopLevelItems(items);
    m_errors->resizeColumnToContents(LineColumn);

    QString text = tr("%1: %2, %3.", "rows read: imported, rejected")
                       .arg(tr("%n row(s) read", "", int(report.rowsRead)),
                            tr("%n would be imported", "", int(report.rowsImported)),
                            tr("%n rejected", "", int(report.rowsRejected)));
    if (!report.sitesCreated.empty()) {
        QStringList sites;
        for (const auto& s : report.sitesCreated)
            sites << qs(s);
        text += QLatin1Char(' ') + tr("New sites: %1.").arg(sites.join(QStringLiteral(", ")));
    }
    if (!report.unmappedColumns.empty()) {
        QStringList columns;
        for (const auto& c : report.unmappedColumns)
            columns << qs(c);
        text += QLatin1Char(' ') + tr("Not imported: %1.").arg(columns.join(QStringLiteral(", ")));
    }
    if (!m_dryRun->result) {
        text = tr("Nothing would be imported: %1").arg(qs(m_dryRun->result.error().message)) +
               QLatin1Char('\n') + text;
        if (report.rowsRejected > 0 && !m_skipBadRows->isChecked())
            text += QLatin1Char(' ') + tr("Correct the rows listed, or tick \"Skip bad rows\".");
    } else if (report.rowsImported == 0) {
        text += QLatin1Char(' ') + tr("There is nothing to import.");
    }
    m_summary->setText(text);
    m_import->setEnabled(m_dryRun->result.ok() && report.rowsImported > 0 && !m_pending);
}

model::Result<void> InventoryImportDialog::importNow() {
    if (m_pending || !m_dryRun || !m_dryRun->result || m_dryRun->report.rowsImported == 0) {
        return model::Error{"import.not_ready",
                            "The dry run has not finished or found nothing to import; wait for "
                            "it or correct the file.",
                            file().toStdString()};
    }
    const QString text = tr("Import %n workload(s) from %1", "", int(m_dryRun->report.rowsImported))
                             .arg(QFileInfo(file()).fileName());
    auto result = pushEdit(m_document, std::make_unique<ReplaceProjectCommand>(
                                           m_document, text, std::move(m_dryRun->data)));
    m_dryRun.reset();
    if (result)
        accept();
    return result;
}

} // namespace ferry::ui
