#include <ferry/model/Link.hpp>
#include <ferry/ui/PropertiesPanel.hpp>
#include <ferry/ui/Selection.hpp>

#include <ferry/model/Project.hpp>
#include <ferry/ui/EditCommands.hpp>
#include <ferry/ui/EnumLabels.hpp>
#include <ferry/ui/ProjectDocument.hpp>

#include <QComboBox>
#include <QEvent>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QRegularExpression>
#include <QScrollArea>
#include <QSignalBlocker>
#include <QStackedWidget>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>
#include <array>
#include <cmath>

namespace ferry::ui {
namespace {

QString qs(const std::string& text) {
    return QString::fromStdString(text);
}
std::string ss(const QString& text) {
    return text.trimmed().toStdString();
}

/// Marker data of a combo's "leave as it is" and "not mapped" items.
const QString kKeep = QStringLiteral("\x01keep");
const QString kUnmapped = QStringLiteral("\x01unmapped");

/// Changes the project's name, description or currency (the edit commands have no such step).
class SetProjectInfoCommand : public EditCommand {
public:
    SetProjectInfoCommand(ProjectDocument& document, model::ProjectInfo info)
        : EditCommand(document, PropertiesPanel::tr("Edit project details")),
          m_after(std::move(info)) {}
    model::Result<void> apply(model::Project& project) override {
        m_before = project.info();
        return project.requestSetInfo(m_after);
    }
    model::Result<void> revert(model::Project& project) override {
        return project.requestSetInfo(m_before);
    }

private:
    model::ProjectInfo m_after;
    model::ProjectInfo m_before;
};

QString formatNumber(double value) {
    return QLocale().toString(value, 'g', QLocale::FloatingPointShortest);
}

/// A number typed in the user's locale or with a plain decimal point; empty -> nullopt.
std::optional<double> parseNumber(const QString& text) {
    const QString t = text.trimmed();
    bool ok = false;
    double value = QLocale().toDouble(t, &ok);
    if (!ok)
        value = QLocale::c().toDouble(t, &ok);
    if (!ok || !std::isfinite(value))
        return std::nullopt;
    return value;
}

/// Checks a number field; the message says what to type instead.
std::optional<QString> readNumber(const QString& text, double& out) {
    const auto value = parseNumber(text);
    if (!value)
        return PropertiesPanel::tr("Enter a number, such as 120 or 0.5.");
    if (*value < 0)
        return PropertiesPanel::tr("Enter zero or a positive number.");
    out = *value;
    return std::nullopt;
}

std::optional<QString> readWholeNumber(const QString& text, int& out) {
    const auto value = parseNumber(text);
    if (!value || *value != std::floor(*value) || std::abs(*value) > 1e9)
        return PropertiesPanel::tr("Enter a whole number, such as 8.");
    if (*value < 0)
        return PropertiesPanel::tr("Enter zero or a positive number.");
    out = int(*value);
    return std::nullopt;
}

std::vector<std::string> splitTags(const QString& text) {
    std::vector<std::string> tags;
    for (const QString& t :
         text.split(QRegularExpression(QStringLiteral("[,;]")), Qt::SkipEmptyParts)) {
        if (!t.trimmed().isEmpty())
            tags.push_back(ss(t));
    }
    return tags;
}

QString joinTags(const std::vector<std::string>& tags) {
    QStringList list;
    for (const auto& t : tags)
        list << qs(t);
    return list.join(QStringLiteral(", "));
}

QString formatUtcOffset(int minutes) {
    const QChar sign = minutes < 0 ? QLatin1Char('-') : QLatin1Char('+');
    const int m = std::abs(minutes);
    return QStringLiteral("UTC%1%2:%3")
        .arg(sign)
        .arg(m / 60, 2, 10, QLatin1Char('0'))
        .arg(m % 60, 2, 10, QLatin1Char('0'));
}

/// "+08:00", "UTC-5", "5.5", "-03:30" -> minutes.
std::optional<int> parseUtcOffset(QString text) {
    text = text.trimmed();
    if (text.startsWith(QStringLiteral("UTC"), Qt::CaseInsensitive))
        text = text.mid(3).trimmed();
    if (text.isEmpty())
        return 0;
    static const QRegularExpression hhmm(QStringLiteral("^([+-]?)(\\d{1,2}):(\\d{2})$"));
    if (const auto m = hhmm.match(text); m.hasMatch()) {
        const int minutes = m.captured(2).toInt() * 60 + m.captured(3).toInt();
        if (m.captured(3).toInt() >= 60)
            return std::nullopt;
        return m.captured(1) == QStringLiteral("-") ? -minutes : minutes;
    }
    const auto hours = parseNumber(text);
    if (!hours)
        return std::nullopt;
    return int(std::lround(*hours * 60));
}

template <typename Enum, std::size_t N>
void fillEnumCombo(QComboBox* combo, const std::array<Enum, N>& values, QString (*label)(Enum),
                   const QString& keepText = {}) {
    const QVariant current = combo->currentData();
    const QSignalBlocker block(combo);
    combo->clear();
    if (!keepText.isEmpty())
        combo->addItem(keepText, kKeep);
    for (Enum v : values)
        combo->addItem(label(v), QString::fromUtf8(model::toString(v).data()));
    if (const int i = combo->findData(current); i >= 0)
        combo->setCurrentIndex(i);
}

void selectData(QComboBox* combo, const QString& data) {
    const QSignalBlocker block(combo);
    const int i = combo->findData(data);
    combo->setCurrentIndex(i >= 0 ? i : 0);
}

QString comboValue(const QComboBox* combo) {
    return combo->currentData().toString();
}

/// The translated label of each field, by field name.
QString fieldLabel(const QString& name) {
    static const QHash<QString, const char*> labels{
        {"project.name", QT_TRANSLATE_NOOP("ferry::ui::PropertiesPanel", "Name")},
        {"project.description", QT_TRANSLATE_NOOP("ferry::ui::PropertiesPanel", "Description")},
        {"project.currency", QT_TRANSLATE_NOOP("ferry::ui::PropertiesPanel", "Currency")},
        {"workload.id", QT_TRANSLATE_NOOP("ferry::ui::PropertiesPanel", "Id")},
        {"workload.name", QT_TRANSLATE_NOOP("ferry::ui::PropertiesPanel", "Name")},
        {"workload.kind", QT_TRANSLATE_NOOP("ferry::ui::PropertiesPanel", "Kind")},
        {"workload.site", QT_TRANSLATE_NOOP("ferry::ui::PropertiesPanel", "Site")},
        {"workload.sizeGb", QT_TRANSLATE_NOOP("ferry::ui::PropertiesPanel", "Size (GB)")},
        {"workload.changeRate",
         QT_TRANSLATE_NOOP("ferry::ui::PropertiesPanel", "Change rate (GB/day)")},
        {"workload.vcpu", QT_TRANSLATE_NOOP("ferry::ui::PropertiesPanel", "vCPU")},
        {"workload.memoryGb", QT_TRANSLATE_NOOP("ferry::ui::PropertiesPanel", "Memory (GB)")},
        {"workload.monthlyCost", QT_TRANSLATE_NOOP("ferry::ui::PropertiesPanel", "Monthly cost")},
        {"workload.criticality", QT_TRANSLATE_NOOP("ferry::ui::PropertiesPanel", "Criticality")},
        {"workload.owner", QT_TRANSLATE_NOOP("ferry::ui::PropertiesPanel", "Owner")},
        {"workload.tags", QT_TRANSLATE_NOOP("ferry::ui::PropertiesPanel", "Tags")},
        {"workload.endpoint", QT_TRANSLATE_NOOP("ferry::ui::PropertiesPanel", "Data endpoint")},
        {"mapping.targetSite", QT_TRANSLATE_NOOP("ferry::ui::PropertiesPanel", "Target site")},
        {"mapping.strategy", QT_TRANSLATE_NOOP("ferry::ui::PropertiesPanel", "Strategy")},
        {"mapping.targetService",
         QT_TRANSLATE_NOOP("ferry::ui::PropertiesPanel", "Target service")},
        {"site.id", QT_TRANSLATE_NOOP("ferry::ui::PropertiesPanel", "Id")},
        {"site.name", QT_TRANSLATE_NOOP("ferry::ui::PropertiesPanel", "Name")},
        {"site.provider", QT_TRANSLATE_NOOP("ferry::ui::PropertiesPanel", "Provider")},
        {"site.region", QT_TRANSLATE_NOOP("ferry::ui::PropertiesPanel", "Region")},
        {"site.utcOffset", QT_TRANSLATE_NOOP("ferry::ui::PropertiesPanel", "Time zone")},
        {"dependency.from", QT_TRANSLATE_NOOP("ferry::ui::PropertiesPanel", "Dependent")},
        {"dependency.to", QT_TRANSLATE_NOOP("ferry::ui::PropertiesPanel", "Depends on")},
        {"dependency.traffic", QT_TRANSLATE_NOOP("ferry::ui::PropertiesPanel", "Traffic (GB/day)")},
        {"dependency.policy", QT_TRANSLATE_NOOP("ferry::ui::PropertiesPanel", "Wave policy")},
        {"link.from", QT_TRANSLATE_NOOP("ferry::ui::PropertiesPanel", "From")},
        {"link.to", QT_TRANSLATE_NOOP("ferry::ui::PropertiesPanel", "To")},
        {"link.bandwidth", QT_TRANSLATE_NOOP("ferry::ui::PropertiesPanel", "Bandwidth (Mbit/s)")},
        {"link.latency", QT_TRANSLATE_NOOP("ferry::ui::PropertiesPanel", "Latency (ms)")},
        {"link.egress", QT_TRANSLATE_NOOP("ferry::ui::PropertiesPanel", "Egress price per GB")},
        {"bulk.kind", QT_TRANSLATE_NOOP("ferry::ui::PropertiesPanel", "Kind")},
        {"bulk.site", QT_TRANSLATE_NOOP("ferry::ui::PropertiesPanel", "Site")},
        {"bulk.criticality", QT_TRANSLATE_NOOP("ferry::ui::PropertiesPanel", "Criticality")},
        {"bulk.owner", QT_TRANSLATE_NOOP("ferry::ui::PropertiesPanel", "Owner")},
        {"bulk.tags", QT_TRANSLATE_NOOP("ferry::ui::PropertiesPanel", "Tags")},
        {"bulk.changeRate",
         QT_TRANSLATE_NOOP("ferry::ui::PropertiesPanel", "Change rate (GB/day)")},
        {"bulk.monthlyCost", QT_TRANSLATE_NOOP("ferry::ui::PropertiesPanel", "Monthly cost")},
        {"bulk.targetSite", QT_TRANSLATE_NOOP("ferry::ui::PropertiesPanel", "Target site")},
        {"bulk.strategy", QT_TRANSLATE_NOOP("ferry::ui::PropertiesPanel", "Strategy")},
    };
    return PropertiesPanel::tr(labels.value(name, ""));
}

/// Parses "from->to" into an existing dependency's ends.
std::optional<std::pair<std::string, std::string>> dependencyEnds(const model::Project& project,
                                                                  const QString& id) {
    for (qsizetype at = id.indexOf(QStringLiteral("->")); at >= 0;
         at = id.indexOf(QStringLiteral("->"), at + 1)) {
        const std::string from = id.left(at).toStdString();
        const std::string to = id.mid(at + 2).toStdString();
        if (project.findDependency(from, to))
            return std::pair{from, to};
    }
    return std::nullopt;
}

} // namespace

PropertiesPanel::PropertiesPanel(ProjectDocument& document, QWidget* parent)
    : QWidget(parent), m_document(document) {
    m_heading = new QLabel(this);
    m_heading->setObjectName("propertiesHeading");
    QFont headingFont = m_heading->font();
    headingFont.setBold(true);
    m_heading->setFont(headingFont);
    m_heading->setWordWrap(true);

    m_stack = new QStackedWidget(this);
    m_stack->addWidget(buildProjectPage());    // Page::Project
    m_stack->addWidget(buildWorkloadPage());   // Page::Workload
    m_stack->addWidget(buildSitePage());       // Page::Site
    m_stack->addWidget(buildDependencyPage()); // Page::Dependency
    m_stack->addWidget(buildBulkPage());       // Page::Bulk
    m_stack->addWidget(buildMixedPage());      // Page::Mixed
    m_stack->addWidget(buildLinkPage());       // Page::Link

    auto* scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(m_stack);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 8);
    layout->addWidget(m_heading);
    layout->addWidget(scroll, 1);

