#pragma once

#include <ferry/model/Result.hpp>

#include <QHash>
#include <QWidget>

#include <functional>
#include <optional>
#include <string>

class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPushButton;
class QStackedWidget;

namespace ferry::model {
struct Workload;
struct Site;
struct Dependency;
struct ProjectInfo;
} // namespace ferry::model

namespace ferry::ui {

class ProjectDocument;

/// The properties of the selection, edited in place: one workload, site, dependency or link, the
/// project itself when nothing is selected, or several workloads at once (fields left blank
/// keep their values). Every edit is one undo step through the edit commands; a value the model
/// refuses changes nothing and its reason is shown under the field.
class PropertiesPanel : public QWidget {
    Q_OBJECT
public:
    /// What the panel shows.
    enum class Page { Project, Workload, Site, Dependency, Bulk, Mixed, Link };

    explicit PropertiesPanel(ProjectDocument& document, QWidget* parent = nullptr);

    /// The page shown for the current selection.
    Page page() const { return m_page; }
    /// The editor of a field by its name, e.g. "workload.sizeGb" or "bulk.owner" (for tests).
    QWidget* editor(const QString& name) const { return m_editors.value(name); }
    /// The message under a field; empty when its last edit was accepted.
    QString fieldError(const QString& name) const;

public slots:
    /// Apply the filled-in bulk fields to every selected workload, as one undo step.
    model::Result<void> applyBulkEdit();

protected:
    void changeEvent(QEvent* event) override;

private:
    struct Field {
        QWidget* editor = nullptr;
        QLabel* label = nullptr;
        QLabel* error = nullptr;
    };
    /// Parses the editor's text into the object; returns a message when the text is unusable.
    using WorkloadEdit = std::function<std::optional<QString>(model::Workload&)>;
    using SiteEdit = std::function<std::optional<QString>(model::Site&)>;

    QWidget* buildProjectPage();
    QWidget* buildWorkloadPage();
    QWidget* buildSitePage();
    QWidget* buildDependencyPage();
    QWidget* buildBulkPage();
    QWidget* buildMixedPage();
    QWidget* buildLinkPage();
    QLineEdit* addLineEdit(QFormLayout* form, const QString& name);
    QComboBox* addCombo(QFormLayout* form, const QString& name);
    QLabel* addValueLabel(QFormLayout* form, const QString& name);
    void setFieldError(const QString& name, const QString& message);
    void clearFieldErrors();

    void selectionChanged();
    void scheduleRefresh();
    void refresh();
    void refreshProject();
    void refreshWorkload();
    void refreshSite();
    void refreshDependency();
    void refreshBulk();
    void refreshLink();
    void fillSiteCombo(QComboBox* combo, const QString& firstItem, const QString& firstData,
                       const QString& secondItem = {}, const QString& secondData = {});
    void retranslateUi();

    void editProject(const QString& field);
    void editWorkload(const QString& field, const WorkloadEdit& edit);
    void editMapping(const QString& field);
    void editSite(const QString& field, const SiteEdit& edit);
    void editDependency(const QString& field);
    void editLink(const QString& field);
    /// Show the outcome of an edit under field; true when it was accepted.
    bool report(const QString& field, const model::Result<void>& result);

    ProjectDocument& m_document;
    QStackedWidget* m_stack = nullptr;
    QLabel* m_heading = nullptr;
    QLabel* m_bulkHeading = nullptr;
    QLabel* m_bulkError = nullptr;
    QLabel* m_mixedText = nullptr;
    QPushButton* m_bulkApply = nullptr;
    QPushButton* m_bulkClear = nullptr;
    QHash<QString, Field> m_fields;
    QHash<QString, QWidget*> m_editors;
    Page m_page = Page::Project;
    std::string m_objectId; ///< The workload, site or link shown.
    std::string m_dependencyFrom;
    std::string m_dependencyTo;
    bool m_refreshPending = false;
};

} // namespace ferry::ui
