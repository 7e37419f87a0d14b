#pragma once

#include <ferry/model/InventoryImport.hpp>
#include <ferry/model/ProjectData.hpp>

#include <QDialog>
#include <QFutureWatcher>
#include <QHash>

#include <atomic>
#include <memory>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableWidget;
class QTreeWidget;

namespace ferry::ui {

class ProjectDocument;

/// File > Import inventory…: choose a CSV file and a preset, adjust which column fills which
/// field, see the first rows and every row error of a dry run on a copy of the project, then
/// import as one undoable step.
class InventoryImportDialog : public QDialog {
    Q_OBJECT
public:
    /// What a dry run produced: the project as the import would leave it, and its report.
    struct DryRun {
        model::Result<void> result;
        model::ProjectData data;
        model::InventoryImportReport report;
    };

    explicit InventoryImportDialog(ProjectDocument& document, QWidget* parent = nullptr);
    ~InventoryImportDialog() override;

    /// Show a file: its preview, its columns prefilled from the preset, and a dry run.
    void setFile(const QString& path);
    /// The file chosen.
    QString file() const;
    /// Choose a preset by name ("generic", "rvtools", "aws-ads"); refills the column mapping.
    void setPreset(const QString& name);
    /// Map a CSV column (by header) to a field, as the mapping table's combo does.
    void setColumnField(const QString& header, model::InventoryField field);
    /// Import the good rows and report the bad ones instead of refusing the whole file.
    void setSkipBadRows(bool skip);

    /// The options the current choices make (preset, column overrides, site, skip).
    model::InventoryImportOptions options() const;
    /// The last finished dry run; nullptr before the first.
    const DryRun* dryRun() const { return m_dryRun.get(); }
    /// True while a dry run is scheduled or running.
    bool dryRunPending() const { return m_pending; }

    /// The column mapping table (for tests).
    QTableWidget* mappingTable() const { return m_mapping; }
    /// The preview of the first rows (for tests).
    QTableWidget* previewTable() const { return m_preview; }
    /// The list of row errors (for tests).
    QTreeWidget* errorList() const { return m_errors; }

public slots:
    /// Import what the last dry run showed, as one undo step; closes the dialog on success.
    model::Result<void> importNow();

signals:
    /// A dry run finished (its results are in dryRun()).
    void dryRunFinished();

protected:
    void changeEvent(QEvent* event) override;

private:
    void browse();
    void loadPreview();
    void fillMapping();
    void scheduleDryRun();
    void startDryRun();
    void showDryRun();
    void retranslateUi();

    ProjectDocument& m_document;
    QLineEdit* m_path = nullptr;
    QPushButton* m_browse = nullptr;
    QComboBox* m_preset = nullptr;
    QLabel* m_presetDescription = nullptr;
    QComboBox* m_defaultSite = nullptr;
    QCheckBox* m_skipBadRows = nullptr;
    QTableWidget* m_mapping = nullptr;
    QTableWidget* m_preview = nullptr;
    QTreeWidget* m_errors = nullptr;
    QLabel* m_summary = nullptr;
    QDialogButtonBox* m_buttons = nullptr;
    QPushButton* m_import = nullptr;
    QList<QLabel*> m_sectionLabels;

    QStringList m_headers;
    QStringList m_firstRow;
    QHash<QString, model::InventoryField> m_presetFields; ///< header -> the preset's field.
    QString m_previewError;

    QFutureWatcher<std::shared_ptr<DryRun>> m_watcher;
    std::shared_ptr<std::atomic_bool> m_cancel;
    std::shared_ptr<DryRun> m_dryRun;
    bool m_pending = false;
    bool m_rerun = false;
};

} // namespace ferry::ui