    connect(&m_document.selection(), &Selection::changed, this, &PropertiesPanel::selectionChanged);
    connect(&m_document, &ProjectDocument::changed, this, &PropertiesPanel::scheduleRefresh);

    retranslateUi();
    selectionChanged();
}

// ---- building ----------------------------------------------------------------------------------

QLineEdit* PropertiesPanel::addLineEdit(QFormLayout* form, const QString& name) {
    auto* edit = new QLineEdit;
    edit->setObjectName(name);
    auto* error = new QLabel;
    error->setObjectName(name + QStringLiteral(".error"));
    error->setWordWrap(true);
    error->setStyleSheet(QStringLiteral("color: #b91c1c;"));
    error->hide();
    auto* box = new QWidget;
    auto* v = new QVBoxLayout(box);
    v->setContentsMargins(0, 0, 0, 0);
    v->setSpacing(2);
    v->addWidget(edit);
    v->addWidget(error);
    auto* label = new QLabel;
    label->setBuddy(edit);
    form->addRow(label, box);
    m_fields.insert(name, Field{edit, label, error});
    m_editors.insert(name, edit);
    return edit;
}

QComboBox* PropertiesPanel::addCombo(QFormLayout* form, const QString& name) {
    auto* combo = new QComboBox;
    combo->setObjectName(name);
    combo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    combo->setMinimumContentsLength(8);
    auto* error = new QLabel;
    error->setObjectName(name + QStringLiteral(".error"));
    error->setWordWrap(true);
    error->setStyleSheet(QStringLiteral("color: #b91c1c;"));
    error->hide();
    auto* box = new QWidget;
    auto* v = new QVBoxLayout(box);
    v->setContentsMargins(0, 0, 0, 0);
    v->setSpacing(2);
    v->addWidget(combo);
    v->addWidget(error);
    auto* label = new QLabel;
    label->setBuddy(combo);
    form->addRow(label, box);
    m_fields.insert(name, Field{combo, label, error});
    m_editors.insert(name, combo);
    return combo;
}

