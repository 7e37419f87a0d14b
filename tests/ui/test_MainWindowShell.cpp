#include <catch2/catch.hpp>

#include "ScratchSettings.hpp"

#include <ferry/model/ProjectStore.hpp>
#include <ferry/model/Version.hpp>
#include <ferry/ui/CanvasView.hpp>
#include <ferry/ui/EditCommands.hpp>
#include <ferry/ui/InterfaceLanguage.hpp>
#include <ferry/ui/MainWindow.hpp>
#include <ferry/ui/Preferences.hpp>
#include <ferry/ui/ProjectDocument.hpp>
#include <ferry/ui/ProjectRecovery.hpp>

#include <QAction>
#include <QApplication>
#include <QDockWidget>
#include <QFile>
#include <QFileInfo>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QTimer>
#include <QToolButton>
#include <QTreeView>

using namespace ferry;

namespace {

const QString kDemo = QStringLiteral(FERRY_SOURCE_DIR "/resources/demo/retail-demo.json");

/// A copy of the demo project the test may change.
QString demoCopy(const ScratchSettings& scratch, const QString& name = "estate.json") {
    const QString path = scratch.path(name);
    QFile::remove(path);
    REQUIRE(QFile::copy(kDemo, path));
    QFile(path).setPermissions(QFile::ReadOwner | QFile::WriteOwner);
    return path;
}

model::Workload resized(const ui::ProjectDocument& doc, const std::string& id, double sizeGb) {
    model::Workload w = *doc.project().findWorkload(id);
    w.sizeGb = sizeGb;
    return w;
}

} // namespace

TEST_CASE("recent files list the newest first, keep at most eight and drop missing files", "[ui]") {
    ScratchSettings scratch;
    QStringList paths;
    for (int i = 0; i < 10; ++i)
        paths << demoCopy(scratch, QStringLiteral("p%1.json").arg(i));
    ui::MainWindow window;
    for (const QString& p : paths)
        REQUIRE(window.openFile(p));

    QStringList expected;
    for (int i = 9; i >= 2; --i)
        expected << QFileInfo(paths[i]).absoluteFilePath();
    CHECK(window.recentFiles() == expected);

    // Reopening moves a file to the front without duplicating it.
    REQUIRE(window.openFile(paths[5]));
    CHECK(window.recentFiles().front() == QFileInfo(paths[5]).absoluteFilePath());
    CHECK(window.recentFiles().count(QFileInfo(paths[5]).absoluteFilePath()) == 1);

    // A deleted file disappears from the list, also for the next session.
    REQUIRE(QFile::remove(paths[9]));
    CHECK_FALSE(window.recentFiles().contains(QFileInfo(paths[9]).absoluteFilePath()));
    ui::MainWindow next;
    CHECK(next.recentFiles().size() == 7);
    CHECK(next.recentFiles().front() == QFileInfo(paths[5]).absoluteFilePath());
}

TEST_CASE("undo and redo follow the stack, and the modified flag follows its clean state", "[ui]") {
    ScratchSettings scratch;
    ui::MainWindow window;
    REQUIRE(window.openFile(demoCopy(scratch)));
    auto& doc = window.document();
    CHECK_FALSE(window.undoAction()->isEnabled());
    CHECK_FALSE(window.redoAction()->isEnabled());
    CHECK_FALSE(doc.isModified());

    REQUIRE(ui::pushUpdateWorkload(doc, resized(doc, "orders-db", 999)).ok());
    CHECK(window.undoAction()->isEnabled());
    CHECK(window.undoAction()->text().contains(doc.undoStack().undoText()));
    CHECK(doc.isModified());
    CHECK(window.isWindowModified());

    window.undoAction()->trigger();
    CHECK(doc.project().findWorkload("orders-db")->sizeGb == 180);
    CHECK_FALSE(doc.isModified());
    CHECK_FALSE(window.isWindowModified());
    CHECK_FALSE(window.undoAction()->isEnabled());
    CHECK(window.redoAction()->isEnabled());

    window.redoAction()->trigger();
    CHECK(doc.project().findWorkload("orders-db")->sizeGb == 999);
    CHECK(doc.isModified());

    // Saving marks the stack clean; undoing past the save point is a change again.
    REQUIRE(window.save());
    CHECK_FALSE(doc.isModified());
    window.undoAction()->trigger();
    CHECK(doc.isModified());
    window.redoAction()->trigger();
    CHECK_FALSE(doc.isModified());
}

