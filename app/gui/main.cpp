#include <ferry/model/Version.hpp>
#include <ferry/ui/InterfaceLanguage.hpp>
#include <ferry/ui/MainWindow.hpp>
#include <ferry/ui/PlanService.hpp>
#include <ferry/ui/Preferences.hpp>
#include <ferry/ui/RunMonitor.hpp>

#include <QApplication>
#include <QCommandLineParser>
#include <QDoubleSpinBox>
#include <QElapsedTimer>
#include <QIcon>
#include <QRegularExpression>
#include <QSettings>
#include <QTemporaryDir>
#include <QTimer>

#include <cstdio>

int main(int argc, char* argv[]) {
    QApplication app(argc, argv);
    QApplication::setApplicationName("Ferry");
    QApplication::setOrganizationName("Ferry");
    // The desktop entry's id: window managers match the running window to its entry and icon.
    QGuiApplication::setDesktopFileName("org.example.ferry");
    QApplication::setWindowIcon(QIcon(":/ferry/icons/ferry.svg"));
    QApplication::setApplicationVersion(
        QString::fromUtf8(ferry::model::ferryVersion().data(),
                          static_cast<int>(ferry::model::ferryVersion().size())));

    QCommandLineParser parser;
    parser.setApplicationDescription("Plan and run migrations between data centres and clouds.");
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument("project", "A .ferry or .json project to open.", "[project]");
    QCommandLineOption langOption("lang",
                                  "Interface language, e.g. en or zh_CN (default: the "
                                  "preference, else the system's).",
                                  "language");
    QCommandLineOption shotOption("screenshot", "Render the main window to a PNG file and quit.",
                                  "file");
    QCommandLineOption sizeOption("size", "Window size for --screenshot, e.g. 1280x800.", "WxH",
                                  "1280x800");
    QCommandLineOption viewOption(
        "view",
        "For --screenshot: show the plan panel on a view (waves, timeline, cost, forecast, "
        "scenarios) once the plan is worked out, or the run monitor (run) a few seconds into a "
        "run of the project at 0.1 MiB/s.",
        "view");
    parser.addOptions({langOption, shotOption, sizeOption, viewOption});
    parser.process(app);

    const bool screenshot = parser.isSet(shotOption);
    QSize size;
    if (screenshot) {
        const auto match =
            QRegularExpression("^(\\d{3,5})x(\\d{3,5})$").match(parser.value(sizeOption));
        if (!match.hasMatch()) {
            std::fprintf(stderr, "ferry: --size must look like 1280x800, not '%s'.\n",
                         qPrintable(parser.value(sizeOption)));
            return 2;
        }
        size = QSize(match.captured(1).toInt(), match.captured(2).toInt());
    }

    // Screenshots neither read nor change the user's settings (recent files, layout, colours).
    QTemporaryDir scratchSettings;
    if (screenshot)
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, scratchSettings.path());

    const ferry::ui::Preferences preferences = ferry::ui::Preferences::load();
    const QString language =
        parser.isSet(langOption) ? parser.value(langOption) : preferences.language;
    if (!ferry::ui::InterfaceLanguage::apply(language)) {
        std::fprintf(stderr, "ferry: no translation for '%s'; using English.\n",
                     qPrintable(language));
    }

    ferry::ui::MainWindow window;
    if (!screenshot)
        window.restoreLayout();
    if (!parser.positionalArguments().isEmpty()) {
        if (!window.openFile(parser.positionalArguments().constFirst()) && screenshot)
            return 1;
    }

    if (screenshot) {
        // A fixed size and a fresh layout, so the pictures do not depend on the last session.
        window.resize(size);
        window.show();
        const QString out = parser.value(shotOption);
        if (parser.isSet(viewOption) && !window.showPlanView(parser.value(viewOption))) {
            std::fprintf(stderr, "ferry: unknown --view '%s'.\n",
                         qPrintable(parser.value(viewOption)));
            return 2;
        }
        // With a plan view, wait (up to a minute) for the plan to be worked out; with the run
        // monitor, start a slow run and show it a few seconds in.
        auto* planService = window.planService();
        const bool runView = parser.value(viewOption) == QLatin1String("run");
        const bool waitForPlan = parser.isSet(viewOption) && !runView;
        if (runView) {
            if (auto* limit = window.runMonitor()->findChild<QDoubleSpinBox*>("runBandwidth"))
                limit->setValue(0.1);
            if (!window.runMonitor()->startRun())
                return 1;
        }
        const qint64 settle = runView ? 4000 : 800;
        QElapsedTimer waited;
        waited.start();
        auto* poll = new QTimer(&app);
        poll->setInterval(100);
        QObject::connect(
            poll, &QTimer::timeout, &app,
            [&window, out, planService, waitForPlan, poll, waited, settle] {
                if (waited.elapsed() < settle ||
                    (waitForPlan && planService->isStale() && waited.elapsed() < 60000))
                    return;
                poll->stop();
                // Let the views take the new results before the picture is taken.
                QTimer::singleShot(300, &window, [&window, out] {
                    const bool ok = window.grab().save(out);
                    std::fprintf(ok ? stdout : stderr, "%s %s\n", ok ? "wrote" : "could not write",
                                 qPrintable(out));
                    QApplication::exit(ok ? 0 : 1);
                });
            });
        poll->start();
        return QApplication::exec();
    }
    window.show();
    // Offer what a crash left behind once the window is up.
    QTimer::singleShot(0, &window, [&window] { window.offerRecovery(); });
    return QApplication::exec();
}