QLabel* PropertiesPanel::addValueLabel(QFormLayout* form, const QString& name) {
    auto* value = new QLabel;
    value->setObjectName(name);
    value->setTextInteractionFlags(Qt::TextSelectableByMouse);
    value->setWordWrap(true);
    auto* label = new QLabel;
    form->addRow(label, value);
    m_fields.insert(name, Field{value, label, nullptr});
    m_editors.insert(name, value);
    return value;
}

namespace {
QFormLayout* newForm(QWidget* page) {
    auto* form = new QFormLayout(page);
    form->setContentsMargins(0, 4, 0, 0);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->setRowWrapPolicy(QFormLayout::DontWrapRows);
    return form;
}
} // namespace

QWidget* PropertiesPanel::buildProjectPage() {
    auto* page = new QWidget;
    auto* form = newForm(page);
    for (const char* name : {"project.name", "project.description", "project.currency"}) {
        const QString field = QString::fromLatin1(name);
        connect(addLineEdit(form, field), &QLineEdit::editingFinished, this,
                [this, field] { editProject(field); });
    }
    return page;
}

QWidget* PropertiesPanel::buildWorkloadPage() {
    auto* page = new QWidget;
    auto* form = newForm(page);
    addValueLabel(form, "workload.id");

    auto text = [this](QFormLayout* f, const QString& name, auto apply) {
        QLineEdit* edit = addLineEdit(f, name);
        connect(edit, &QLineEdit::editingFinished, this, [this, name, edit, apply] {
            editWorkload(name,
                         [edit, apply](model::Workload& w) { return apply(w, edit->text()); });
        });
    };
    auto combo = [this](QFormLayout* f, const QString& name, auto apply) {
        QComboBox* box = addCombo(f, name);
        connect(box, &QComboBox::activated, this, [this, name, box, apply] {
            editWorkload(name,
                         [box, apply](model::Workload& w) { return apply(w, comboValue(box)); });
        });
    };
    using Opt = std::optional<QString>;
    text(form, "workload.name", [](model::Workload& w, const QString& t) -> Opt {
        if (t.trimmed().isEmpty())
            return PropertiesPanel::tr("Enter a name.");
        w.name = ss(t);
        return std::nullopt;
    });
    combo(form, "workload.kind", [](model::Workload& w, const QString& v) -> Opt {
        w.kind = model::workloadKindFromString(v.toStdString()).value_or(w.kind);
        return std::nullopt;
    });
    combo(form, "workload.site", [](model::Workload& w, const QString& v) -> Opt {
        w.site = v.toStdString();
        return std::nullopt;
    });
    text(form, "workload.sizeGb",
         [](model::Workload& w, const QString& t) { return readNumber(t, w.sizeGb); });
    text(form, "workload.changeRate",
         [](model::Workload& w, const QString& t) { return readNumber(t, w.changeRateGbPerDay); });
    text(form, "workload.vcpu",
         [](model::Workload& w, const QString& t) { return readWholeNumber(t, w.vcpu); });
    text(form, "workload.memoryGb",
         [](model::Workload& w, const QString& t) { return readNumber(t, w.memoryGb); });
    text(form, "workload.monthlyCost",
         [](model::Workload& w, const QString& t) { return readNumber(t, w.monthlyCost); });
    combo(form, "workload.criticality", [](model::Workload& w, const QString& v) -> Opt {
        w.criticality = model::criticalityFromString(v.toStdString()).value_or(w.criticality);
        return std::nullopt;
    });
    text(form, "workload.owner", [](model::Workload& w, const QString& t) -> Opt {
        w.owner = ss(t);
        return std::nullopt;
    });
    text(form, "workload.tags", [](model::Workload& w, const QString& t) -> Opt {
        w.tags = splitTags(t);
        return std::nullopt;
    });
    text(form, "workload.endpoint", [](model::Workload& w, const QString& t) -> Opt {
        w.endpoint = ss(t);
        return std::nullopt;
    });

    auto* target = new QLabel;
    target->setObjectName("mappingSection");
    QFont bold = target->font();
    bold.setBold(true);
    target->setFont(bold);
    form->addRow(target);
    connect(addCombo(form, "mapping.targetSite"), &QComboBox::activated, this,
            [this] { editMapping("mapping.targetSite"); });
    connect(addCombo(form, "mapping.strategy"), &QComboBox::activated, this,
            [this] { editMapping("mapping.strategy"); });
    connect(addLineEdit(form, "mapping.targetService"), &QLineEdit::editingFinished, this,
            [this] { editMapping("mapping.targetService"); });
    return page;
}