TEST_CASE("autosave writes a recovery copy that a restart offers and restores", "[ui]") {
    ScratchSettings scratch;
    const QString project = demoCopy(scratch);
    model::ProjectData edited;
    QString copy;
    {
        ui::MainWindow window;
        REQUIRE(window.openFile(project));
        auto& doc = window.document();
        // Nothing to save yet: no copy.
        REQUIRE(window.autosaveNow().ok());
        CHECK(window.recovery().currentFile().isEmpty());

        REQUIRE(ui::pushUpdateWorkload(doc, resized(doc, "orders-db", 4321)).ok());
        REQUIRE(window.autosaveNow().ok());
        copy = window.recovery().currentFile();
        REQUIRE_FALSE(copy.isEmpty());
        CHECK(QFileInfo(copy).absolutePath().startsWith(ui::ProjectRecovery::defaultDirectory()));
        auto saved = model::ProjectStore::load(copy.toStdString());
        REQUIRE(saved.ok());
        CHECK(saved.value() == doc.project().data());
        edited = doc.project().data();

        // A running window's copy is never offered to another window.
        ui::ProjectRecovery other;
        CHECK(other.pending().isEmpty());
        // The window goes away without a clean exit, as in a crash: the copy stays.
    }
    REQUIRE(QFileInfo::exists(copy));

    ui::MainWindow restarted;
    const auto pending = restarted.recovery().pending();
    REQUIRE(pending.size() == 1);
    CHECK(pending.front().projectPath == QFileInfo(project).absoluteFilePath());
    REQUIRE(restarted.restoreRecovery(pending.front()));
    auto& doc = restarted.document();
    CHECK(doc.project().data() == edited);
    CHECK(doc.filePath() == QFileInfo(project).absoluteFilePath());
    CHECK(doc.isModified());
    CHECK_FALSE(QFileInfo::exists(copy)); // replaced by the new window's own copy
    CHECK_FALSE(restarted.recovery().currentFile().isEmpty());

    // Restoring is one undo step back to the project as it was saved.
    restarted.undoAction()->trigger();
    CHECK(doc.project().findWorkload("orders-db")->sizeGb == 180);
    CHECK_FALSE(doc.isModified());
}

TEST_CASE("a copy older than its project is not offered", "[ui]") {
    ScratchSettings scratch;
    const QString project = demoCopy(scratch);
    {
        ui::MainWindow window;
        REQUIRE(window.openFile(project));
        REQUIRE(
            ui::pushUpdateWorkload(window.document(), resized(window.document(), "orders-db", 1))
                .ok());
        REQUIRE(window.autosaveNow().ok());
        // Another program saves the project after the copy was made.
        QFile file(project);
        REQUIRE(file.open(QIODevice::ReadWrite));
        REQUIRE(file.setFileTime(QDateTime::currentDateTime().addSecs(60),
                                 QFileDevice::FileModificationTime));
    }
    ui::MainWindow restarted;
    CHECK(restarted.recovery().pending().isEmpty());
}

TEST_CASE("a save or a clean exit removes the recovery copy", "[ui]") {
    ScratchSettings scratch;
    const QString project = demoCopy(scratch);
    ui::MainWindow window;
    REQUIRE(window.openFile(project));
    auto& doc = window.document();
    REQUIRE(ui::pushUpdateWorkload(doc, resized(doc, "orders-db", 77)).ok());
    REQUIRE(window.autosaveNow().ok());
    const QString first = window.recovery().currentFile();
    REQUIRE(QFileInfo::exists(first));
    REQUIRE(window.save());
    CHECK_FALSE(QFileInfo::exists(first));

    REQUIRE(ui::pushUpdateWorkload(doc, resized(doc, "orders-db", 78)).ok());
    REQUIRE(window.autosaveNow().ok());
    const QString second = window.recovery().currentFile();
    REQUIRE(QFileInfo::exists(second));
    window.undoAction()->trigger(); // back to the saved state: nothing to ask on close
    REQUIRE(window.close());
    CHECK_FALSE(QFileInfo::exists(second));
    ui::MainWindow next;
    CHECK(next.recovery().pending().isEmpty());
}

