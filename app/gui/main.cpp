#include <ferry/model/Version.hpp>
#include <ferry/ui/MainWindow.hpp>

#include <QApplication>
#include <QCommandLineParser>
#include <QLibraryInfo>
#include <QLocale>
#include <QScreen>
#include <QSettings>
#include <QTimer>
#include <QTranslator>

#include <cstdio>

namespace {

// Installs Ferry's and Qt's translations for the language, if Ferry has one.
void installTranslations(QApplication& app, const QString& language) {
    const QLocale locale = language.isEmpty() ? QLocale::system() : QLocale(language);
    auto* ferry = new QTranslator(&app);
    if (ferry->load(locale, "ferry", "_", ":/i18n")) {
        QApplication::installTranslator(ferry);
        auto* qt = new QTranslator(&app);
        if (qt->load(locale, "qtbase", "_", QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
            QApplication::installTranslator(qt);
    }
}

} // namespace

int main(int argc, char* argv[]) {
    QApplication app(argc, argv);
    QApplication::setApplicationName("Ferry");
    QApplication::setOrganizationName("Ferry");
    QApplication::setApplicationVersion(
        QString::fromUtf8(ferry::model::ferryVersion().data(),
                          static_cast<int>(ferry::model::ferryVersion().size())));

    QCommandLineParser parser;
    parser.setApplicationDescription("Plan and run migrations between data centres and clouds.");
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument("project", "A .ferry or .json project to open.", "[project]");
    QCommandLineOption langOption("lang", "Interface language, e.g. en or zh_CN.", "language");
    QCommandLineOption shotOption("screenshot",
                                  "Render the main window to a PNG file and quit.", "file");
    QCommandLineOption sizeOption("size", "Window size for --screenshot, e.g. 1280x800.", "WxH",
                                  "1280x800");
    parser.addOptions({langOption, shotOption, sizeOption});
    parser.process(app);

    QString language = parser.value(langOption);
    if (language.isEmpty()) language = QSettings().value("ui/language").toString();
    installTranslations(app, language);

    ferry::ui::MainWindow window;
    if (!parser.positionalArguments().isEmpty()) {
        window.openFile(parser.positionalArguments().constFirst());
    }

    if (parser.isSet(shotOption)) {
        const QStringList size = parser.value(sizeOption).split('x');
        window.resize(size.value(0).toInt(), size.value(1).toInt());
        window.show();
        const QString out = parser.value(shotOption);
        QTimer::singleShot(300, &app, [&window, out] {
            const bool ok = window.grab().save(out);
            std::fprintf(ok ? stdout : stderr, "%s %s\n", ok ? "wrote" : "could not write",
                         qPrintable(out));
            QApplication::exit(ok ? 0 : 1);
        });
        return QApplication::exec();
    }
    window.show();
    return QApplication::exec();
}
