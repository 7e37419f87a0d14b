#include <catch2/catch.hpp>

#include "ScratchSettings.hpp"

#include <ferry/model/Project.hpp>
#include <ferry/ui/CanvasScene.hpp>
#include <ferry/ui/CanvasStyle.hpp>
#include <ferry/ui/CanvasView.hpp>
#include <ferry/ui/EstateTreeModel.hpp>
#include <ferry/ui/MainWindow.hpp>
#include <ferry/ui/PaletteWidget.hpp>
#include <ferry/ui/PlanGraphModel.hpp>
#include <ferry/ui/ProjectDocument.hpp>
#include <ferry/ui/SiteItem.hpp>
#include <ferry/ui/WorkloadItem.hpp>

#include <QApplication>
#include <QDir>
#include <QDropEvent>
#include <QMimeData>
#include <QMouseEvent>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>
#include <QUndoStack>

#include <algorithm>
#include <iterator>
#include <memory>

using namespace ferry;

namespace {
const QString kDemo = QStringLiteral(FERRY_SOURCE_DIR "/resources/demo/retail-demo.json");
}

TEST_CASE("the main window shows the demo's sites and workloads", "[ui]") {
    ScratchSettings scratch;
    ui::MainWindow window;
    REQUIRE(window.openFile(kDemo));
    auto* tree = window.estateView();
    auto* model = tree->model();
    const auto& project = window.document().project();
    REQUIRE(model->rowCount() == int(project.sites().size()));
    int workloads = 0;
    for (int r = 0; r < model->rowCount(); ++r) {
        const QModelIndex site = model->index(r, 0);
        CHECK(model->data(site).toString() ==
              QString::fromStdString(project.sites()[std::size_t(r)].name));
        workloads += model->rowCount(site);
    }
    CHECK(workloads == int(project.workloads().size()));
    CHECK(window.windowTitle().contains("retail-demo.json"));
    CHECK_FALSE(window.document().isModified());
}

TEST_CASE("an edit marks the document modified and shows up in the tree", "[ui]") {
    ScratchSettings scratch;
    ui::MainWindow window;
    REQUIRE(window.openFile(kDemo));
    auto& project = window.document().project();
    const auto siteId = project.sites().front().id;
    const int before =
        window.estateView()->model()->rowCount(window.estateView()->model()->index(0, 0));
    REQUIRE(
        project
            .requestAddWorkload(model::Workload{.id = "new-vm", .name = "New VM", .site = siteId})
            .ok());
    CHECK(window.document().isModified());
    CHECK(window.isWindowModified());
    CHECK(window.estateView()->model()->rowCount(window.estateView()->model()->index(0, 0)) ==
          before + 1);
}

TEST_CASE("save as .ferry and reopen gives the same project", "[ui]") {
    QTemporaryDir dir;
    REQUIRE(dir.isValid());
    const QString path = dir.filePath("copy.ferry");
    model::ProjectData saved;
    {
        ui::ProjectDocument doc;
        REQUIRE(doc.load(kDemo).ok());
        REQUIRE(doc.project()
                    .requestMoveWorkload(doc.project().workloads().front().id,
                                         model::CanvasPosition{123, 456, true})
                    .ok());
        REQUIRE(doc.isModified());
        REQUIRE(doc.saveAs(path).ok());
        CHECK_FALSE(doc.isModified());
        saved = doc.project().data();
    }
    ui::ProjectDocument reopened;
    REQUIRE(reopened.load(path).ok());
    CHECK(reopened.project().data() == saved);
    CHECK(reopened.project().workloads().front().position == model::CanvasPosition{123, 456, true});
}

TEST_CASE("a file that cannot be read keeps the open project", "[ui]") {
    QTemporaryDir dir;
    ui::ProjectDocument doc;
    REQUIRE(doc.load(kDemo).ok());
    const auto before = doc.project().data();
    auto r = doc.load(dir.filePath("missing.ferry"));
    REQUIRE_FALSE(r.ok());
    CHECK(doc.project().data() == before);
    CHECK(doc.filePath().endsWith("retail-demo.json"));
}