TEST_CASE("preferences are stored and put into force", "[ui]") {
    ScratchSettings scratch;
    CHECK(ui::Preferences::load() == ui::Preferences{});
    {
        ui::MainWindow window;
        ui::Preferences p;
        p.language = "en";
        p.autosaveMinutes = 12;
        p.colourMode = "strategy";
        CHECK(window.autosaveInterval() == ui::Preferences{}.autosaveMinutes);
        window.applyPreferences(p);
        CHECK(window.preferences() == p);
        CHECK(window.autosaveInterval() == 12);
        CHECK(window.canvas()->colourMode() == ui::ColourMode::Strategy);
    }
    const ui::Preferences stored = ui::Preferences::load();
    CHECK(stored.language == "en");
    CHECK(stored.autosaveMinutes == 12);
    CHECK(stored.colourMode == "strategy");
    ui::MainWindow next;
    CHECK(next.preferences() == stored);
    CHECK(next.autosaveInterval() == 12);
    ui::Preferences off = stored;
    off.autosaveMinutes = 0;
    next.applyPreferences(off);
    CHECK(next.autosaveInterval() == 0);
    CHECK(next.canvas()->colourMode() == ui::ColourMode::Strategy);

    // Values out of range fall back to the defaults.
    QSettings().setValue("autosave/minutes", -3);
    QSettings().setValue("canvas/colourMode", "rainbow");
    CHECK(ui::Preferences::load().autosaveMinutes == ui::Preferences{}.autosaveMinutes);
    CHECK(ui::Preferences::load().colourMode == "plain");
}

TEST_CASE("the window's dock layout is restored on start", "[ui]") {
    ScratchSettings scratch;
    {
        ui::MainWindow window;
        auto* findings = window.findChild<QDockWidget*>("findingsDock");
        REQUIRE(findings);
        findings->setFloating(true);
        window.findChild<QDockWidget*>("paletteDock")->hide();
        window.saveLayout();
    }
    ui::MainWindow next;
    next.restoreLayout();
    CHECK(next.findChild<QDockWidget*>("findingsDock")->isFloating());
    CHECK(next.findChild<QDockWidget*>("paletteDock")->isHidden());
    // Every dock has a name, or restoreState could not find it.
    for (auto* dock : next.findChildren<QDockWidget*>())
        CHECK_FALSE(dock->objectName().isEmpty());
}

TEST_CASE("the interface switches to Chinese and back while running", "[ui]") {
    ScratchSettings scratch;
    ui::MainWindow window;
    const auto fileMenuTitle = [&] { return window.menuBar()->actions().front()->text(); };
    CHECK(fileMenuTitle() == "&File");
    REQUIRE(ui::InterfaceLanguage::apply("zh_CN"));
    QCoreApplication::processEvents(); // LanguageChange events are posted
    CHECK(fileMenuTitle() == QStringLiteral("文件(&F)"));
    CHECK(window.undoAction()->text() == QStringLiteral("撤销(&U)"));
    REQUIRE(ui::InterfaceLanguage::apply("en"));
    QCoreApplication::processEvents();
    CHECK(fileMenuTitle() == "&File");
}

TEST_CASE("a language chosen in preferences relabels the canvas, its menus and the palette",
          "[ui]") {
    ScratchSettings scratch;
    ui::MainWindow window;
    window.show();
    ui::CanvasView* canvas = window.canvas();
    auto* palette = window.findChild<QWidget*>("paletteWidget");
    REQUIRE(palette);
    auto* databaseTile = palette->findChild<QToolButton*>("paletteWorkload_database");
    auto* awsTile = palette->findChild<QToolButton*>("paletteSite_aws");
    auto* findField = canvas->findChild<QWidget*>("canvasFindBar")->findChild<QLineEdit*>();
    auto* minimap = canvas->findChild<QWidget*>("canvasMinimap");
    REQUIRE(databaseTile);
    REQUIRE(awsTile);
    REQUIRE(findField);
    REQUIRE(minimap);
    const auto labelTexts = [&] {
        QStringList texts;
        for (const QLabel* label : palette->findChildren<QLabel*>())
            texts << label->text();
        return texts;
    };
    const auto zoomIn = canvas->action(ui::CanvasView::Action::ZoomIn);
    const auto byWave = canvas->action(ui::CanvasView::Action::ColourByWave);
    // The View menu holds the canvas's own actions.
    bool inMenu = false;
    for (QAction* top : window.menuBar()->actions())
        if (top->menu() && top->menu()->actions().contains(zoomIn))
            inMenu = true;
    CHECK(inMenu);
    CHECK(zoomIn->text() == "Zoom &In");
    CHECK(databaseTile->text() == "Database");
    CHECK(labelTexts().contains("Sites"));

    ui::Preferences chinese = window.preferences();
    chinese.language = "zh_CN";
    window.applyPreferences(chinese);
    QCoreApplication::processEvents(); // LanguageChange events are posted
    CHECK(zoomIn->text() == QStringLiteral("放大(&I)"));
    CHECK(zoomIn->statusTip() == QStringLiteral("放大画布"));
    CHECK(byWave->statusTip().startsWith(QStringLiteral("工作负载卡片着色：")));
    CHECK(databaseTile->text() == QStringLiteral("数据库"));
    CHECK(databaseTile->toolTip().startsWith(QStringLiteral("拖入站点以添加工作负载：")));
    CHECK(awsTile->toolTip().startsWith(QStringLiteral("拖到画布上以添加站点：")));
    CHECK(labelTexts().contains(QStringLiteral("站点")));
    CHECK(labelTexts().contains(QStringLiteral("工作负载")));
    CHECK(findField->placeholderText() == QStringLiteral("按名称、ID、负责人或标签查找"));
    CHECK(minimap->toolTip() == QStringLiteral("概览：单击或拖动以移动视图"));

    ui::Preferences english = chinese;
    english.language = "en";
    window.applyPreferences(english);
    QCoreApplication::processEvents();
    CHECK(zoomIn->text() == "Zoom &In");
    CHECK(databaseTile->text() == "Database");
    CHECK(labelTexts().contains("Sites"));
}