QWidget* PropertiesPanel::buildSitePage() {
    auto* page = new QWidget;
    auto* form = newForm(page);
    addValueLabel(form, "site.id");
    using Opt = std::optional<QString>;
    auto text = [this, form](const QString& name, std::function<Opt(model::Site&, QString)> f) {
        QLineEdit* edit = addLineEdit(form, name);
        connect(edit, &QLineEdit::editingFinished, this, [this, name, edit, f] {
            editSite(name, [edit, f](model::Site& s) { return f(s, edit->text()); });
        });
    };
    text("site.name", [](model::Site& s, const QString& t) -> Opt {
        if (t.trimmed().isEmpty())
            return PropertiesPanel::tr("Enter a name.");
        s.name = ss(t);
        return std::nullopt;
    });
    QComboBox* provider = addCombo(form, "site.provider");
    connect(provider, &QComboBox::activated, this, [this, provider] {
        editSite("site.provider", [provider](model::Site& s) -> Opt {
            s.provider =
                model::providerFromString(comboValue(provider).toStdString()).value_or(s.provider);
            return std::nullopt;
        });
    });
    text("site.region", [](model::Site& s, const QString& t) -> Opt {
        s.region = ss(t);
        return std::nullopt;
    });
    text("site.utcOffset", [](model::Site& s, const QString& t) -> Opt {
        const auto minutes = parseUtcOffset(t);
        if (!minutes || *minutes < -12 * 60 || *minutes > 14 * 60)
            return PropertiesPanel::tr("Enter an offset from UTC between -12:00 and +14:00, such "
                                       "as +08:00.");
        s.utcOffsetMinutes = *minutes;
        return std::nullopt;
    });
    return page;
}

QWidget* PropertiesPanel::buildDependencyPage() {
    auto* page = new QWidget;
    auto* form = newForm(page);
    addValueLabel(form, "dependency.from");
    addValueLabel(form, "dependency.to");
    connect(addLineEdit(form, "dependency.traffic"), &QLineEdit::editingFinished, this,
            [this] { editDependency("dependency.traffic"); });
    connect(addCombo(form, "dependency.policy"), &QComboBox::activated, this,
            [this] { editDependency("dependency.policy"); });
    return page;
}

QWidget* PropertiesPanel::buildLinkPage() {
    auto* page = new QWidget;
    auto* form = newForm(page);
    addValueLabel(form, "link.from");
    addValueLabel(form, "link.to");
    for (const char* name : {"link.bandwidth", "link.latency", "link.egress"})
        connect(addLineEdit(form, name), &QLineEdit::editingFinished, this,
                [this, name] { editLink(QString::fromLatin1(name)); });
    return page;
}

QWidget* PropertiesPanel::buildBulkPage() {
    auto* page = new QWidget;
    auto* v = new QVBoxLayout(page);
    v->setContentsMargins(0, 0, 0, 0);
    m_bulkHeading = new QLabel;
    m_bulkHeading->setWordWrap(true);
    v->addWidget(m_bulkHeading);
    auto* formBox = new QWidget;
    auto* form = newForm(formBox);
    addCombo(form, "bulk.kind");
    addCombo(form, "bulk.site");
    addCombo(form, "bulk.criticality");
    addLineEdit(form, "bulk.owner");
    addLineEdit(form, "bulk.tags");
    addLineEdit(form, "bulk.changeRate");
    addLineEdit(form, "bulk.monthlyCost");
    addCombo(form, "bulk.targetSite");
    addCombo(form, "bulk.strategy");
    v->addWidget(formBox);
    m_bulkError = new QLabel;
    m_bulkError->setObjectName("bulk.error");
    m_bulkError->setWordWrap(true);
    m_bulkError->setStyleSheet(QStringLiteral("color: #b91c1c;"));
    m_bulkError->hide();
    v->addWidget(m_bulkError);
    auto* buttons = new QHBoxLayout;
    m_bulkClear = new QPushButton;
    m_bulkApply = new QPushButton;
    m_bulkApply->setObjectName("bulk.apply");
    m_bulkApply->setDefault(true);
    buttons->addStretch(1);
    buttons->addWidget(m_bulkClear);
    buttons->addWidget(m_bulkApply);
    v->addLayout(buttons);
    v->addStretch(1);
    connect(m_bulkApply, &QPushButton::clicked, this, [this] { (void)applyBulkEdit(); });
    connect(m_bulkClear, &QPushButton::clicked, this, [this] {
        for (const char* name : {"bulk.owner", "bulk.tags", "bulk.changeRate", "bulk.monthlyCost"})
            static_cast<QLineEdit*>(m_editors.value(name))->clear();
        for (const char* name :
             {"bulk.kind", "bulk.site", "bulk.criticality", "bulk.targetSite", "bulk.strategy"})
            static_cast<QComboBox*>(m_editors.value(name))->setCurrentIndex(0);
        clearFieldErrors();
    });
    return page;
}

