#include <ferry/ui/PreferencesDialog.hpp>

#include <ferry/ui/InterfaceLanguage.hpp>

#include <QComboBox>
#include <QDialogButtonBox>
#include <QEvent>
#include <QFormLayout>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace ferry::ui {
namespace {

QString colourModeLabel(const QString& mode) {
    if (mode == "wave")
        return PreferencesDialog::tr("By wave");
    if (mode == "strategy")
        return PreferencesDialog::tr("By strategy");
    if (mode == "cost")
        return PreferencesDialog::tr("By monthly cost");
    if (mode == "validation")
        return PreferencesDialog::tr("By validation findings");
    return PreferencesDialog::tr("By kind (plain)");
}

} // namespace

PreferencesDialog::PreferencesDialog(const Preferences& preferences, QWidget* parent)
    : QDialog(parent) {
    setObjectName("preferencesDialog");
    m_language = new QComboBox(this);
    m_language->setObjectName("preferencesLanguage");
    for (const auto& option : InterfaceLanguage::options())
        m_language->addItem(option.nativeName, option.code);
    m_autosave = new QSpinBox(this);
    m_autosave->setObjectName("preferencesAutosave");
    m_autosave->setRange(0, Preferences::kMaxAutosaveMinutes);
    m_colourMode = new QComboBox(this);
    m_colourMode->setObjectName("preferencesColourMode");
    for (const char* mode : {"plain", "wave", "strategy", "cost", "validation"})
        m_colourMode->addItem(QString(), QString::fromLatin1(mode));
    m_languageLabel = new QLabel(this);
    m_languageLabel->setBuddy(m_language);
    m_autosaveLabel = new QLabel(this);
    m_autosaveLabel->setBuddy(m_autosave);
    m_colourLabel = new QLabel(this);
    m_colourLabel->setBuddy(m_colourMode);
    m_note = new QLabel(this);
    m_note->setWordWrap(true);
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);

    auto* form = new QFormLayout;
    form->addRow(m_languageLabel, m_language);
    form->addRow(m_autosaveLabel, m_autosave);
    form->addRow(m_colourLabel, m_colourMode);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_note);
    layout->addStretch(1);
    layout->addWidget(m_buttons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    m_language->setCurrentIndex(std::max(0, m_language->findData(preferences.language)));
    m_autosave->setValue(preferences.autosaveMinutes);
    m_colourMode->setCurrentIndex(std::max(0, m_colourMode->findData(preferences.colourMode)));
    setMinimumWidth(440);
    retranslateUi();
}

Preferences PreferencesDialog::preferences() const {
    Preferences p;
    p.language = m_language->currentData().toString();
    p.autosaveMinutes = m_autosave->value();
    p.colourMode = m_colourMode->currentData().toString();
    return p;
}

void PreferencesDialog::retranslateUi() {
    setWindowTitle(tr("Preferences"));
    m_language->setItemText(0, tr("System default"));
    m_languageLabel->setText(tr("&Language:"));
    m_language->setToolTip(tr("The language of menus, panels and dialogs; it changes at once."));
    m_autosaveLabel->setText(tr("&Autosave every:"));
    m_autosave->setSuffix(tr(" min"));
    m_autosave->setSpecialValueText(tr("Never"));
    m_autosave->setToolTip(tr("Unsaved edits are copied to a recovery file this often, so a "
                              "crash loses at most this much work."));
    m_colourLabel->setText(tr("Canvas &colours:"));
    m_colourMode->setToolTip(tr("How the canvas colours workloads when Ferry starts."));
    for (int i = 0; i < m_colourMode->count(); ++i)
        m_colourMode->setItemText(i, colourModeLabel(m_colourMode->itemData(i).toString()));
    m_note->setText(tr("Preferences are kept for your user account on this computer."));
    // Ferry's own labels: Qt's translations of standard buttons may not be installed.
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("OK"));
    m_buttons->button(QDialogButtonBox::Cancel)->setText(tr("Cancel"));
}

void PreferencesDialog::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QDialog::changeEvent(event);
}

} // namespace ferry::ui
