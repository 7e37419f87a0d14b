#pragma once

#include <QList>
#include <QLocale>
#include <QString>

namespace ferry::ui {

/// Switches the language of the whole interface at run time: installs Ferry's and Qt's
/// translators for a language and removes the previous ones, so every widget receives a
/// QEvent::LanguageChange and re-translates itself.
class InterfaceLanguage {
public:
    /// A language the interface can be shown in.
    struct Option {
        QString code;       ///< "" for the system's language, else e.g. "en", "zh_CN".
        QString nativeName; ///< The language's own name ("English", "简体中文").
    };

    /// The languages offered in the preferences, "follow the system" first.
    static QList<Option> options();
    /// The locale a code stands for ("" = the system's).
    static QLocale localeFor(const QString& code);
    /// Use the language of code ("" = the system's). English needs no translation; for another
    /// language returns false (and leaves English) when Ferry has no translation for it.
    static bool apply(const QString& code);
    /// The code last applied ("" when following the system).
    static QString current();
};

} // namespace ferry::ui