QWidget* PropertiesPanel::buildMixedPage() {
    auto* page = new QWidget;
    auto* v = new QVBoxLayout(page);
    m_mixedText = new QLabel;
    m_mixedText->setWordWrap(true);
    v->addWidget(m_mixedText);
    v->addStretch(1);
    return page;
}

// ---- translation -------------------------------------------------------------------------------

void PropertiesPanel::retranslateUi() {
    for (auto it = m_fields.begin(); it != m_fields.end(); ++it)
        it->label->setText(fieldLabel(it.key()) + QLatin1Char(':'));
    if (auto* section = findChild<QLabel*>("mappingSection"))
        section->setText(tr("Migration target"));

    auto combo = [this](const char* name) {
        return static_cast<QComboBox*>(m_editors.value(name));
    };
    const QString keep = tr("(leave as it is)");
    fillEnumCombo(combo("workload.kind"), model::kAllWorkloadKinds, &EnumLabels::kind);
    fillEnumCombo(combo("workload.criticality"), model::kAllCriticalities,
                  &EnumLabels::criticality);
    fillEnumCombo(combo("mapping.strategy"), model::kAllStrategies, &EnumLabels::strategy);
    fillEnumCombo(combo("site.provider"), model::kAllProviders, &EnumLabels::provider);
    fillEnumCombo(combo("dependency.policy"), model::kAllDependencyPolicies, &EnumLabels::policy);
    fillEnumCombo(combo("bulk.kind"), model::kAllWorkloadKinds, &EnumLabels::kind, keep);
    fillEnumCombo(combo("bulk.criticality"), model::kAllCriticalities, &EnumLabels::criticality,
                  keep);
    fillEnumCombo(combo("bulk.strategy"), model::kAllStrategies, &EnumLabels::strategy, keep);

    auto edit = [this](const char* name) { return static_cast<QLineEdit*>(m_editors.value(name)); };
    edit("workload.tags")->setPlaceholderText(tr("Comma-separated, e.g. pci, tier-1"));
    edit("workload.endpoint")->setPlaceholderText(tr("e.g. s3://bucket/prefix"));
    edit("mapping.targetService")->setPlaceholderText(tr("e.g. ec2:m6i.large, rds-postgresql"));
    edit("site.utcOffset")->setPlaceholderText(tr("e.g. +08:00"));
    edit("link.egress")->setPlaceholderText(tr("The provider's price"));
    for (const char* name : {"bulk.owner", "bulk.tags", "bulk.changeRate", "bulk.monthlyCost"})
        edit(name)->setPlaceholderText(keep);
    edit("bulk.tags")->setToolTip(tr("Replaces the tags of every selected workload."));
    combo("bulk.strategy")->setToolTip(tr("Applies to the workloads that have a target."));
    m_bulkApply->setText(tr("&Apply to selected"));
    m_bulkApply->setToolTip(tr("Change every selected workload as one step (Edit > Undo reverts "
                               "it)."));
    m_bulkClear->setText(tr("C&lear"));
    m_bulkClear->setToolTip(tr("Empty the fields without changing anything."));
    refresh();
}

void PropertiesPanel::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

// ---- errors ------------------------------------------------------------------------------------

QString PropertiesPanel::fieldError(const QString& name) const {
    const Field field = m_fields.value(name);
    return field.error && !field.error->isHidden() ? field.error->text() : QString();
}

void PropertiesPanel::setFieldError(const QString& name, const QString& message) {
    const Field field = m_fields.value(name);
    if (!field.error)
        return;
    field.error->setText(message);
    field.error->setVisible(!message.isEmpty());
}

void PropertiesPanel::clearFieldErrors() {
    for (const Field& field : std::as_const(m_fields)) {
        if (field.error)
            field.error->hide();
    }
    m_bulkError->hide();
}

bool PropertiesPanel::report(const QString& field, const model::Result<void>& result) {
    setFieldError(field, result ? QString() : qs(result.error().message));
    return result.ok();
}

// ---- selection and refresh ---------------------------------------------------------------------

void PropertiesPanel::selectionChanged() {
    const QStringList ids = m_document.selection().ids();
    const auto& project = m_document.project();
    clearFieldErrors();
    m_objectId.clear();
    if (ids.isEmpty()) {
        m_page = Page::Project;
    } else if (ids.size() == 1 && project.findWorkload(ids.front().toStdString())) {
        m_page = Page::Workload;
        m_objectId = ids.front().toStdString();
    } else if (ids.size() == 1 && project.findSite(ids.front().toStdString())) {
        m_page = Page::Site;
        m_objectId = ids.front().toStdString();
    } else if (ids.size() == 1 && !Selection::linkOf(ids.front()).isEmpty() &&
               project.findLink(Selection::linkOf(ids.front()).toStdString())) {
        m_page = Page::Link;
        m_objectId = Selection::linkOf(ids.front()).toStdString();
    } else if (ids.size() == 1 && dependencyEnds(project, ids.front())) {
        m_page = Page::Dependency;
        std::tie(m_dependencyFrom, m_dependencyTo) = *dependencyEnds(project, ids.front());
    } else {
        const bool allWorkloads = std::all_of(ids.begin(), ids.end(), [&](const QString& id) {
            return project.findWorkload(id.toStdString()) != nullptr;
        });
        m_page = allWorkloads ? Page::Bulk : Page::Mixed;
    }
    m_stack->setCurrentIndex(int(m_page));
    refresh();
}

