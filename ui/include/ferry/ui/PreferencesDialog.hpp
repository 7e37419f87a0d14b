#pragma once

#include <ferry/ui/Preferences.hpp>

#include <QDialog>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QSpinBox;

namespace ferry::ui {

/// Edit > Preferences…: interface language, autosave interval and the canvas's colour mode at
/// start. The caller stores and applies the result.
class PreferencesDialog : public QDialog {
    Q_OBJECT
public:
    explicit PreferencesDialog(const Preferences& preferences, QWidget* parent = nullptr);

    /// The preferences as the dialog shows them now.
    Preferences preferences() const;

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();

    QComboBox* m_language = nullptr;
    QSpinBox* m_autosave = nullptr;
    QComboBox* m_colourMode = nullptr;
    QLabel* m_languageLabel = nullptr;
    QLabel* m_autosaveLabel = nullptr;
    QLabel* m_colourLabel = nullptr;
    QLabel* m_note = nullptr;
    QDialogButtonBox* m_buttons = nullptr;
};

} // namespace ferry::ui
