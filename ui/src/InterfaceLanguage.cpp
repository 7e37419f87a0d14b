#include <ferry/ui/InterfaceLanguage.hpp>

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QPointer>
#include <QTranslator>

namespace ferry::ui {
namespace {

struct Installed {
    QPointer<QTranslator> ferry;
    QPointer<QTranslator> qt;
    QString code;
};

Installed& installed() {
    static Installed state;
    return state;
}

void removeInstalled() {
    auto& state = installed();
    for (QPointer<QTranslator>* t : {&state.ferry, &state.qt}) {
        if (*t) {
            QCoreApplication::removeTranslator(*t);
            delete t->data();
        }
    }
}

} // namespace

QList<InterfaceLanguage::Option> InterfaceLanguage::options() {
    return {{QString(), QString()},
            {QStringLiteral("en"), QStringLiteral("English")},
            {QStringLiteral("zh_CN"), QStringLiteral("简体中文")}};
}

QLocale InterfaceLanguage::localeFor(const QString& code) {
    return code.isEmpty() ? QLocale::system() : QLocale(code);
}

bool InterfaceLanguage::apply(const QString& code) {
    const QLocale locale = localeFor(code);
    auto* ferry = new QTranslator(QCoreApplication::instance());
    const bool english = locale.language() == QLocale::English || locale.language() == QLocale::C;
    const bool found = !english && ferry->load(locale, "ferry", "_", ":/i18n");
    if (!found) {
        delete ferry;
        removeInstalled();
        installed().code = code;
        QLocale::setDefault(english || code.isEmpty() ? locale : QLocale(QLocale::English));
        return english || code.isEmpty();
    }
    auto* qt = new QTranslator(QCoreApplication::instance());
    if (!qt->load(locale, "qtbase", "_", QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
        delete qt;
        qt = nullptr;
    }
    removeInstalled();
    QCoreApplication::installTranslator(ferry);
    if (qt)
        QCoreApplication::installTranslator(qt);
    installed() = {ferry, qt, code};
    QLocale::setDefault(locale);
    return true;
}

QString InterfaceLanguage::current() {
    return installed().code;
}

} // namespace ferry::ui