void PropertiesPanel::scheduleRefresh() {
    if (m_refreshPending)
        return;
    m_refreshPending = true;
    // Coalesces a burst of notifications (a drag, a bulk edit) into one refresh.
    QTimer::singleShot(0, this, [this] {
        m_refreshPending = false;
        // The object shown may be gone (deleted, undone, replaced by an import).
        const auto& project = m_document.project();
        const bool gone = (m_page == Page::Workload && !project.findWorkload(m_objectId)) ||
                          (m_page == Page::Site && !project.findSite(m_objectId)) ||
                          (m_page == Page::Link && !project.findLink(m_objectId)) ||
                          (m_page == Page::Dependency &&
                           !project.findDependency(m_dependencyFrom, m_dependencyTo));
        if (gone)
            selectionChanged();
        else
            refresh();
    });
}

void PropertiesPanel::refresh() {
    switch (m_page) {
    case Page::Project:
        refreshProject();
        break;
    case Page::Workload:
        refreshWorkload();
        break;
    case Page::Site:
        refreshSite();
        break;
    case Page::Dependency:
        refreshDependency();
        break;
    case Page::Bulk:
        refreshBulk();
        break;
    case Page::Link:
        refreshLink();
        break;
    case Page::Mixed:
        m_heading->setText(
            tr("%n object(s) selected", "", int(m_document.selection().ids().size())));
        m_mixedText->setText(tr("Select a single object to edit it, or only workloads to edit "
                                "them together."));
        break;
    }
}

namespace {
void setText(QWidget* editor, const QString& text) {
    if (auto* edit = qobject_cast<QLineEdit*>(editor)) {
        if (edit->text() != text) {
            const QSignalBlocker block(edit);
            edit->setText(text);
            edit->setCursorPosition(0);
        }
    } else if (auto* label = qobject_cast<QLabel*>(editor)) {
        label->setText(text);
    }
}
} // namespace

void PropertiesPanel::fillSiteCombo(QComboBox* combo, const QString& firstItem,
                                    const QString& firstData, const QString& secondItem,
                                    const QString& secondData) {
    const QString current = comboValue(combo);
    const QSignalBlocker block(combo);
    combo->clear();
    if (!firstItem.isEmpty())
        combo->addItem(firstItem, firstData);
    if (!secondItem.isEmpty())
        combo->addItem(secondItem, secondData);
    for (const auto& site : m_document.project().sites()) {
        combo->addItem(site.name.empty() ? qs(site.id)
                                         : tr("%1 (%2)").arg(qs(site.name), qs(site.id)),
                       qs(site.id));
    }
    const int i = combo->findData(current);
    combo->setCurrentIndex(i >= 0 ? i : 0);
}

void PropertiesPanel::refreshProject() {
    const auto& info = m_document.project().info();
    m_heading->setText(tr("Project"));
    setText(m_editors["project.name"], qs(info.name));
    setText(m_editors["project.description"], qs(info.description));
    setText(m_editors["project.currency"], qs(info.currency));
}

void PropertiesPanel::refreshWorkload() {
    const auto& project = m_document.project();
    const model::Workload* w = project.findWorkload(m_objectId);
    if (!w)
        return;
    m_heading->setText(tr("Workload: %1").arg(qs(w->name.empty() ? w->id : w->name)));
    setText(m_editors["workload.id"], qs(w->id));
    setText(m_editors["workload.name"], qs(w->name));
    selectData(static_cast<QComboBox*>(m_editors["workload.kind"]),
               QString::fromUtf8(model::toString(w->kind).data()));
    auto* site = static_cast<QComboBox*>(m_editors["workload.site"]);
    fillSiteCombo(site, {}, {});
    if (site->findData(qs(w->site)) < 0) {
        const QSignalBlocker block(site);
        site->insertItem(0, tr("%1 (unknown site)").arg(qs(w->site)), qs(w->site));
    }
    selectData(site, qs(w->site));
    setText(m_editors["workload.sizeGb"], formatNumber(w->sizeGb));
    setText(m_editors["workload.changeRate"], formatNumber(w->changeRateGbPerDay));
    setText(m_editors["workload.vcpu"], QLocale().toString(w->vcpu));
    setText(m_editors["workload.memoryGb"], formatNumber(w->memoryGb));
    setText(m_editors["workload.monthlyCost"], formatNumber(w->monthlyCost));
    selectData(static_cast<QComboBox*>(m_editors["workload.criticality"]),
               QString::fromUtf8(model::toString(w->criticality).data()));
    setText(m_editors["workload.owner"], qs(w->owner));
    setText(m_editors["workload.tags"], joinTags(w->tags));
    setText(m_editors["workload.endpoint"], qs(w->endpoint));

    const model::Mapping* m = project.findMapping(w->id);
    auto* target = static_cast<QComboBox*>(m_editors["mapping.targetSite"]);
    fillSiteCombo(target, tr("Not mapped"), kUnmapped);
    selectData(target, m ? qs(m->targetSite) : kUnmapped);
    auto* strategy = static_cast<QComboBox*>(m_editors["mapping.strategy"]);
    selectData(strategy, QString::fromUtf8(
                             model::toString(m ? m->strategy : model::Strategy::Rehost).data()));
    setText(m_editors["mapping.targetService"], m ? qs(m->targetService) : QString());
    strategy->setEnabled(m != nullptr);
    m_editors["mapping.targetService"]->setEnabled(m != nullptr);
}