namespace {

void sendMouse(QWidget* widget, QEvent::Type type, QPoint pos, Qt::MouseButton button,
               Qt::MouseButtons buttons, Qt::KeyboardModifiers modifiers = Qt::NoModifier) {
    QMouseEvent event(type, QPointF(pos), QPointF(widget->mapToGlobal(pos)), button, buttons,
                      modifiers);
    QApplication::sendEvent(widget, &event);
}

/// A left-button drag on the canvas between two scene points, in small steps.
void dragOnCanvas(ui::CanvasView* view, QPointF fromScene, QPointF toScene,
                  Qt::KeyboardModifiers modifiers = Qt::NoModifier) {
    QWidget* viewport = view->viewport();
    const QPoint from = view->mapFromScene(fromScene);
    const QPoint to = view->mapFromScene(toScene);
    REQUIRE(viewport->rect().contains(from));
    REQUIRE(viewport->rect().contains(to));
    sendMouse(viewport, QEvent::MouseButtonPress, from, Qt::LeftButton, Qt::LeftButton, modifiers);
    for (int i = 1; i <= 8; ++i)
        sendMouse(viewport, QEvent::MouseMove, from + (to - from) * i / 8, Qt::NoButton,
                  Qt::LeftButton, modifiers);
    sendMouse(viewport, QEvent::MouseButtonRelease, to, Qt::LeftButton, Qt::NoButton, modifiers);
}

/// A palette tile dragged over the canvas and dropped at a viewport point: the drag events a
/// QDrag from the palette delivers to the view.
void dropFromPalette(ui::CanvasView* view, QMimeData* mimeData, QPoint at) {
    std::unique_ptr<QMimeData> mime(mimeData);
    QWidget* viewport = view->viewport();
    REQUIRE(viewport->rect().contains(at));
    QDragEnterEvent enter(at, Qt::CopyAction, mime.get(), Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(viewport, &enter);
    for (int i = 0; i < 3; ++i) {
        QDragMoveEvent move(at + QPoint(2 - i, 0), Qt::CopyAction, mime.get(), Qt::LeftButton,
                            Qt::NoModifier);
        QApplication::sendEvent(viewport, &move);
    }
    QDropEvent drop(QPointF(at), Qt::CopyAction, mime.get(), Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(viewport, &drop);
}

} // namespace

TEST_CASE("an estate built from an empty canvas with the mouse alone saves and reopens", "[ui]") {
    ScratchSettings scratch;
    ui::MainWindow window;
    window.resize(1280, 800);
    window.show();
    REQUIRE(QTest::qWaitForWindowExposed(&window));
    ui::CanvasView* view = window.canvas();
    ui::CanvasScene& scene = view->canvasScene();
    const auto& project = window.document().project();
    QUndoStack& stack = window.document().undoStack();
    REQUIRE(project.sites().empty());
    view->setZoom(0.8);

    // Two sites from the palette: the data centre on the left, an AWS region on the right.
    const QRect area = view->viewport()->rect();
    dropFromPalette(view, ui::PaletteWidget::siteMimeData(model::Provider::OnPrem),
                    QPoint(area.width() / 5, area.height() / 6));
    dropFromPalette(view, ui::PaletteWidget::siteMimeData(model::Provider::Aws),
                    QPoint(area.width() * 7 / 10, area.height() / 6));
    REQUIRE(project.sites().size() == 2);
    const QString dc = QString::fromStdString(project.sites()[0].id);
    const QString aws = QString::fromStdString(project.sites()[1].id);
    CHECK(project.sites()[0].provider == model::Provider::OnPrem);
    CHECK(project.sites()[1].provider == model::Provider::Aws);

    // Three workloads dropped into the data centre, one under the other; the third lands on
    // the site's bottom edge, then is dragged further down (the site grows to hold it).
    const model::WorkloadKind kinds[] = {model::WorkloadKind::Vm, model::WorkloadKind::Database,
                                         model::WorkloadKind::FileShare};
    for (std::size_t i = 0; i < std::size(kinds); ++i) {
        const QRectF site = scene.siteItem(dc)->sceneRectangle();
        const QPointF at(site.center().x(),
                         std::min(site.top() + ui::CanvasStyle::kSiteHeader + 40 + 70.0 * double(i),
                                  site.bottom() - 4));
        dropFromPalette(view, ui::PaletteWidget::workloadMimeData(kinds[i]),
                        view->mapFromScene(at));
        REQUIRE(project.workloads().size() == i + 1);
        CHECK(project.workloads()[i].site == dc.toStdString());
    }
    const QString vm = QString::fromStdString(project.workloads()[0].id);
    const QString db = QString::fromStdString(project.workloads()[1].id);
    const QString files = QString::fromStdString(project.workloads()[2].id);
    const auto centre = [&](const QString& id) { return scene.workloadItem(id)->pos(); };
    const QPointF filesDropped = centre(files);
    dragOnCanvas(view, filesDropped, filesDropped + QPointF(0, 60));
    CHECK(centre(files) != filesDropped);
    CHECK(
        scene.siteItem(dc)->sceneRectangle().contains(ui::PlanGraphModel::nodeRect(centre(files))));
    // No card covers another.
    CHECK_FALSE(ui::PlanGraphModel::nodeRect(centre(vm))
                    .intersects(ui::PlanGraphModel::nodeRect(centre(db))));
    CHECK_FALSE(ui::PlanGraphModel::nodeRect(centre(db))
                    .intersects(ui::PlanGraphModel::nodeRect(centre(files))));

    // The VM depends on the database: drawn from the VM card's handle.
    dragOnCanvas(view, scene.workloadItem(vm)->handleCentre(), centre(db));
    CHECK(project.findDependency(vm.toStdString(), db.toStdString()));
    // The database and the VM move to AWS: each card dragged onto the region.
    dragOnCanvas(view, centre(db), scene.siteItem(aws)->sceneRectangle().center());
    dragOnCanvas(view, centre(vm), scene.siteItem(aws)->sceneRectangle().center());
    REQUIRE(project.findMapping(db.toStdString()));
    CHECK(project.findMapping(db.toStdString())->targetSite == aws.toStdString());
    CHECK(project.findMapping(vm.toStdString()));
    // A network link between the two sites: Shift-drag from the data centre's title.
    const QRectF dcRect = scene.siteItem(dc)->sceneRectangle();
    dragOnCanvas(view, dcRect.topLeft() + QPointF(30, ui::CanvasStyle::kSiteHeader / 2),
                 scene.siteItem(aws)->sceneRectangle().center(), Qt::ShiftModifier);
    REQUIRE(project.links().size() == 1);
    CHECK(scene.linkItemCount() == 1);
    CHECK(scene.dependencyItemCount() == 1);
    CHECK(scene.mappingItemCount() == 2);

    // Every step is one undo step: undo them all back to the empty canvas, then redo them.
    const model::ProjectData built = project.data();
    CHECK(stack.count() == 10);
    while (stack.canUndo())
        stack.undo();
    CHECK(project.sites().empty());
    CHECK(project.workloads().empty());
    CHECK(scene.siteItemCount() == 0);
    while (stack.canRedo())
        stack.redo();
    CHECK(project.data() == built);

    // Save, reopen in a second window: the same project and the same canvas.
    const QString path = scratch.path("built.ferry");
    REQUIRE(window.document().saveAs(path).ok());
    ui::MainWindow reopened;
    reopened.resize(1280, 800);
    reopened.show();
    REQUIRE(reopened.openFile(path));
    CHECK(reopened.document().project().data() == built);
    ui::CanvasScene& again = reopened.canvas()->canvasScene();
    CHECK(again.siteItemCount() == 2);
    CHECK(again.workloadItemCount() == 3);
    CHECK(again.dependencyItemCount() == 1);
    CHECK(again.mappingItemCount() == 2);
    CHECK(again.linkItemCount() == 1);
    for (const QString& id : {vm, db, files})
        CHECK(again.workloadItem(id)->pos() == centre(id));
    for (const QString& id : {dc, aws})
        CHECK(again.siteItem(id)->sceneRectangle() == scene.siteItem(id)->sceneRectangle());
}