TEST_CASE("every main action has a shortcut and a status tip", "[ui]") {
    ScratchSettings scratch;
    ui::MainWindow window;
    for (QAction* menu : window.menuBar()->actions()) {
        for (QAction* action : menu->menu()->actions()) {
            if (action->isSeparator() || action->menu())
                continue;
            INFO(action->text().toStdString());
            CHECK_FALSE(action->statusTip().isEmpty());
        }
    }
    for (QAction* action : {window.undoAction(), window.redoAction()})
        CHECK_FALSE(action->shortcut().isEmpty());
    const QStringList withShortcut{
        "&New",  "&Open…",        "&Save",         "Save &As…",   "&Import Inventory…",
        "&Quit", "Pre&ferences…", "&Validate Now", "&About Ferry"};
    for (QAction* menu : window.menuBar()->actions())
        for (QAction* action : menu->menu()->actions())
            if (withShortcut.contains(action->text())) {
                INFO(action->text().toStdString());
                CHECK_FALSE(action->shortcut().isEmpty());
            }
}

TEST_CASE("the estate tree's selection is the shared selection", "[ui]") {
    ScratchSettings scratch;
    ui::MainWindow window;
    REQUIRE(window.openFile(demoCopy(scratch)));
    QTreeView* tree = window.estateView();
    auto* model = tree->model();
    const QModelIndex site = model->index(0, 0);
    REQUIRE(model->rowCount(site) > 1);
    const QModelIndex first = model->index(0, 0, site);
    tree->selectionModel()->select(first,
                                   QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    const QString id = window.document().selection().ids().value(0);
    CHECK(id == QString::fromStdString(window.document().project().workloads().front().id));

    window.document().selection().set({"shanghai-dc", "orders-db"});
    QStringList selected;
    for (const QModelIndex& index : tree->selectionModel()->selectedRows())
        selected << index.data().toString();
    selected.sort();
    CHECK(selected == QStringList({"Orders DB", "Shanghai DC"}));
}

TEST_CASE("Help > About Ferry shows the version", "[ui]") {
    ScratchSettings scratch;
    ui::MainWindow window;
    window.show();
    QAction* about = nullptr;
    for (QAction* menu : window.menuBar()->actions())
        for (QAction* action : menu->menu()->actions())
            if (action->text() == "&About Ferry")
                about = action;
    REQUIRE(about);
    CHECK(about->shortcut() == QKeySequence(Qt::Key_F1));
    QString shown;
    // The box is modal: read it and close it from the event loop it runs.
    QTimer::singleShot(0, [&] {
        if (auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget())) {
            shown = box->text();
            box->accept();
        }
    });
    about->trigger();
    const QString version =
        QString::fromUtf8(model::ferryVersion().data(), qsizetype(model::ferryVersion().size()));
    REQUIRE_FALSE(version.isEmpty());
    CHECK(shown.contains(QStringLiteral("Ferry ") + version));
}