void PropertiesPanel::refreshSite() {
    const model::Site* s = m_document.project().findSite(m_objectId);
    if (!s)
        return;
    m_heading->setText(tr("Site: %1").arg(qs(s->name.empty() ? s->id : s->name)));
    setText(m_editors["site.id"], qs(s->id));
    setText(m_editors["site.name"], qs(s->name));
    selectData(static_cast<QComboBox*>(m_editors["site.provider"]),
               QString::fromUtf8(model::toString(s->provider).data()));
    setText(m_editors["site.region"], qs(s->region));
    setText(m_editors["site.utcOffset"], formatUtcOffset(s->utcOffsetMinutes));
}

void PropertiesPanel::refreshDependency() {
    const auto& project = m_document.project();
    const model::Dependency* d = project.findDependency(m_dependencyFrom, m_dependencyTo);
    if (!d)
        return;
    auto name = [&](const std::string& id) {
        const auto* w = project.findWorkload(id);
        return w && !w->name.empty() ? tr("%1 (%2)").arg(qs(w->name), qs(id)) : qs(id);
    };
    m_heading->setText(tr("Dependency"));
    setText(m_editors["dependency.from"], name(d->from));
    setText(m_editors["dependency.to"], name(d->to));
    setText(m_editors["dependency.traffic"], formatNumber(d->trafficGbPerDay));
    selectData(static_cast<QComboBox*>(m_editors["dependency.policy"]),
               QString::fromUtf8(model::toString(d->policy).data()));
}

void PropertiesPanel::refreshLink() {
    const auto& project = m_document.project();
    const model::Link* l = project.findLink(m_objectId);
    if (!l)
        return;
    auto name = [&](const std::string& id) {
        const auto* s = project.findSite(id);
        return s && !s->name.empty() ? tr("%1 (%2)").arg(qs(s->name), qs(id)) : qs(id);
    };
    m_heading->setText(tr("Network link %1").arg(qs(l->id)));
    setText(m_editors["link.from"], name(l->from));
    setText(m_editors["link.to"], name(l->to));
    setText(m_editors["link.bandwidth"], formatNumber(l->bandwidthMbps));
    setText(m_editors["link.latency"], formatNumber(l->latencyMs));
    setText(m_editors["link.egress"],
            l->egressPricePerGb ? formatNumber(*l->egressPricePerGb) : QString());
}

void PropertiesPanel::refreshBulk() {
    const int count = int(m_document.selection().ids().size());
    m_heading->setText(tr("%n workload(s) selected", "", count));
    m_bulkHeading->setText(tr("Fill in only what should change; blank fields keep each "
                              "workload's own value."));
    const QString keep = tr("(leave as it is)");
    fillSiteCombo(static_cast<QComboBox*>(m_editors["bulk.site"]), keep, kKeep);
    fillSiteCombo(static_cast<QComboBox*>(m_editors["bulk.targetSite"]), keep, kKeep,
                  tr("Not mapped"), kUnmapped);
}

// ---- edits -------------------------------------------------------------------------------------

void PropertiesPanel::editProject(const QString& field) {
    model::ProjectInfo info = m_document.project().info();
    const QString text = static_cast<QLineEdit*>(m_editors[field])->text();
    if (field == "project.name") {
        if (text.trimmed().isEmpty()) {
            setFieldError(field, tr("Enter a name."));
            return;
        }
        info.name = ss(text);
    } else if (field == "project.description") {
        info.description = text.toStdString();
    } else {
        static const QRegularExpression code(QStringLiteral("^[A-Za-z]{3}$"));
        if (!code.match(text.trimmed()).hasMatch()) {
            setFieldError(field, tr("Enter a three-letter currency code, such as USD or CNY."));
            return;
        }
        info.currency = ss(text.toUpper());
    }
    if (info == m_document.project().info()) {
        setFieldError(field, {});
        return;
    }
    report(field, pushEdit(m_document,
                           std::make_unique<SetProjectInfoCommand>(m_document, std::move(info))));
}

void PropertiesPanel::editWorkload(const QString& field, const WorkloadEdit& edit) {
    const model::Workload* current = m_document.project().findWorkload(m_objectId);
    if (!current)
        return;
    model::Workload changed = *current;
    if (const auto problem = edit(changed)) {
        setFieldError(field, *problem);
        return;
    }
    if (changed == *current) {
        setFieldError(field, {});
        refreshWorkload(); // show the value in its usual form
        return;
    }
    report(field, pushUpdateWorkload(m_document, std::move(changed)));
}

void PropertiesPanel::editMapping(const QString& field) {
    const auto& project = m_document.project();
    if (!project.findWorkload(m_objectId))
        return;
    const model::Mapping* current = project.findMapping(m_objectId);
    const QString target = comboValue(static_cast<QComboBox*>(m_editors["mapping.targetSite"]));
    if (target == kUnmapped) {
        if (current)
            report(field, pushRemoveMapping(m_document, m_objectId));
        return;
    }
    model::Mapping mapping = current ? *current : model::Mapping{.workload = m_objectId};
    mapping.targetSite = target.toStdString();
    if (field == "mapping.strategy") {
        mapping.strategy = model::strategyFromString(
                               comboValue(static_cast<QComboBox*>(m_editors[field])).toStdString())
                               .value_or(mapping.strategy);
    } else if (field == "mapping.targetService") {
        mapping.targetService = ss(static_cast<QLineEdit*>(m_editors[field])->text());
    }
    if (current && mapping == *current)
        return;
    report(field, pushSetMapping(m_document, std::move(mapping)));
}

void PropertiesPanel::editSite(const QString& field, const SiteEdit& edit) {
    const model::Site* current = m_document.project().findSite(m_objectId);
    if (!current)
        return;
    model::Site changed = *current;
    if (const auto problem = edit(changed)) {
        setFieldError(field, *problem);
        return;
    }
    if (changed == *current) {
        setFieldError(field, {});
        refreshSite();
        return;
    }
    report(field, pushUpdateSite(m_document, std::move(changed)));
}

void PropertiesPanel::editDependency(const QString& field) {
    const model::Dependency* current =
        m_document.project().findDependency(m_dependencyFrom, m_dependencyTo);
    if (!current)
        return;
    model::Dependency changed = *current;
    if (field == "dependency.traffic") {
        if (const auto problem = readNumber(static_cast<QLineEdit*>(m_editors[field])->text(),
                                            changed.trafficGbPerDay)) {
            setFieldError(field, *problem);
            return;
        }
    } else {
        changed.policy = model::dependencyPolicyFromString(
                             comboValue(static_cast<QComboBox*>(m_editors[field])).toStdString())
                             .value_or(changed.policy);
    }
    if (changed == *current) {
        setFieldError(field, {});
        refreshDependency();
        return;
    }
    report(field, pushUpdateDependency(m_document, std::move(changed)));
}

void PropertiesPanel::editLink(const QString& field) {
    const model::Link* current = m_document.project().findLink(m_objectId);
    if (!current)
        return;
    model::Link changed = *current;
    const QString text = static_cast<QLineEdit*>(m_editors[field])->text().trimmed();
    std::optional<QString> problem;
    if (field == "link.bandwidth") {
        problem = readNumber(text, changed.bandwidthMbps);
    } else if (field == "link.latency") {
        problem = readNumber(text, changed.latencyMs);
    } else if (text.isEmpty()) {
        changed.egressPricePerGb.reset(); // the provider's own price
    } else {
        double price = 0;
        problem = readNumber(text, price);
        changed.egressPricePerGb = price;
    }
    if (problem) {
        setFieldError(field, *problem);
        return;
    }
    if (changed == *current) {
        setFieldError(field, {});
        refreshLink();
        return;
    }
    if (!report(field, pushUpdateLink(m_document, std::move(changed))))
        return;
    refreshLink();
}

model::Result<void> PropertiesPanel::applyBulkEdit() {
    clearFieldErrors();
    const auto& project = m_document.project();
    auto combo = [this](const char* name) {
        return comboValue(static_cast<QComboBox*>(m_editors.value(name)));
    };
    auto text = [this](const char* name) {
        return static_cast<QLineEdit*>(m_editors.value(name))->text().trimmed();
    };
    auto refuse = [this](const QString& message) {
        m_bulkError->setText(message);
        m_bulkError->show();
        return model::Error{"edit.bulk", message.toStdString(), "selection"};
    };

    // Read every filled-in field first, so one bad value changes nothing.
    double changeRate = 0, monthlyCost = 0;
    bool bad = false;
    if (!text("bulk.changeRate").isEmpty()) {
        if (auto p = readNumber(text("bulk.changeRate"), changeRate)) {
            setFieldError("bulk.changeRate", *p);
            bad = true;
        }
    }
    if (!text("bulk.monthlyCost").isEmpty()) {
        if (auto p = readNumber(text("bulk.monthlyCost"), monthlyCost)) {
            setFieldError("bulk.monthlyCost", *p);
            bad = true;
        }
    }
    if (bad)
        return refuse(tr("Nothing was changed: correct the fields marked above."));

    const QString kind = combo("bulk.kind"), site = combo("bulk.site"),
                  criticality = combo("bulk.criticality"), target = combo("bulk.targetSite"),
                  strategy = combo("bulk.strategy");
    const QString owner = text("bulk.owner"), tags = text("bulk.tags");

    std::vector<model::Workload> workloads;
    std::vector<std::unique_ptr<EditCommand>> mappingCommands;
    for (const QString& id : m_document.selection().ids()) {
        const model::Workload* current = project.findWorkload(id.toStdString());
        if (!current)
            continue;
        model::Workload w = *current;
        if (kind != kKeep)
            w.kind = model::workloadKindFromString(kind.toStdString()).value_or(w.kind);
        if (site != kKeep)
            w.site = site.toStdString();
        if (criticality != kKeep)
            w.criticality =
                model::criticalityFromString(criticality.toStdString()).value_or(w.criticality);
        if (!owner.isEmpty())
            w.owner = owner.toStdString();
        if (!tags.isEmpty())
            w.tags = splitTags(tags);
        if (!text("bulk.changeRate").isEmpty())
            w.changeRateGbPerDay = changeRate;
        if (!text("bulk.monthlyCost").isEmpty())
            w.monthlyCost = monthlyCost;
        if (!(w == *current))
            workloads.push_back(std::move(w));

        const model::Mapping* mapping = project.findMapping(current->id);
        if (target == kUnmapped) {
            if (mapping)
                mappingCommands.push_back(
                    std::make_unique<RemoveMappingCommand>(m_document, current->id));
        } else if (target != kKeep || (strategy != kKeep && mapping)) {
            model::Mapping m = mapping ? *mapping : model::Mapping{.workload = current->id};
            if (target != kKeep)
                m.targetSite = target.toStdString();
            if (strategy != kKeep)
                m.strategy = model::strategyFromString(strategy.toStdString()).value_or(m.strategy);
            if (!mapping || !(m == *mapping))
                mappingCommands.push_back(std::make_unique<SetMappingCommand>(m_document, m));
        }
    }
    if (workloads.empty() && mappingCommands.empty())
        return refuse(tr("Nothing to change: fill in a field, or pick values that differ from "
                         "the workloads' own."));

    const int count = int(m_document.selection().ids().size());
    model::Result<void> result = model::success();
    if (mappingCommands.empty()) {
        result = pushUpdateWorkloads(m_document, std::move(workloads));
    } else {
        std::vector<std::unique_ptr<EditCommand>> commands;
        for (auto& w : workloads)
            commands.push_back(std::make_unique<UpdateWorkloadCommand>(m_document, std::move(w)));
        for (auto& c : mappingCommands)
            commands.push_back(std::move(c));
        result = pushMacro(m_document, tr("Edit %n workload(s)", "", count), std::move(commands));
    }
    if (!result)
        return refuse(tr("Nothing was changed: %1").arg(qs(result.error().toString())));
    return result;
}

} // namespace ferry::ui
