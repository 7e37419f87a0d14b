#include <catch2/catch.hpp>

#include <ferry/model/PricingCatalog.hpp>
#include <ferry/model/Project.hpp>
#include <ferry/ui/CanvasClipboard.hpp>
#include <ferry/ui/CanvasLegend.hpp>
#include <ferry/ui/CanvasMinimap.hpp>
#include <ferry/ui/CanvasOverviewItem.hpp>
#include <ferry/ui/CanvasScene.hpp>
#include <ferry/ui/CanvasStyle.hpp>
#include <ferry/ui/CanvasView.hpp>
#include <ferry/ui/DependencyEdgeItem.hpp>
#include <ferry/ui/EditCommands.hpp>
#include <ferry/ui/InterfaceLanguage.hpp>
#include <ferry/ui/LinkEdgeItem.hpp>
#include <ferry/ui/MappingEdgeItem.hpp>
#include <ferry/ui/PaletteWidget.hpp>
#include <ferry/ui/PlanGraphDefaults.hpp>
#include <ferry/ui/PlanGraphModel.hpp>
#include <ferry/ui/ProjectDocument.hpp>
#include <ferry/ui/PropertiesPanel.hpp>
#include <ferry/ui/Selection.hpp>
#include <ferry/ui/SiteItem.hpp>
#include <ferry/ui/WorkloadItem.hpp>

#include <QApplication>
#include <QClipboard>
#include <QFile>
#include <QFileInfo>
#include <QGestureEvent>
#include <QImage>
#include <QLineEdit>
#include <QLocale>
#include <QMimeData>
#include <QMouseEvent>
#include <QNativeGestureEvent>
#include <QPinchGesture>
#include <QPointingDevice>
#include <QSignalSpy>
#include <QSvgRenderer>
#include <QTemporaryDir>
#include <QTest>
#include <QWheelEvent>

#include <algorithm>
#include <memory>

using namespace ferry;

namespace {

const QString kDemo = QStringLiteral(FERRY_SOURCE_DIR "/resources/demo/retail-demo.json");

/// A shown canvas on its own document.
struct Canvas {
    ui::ProjectDocument document;
    std::unique_ptr<ui::CanvasView> view;

    explicit Canvas(const QString& path = {}) {
        if (!path.isEmpty())
            REQUIRE(document.load(path).ok());
        view = std::make_unique<ui::CanvasView>(document);
        view->resize(1280, 800);
        view->show();
        REQUIRE(QTest::qWaitForWindowExposed(view.get()));
    }
    ui::CanvasScene& scene() { return view->canvasScene(); }
    model::Project& project() { return document.project(); }
    QUndoStack& stack() { return document.undoStack(); }
    QPoint at(QPointF scenePos) const { return view->mapFromScene(scenePos); }
};

void sendMouse(QWidget* widget, QEvent::Type type, QPoint pos, Qt::MouseButton button,
               Qt::MouseButtons buttons, Qt::KeyboardModifiers modifiers = Qt::NoModifier) {
    QMouseEvent event(type, QPointF(pos), QPointF(widget->mapToGlobal(pos)), button, buttons,
                      modifiers);
    QApplication::sendEvent(widget, &event);
}

/// Press at from, move there in steps, release: what a user's drag does on the viewport.
void dragOnCanvas(Canvas& c, QPointF fromScene, QPointF toScene,
                  Qt::KeyboardModifiers modifiers = Qt::NoModifier) {
    QWidget* viewport = c.view->viewport();
    const QPoint from = c.at(fromScene);
    const QPoint to = c.at(toScene);
    sendMouse(viewport, QEvent::MouseButtonPress, from, Qt::LeftButton, Qt::LeftButton, modifiers);
    constexpr int kSteps = 8;
    for (int i = 1; i <= kSteps; ++i) {
        const QPoint p = from + (to - from) * i / kSteps;
        sendMouse(viewport, QEvent::MouseMove, p, Qt::NoButton, Qt::LeftButton, modifiers);
    }
    sendMouse(viewport, QEvent::MouseButtonRelease, to, Qt::LeftButton, Qt::NoButton, modifiers);
}

/// Drag palette data onto the canvas and drop it, as a QDrag from the palette would.
void dropOnCanvas(Canvas& c, std::unique_ptr<QMimeData> mime, QPointF scenePos) {
    QWidget* viewport = c.view->viewport();
    const QPoint p = c.at(scenePos);
    QDragEnterEvent enter(p, Qt::CopyAction, mime.get(), Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(viewport, &enter);
    QDragMoveEvent move(p, Qt::CopyAction, mime.get(), Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(viewport, &move);
    QDropEvent drop(QPointF(p), Qt::CopyAction, mime.get(), Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(viewport, &drop);
}

QPointF positionOf(const std::vector<model::Workload>& workloads, const std::string& id) {
    for (const auto& w : workloads)
        if (w.id == id)
            return {w.position.x, w.position.y};
    FAIL("no workload " << id);
    return {};
}

QPointF positionOf(const model::Project& p, const std::string& workload) {
    const model::Workload* w = p.findWorkload(workload);
    REQUIRE(w);
    return {w->position.x, w->position.y};
}

/// Two sites (a data centre and an AWS region) and three workloads in the data centre.
void buildSmallEstate(Canvas& c) {
    auto& p = c.project();
    REQUIRE(p.requestAddSite({.id = "dc",
                              .name = "Data centre",
                              .provider = model::Provider::OnPrem,
                              .position = {0, 0}})
                .ok());
    REQUIRE(p.requestAddSite({.id = "aws",
                              .name = "AWS Frankfurt",
                              .provider = model::Provider::Aws,
                              .region = "eu-central-1",
                              .position = {700, 0}})
                .ok());
    REQUIRE(p.requestAddWorkload({.id = "app",
                                  .name = "App server",
                                  .kind = model::WorkloadKind::Vm,
                                  .site = "dc",
                                  .sizeGb = 80,
                                  .vcpu = 4,
                                  .memoryGb = 16,
                                  .position = {150, 80}})
                .ok());
    REQUIRE(p.requestAddWorkload({.id = "db",
                                  .name = "Orders DB",
                                  .kind = model::WorkloadKind::Database,
                                  .site = "dc",
                                  .sizeGb = 200,
                                  .vcpu = 4,
                                  .memoryGb = 16,
                                  .position = {150, 160}})
                .ok());
    REQUIRE(p.requestAddWorkload({.id = "files",
                                  .name = "Files",
                                  .kind = model::WorkloadKind::FileShare,
                                  .site = "dc",
                                  .sizeGb = 500,
                                  .position = {150, 240}})
                .ok());
    c.stack().clear();
    c.view->fitToView();
}

} // namespace

TEST_CASE("palette drops create a site and a workload, each one undo step", "[ui][canvas]") {
    Canvas c;
    QSignalSpy messages(c.view.get(), &ui::CanvasView::statusMessage);

    dropOnCanvas(c,
                 std::unique_ptr<QMimeData>(ui::PaletteWidget::siteMimeData(model::Provider::Aws)),
                 QPointF(300, 200));
    REQUIRE(c.project().sites().size() == 1);
    const model::Site site = c.project().sites().front();
    CHECK(site.provider == model::Provider::Aws);
    CHECK(c.stack().count() == 1);
    CHECK(c.scene().siteItemCount() == 1);
    const model::ProjectData withSite = c.project().data();

    // Outside every site: refused, with the reason in the status bar.
    const QRectF siteRect = c.scene().siteItem(QString::fromStdString(site.id))->sceneRectangle();
    dropOnCanvas(c,
                 std::unique_ptr<QMimeData>(
                     ui::PaletteWidget::workloadMimeData(model::WorkloadKind::Database)),
                 siteRect.bottomRight() + QPointF(300, 300));
    CHECK(c.project().workloads().empty());
    CHECK(c.stack().count() == 1);
    REQUIRE_FALSE(messages.isEmpty());
    CHECK(messages.back().front().toString().contains("inside a site"));

    dropOnCanvas(c,
                 std::unique_ptr<QMimeData>(
                     ui::PaletteWidget::workloadMimeData(model::WorkloadKind::Database)),
                 siteRect.center());
    REQUIRE(c.project().workloads().size() == 1);
    const model::Workload w = c.project().workloads().front();
    CHECK(w.kind == model::WorkloadKind::Database);
    CHECK(w.site == site.id);
    CHECK(c.stack().count() == 2);
    auto* item = c.scene().workloadItem(QString::fromStdString(w.id));
    REQUIRE(item);
    CHECK(item->pos() == QPointF(w.position.x, w.position.y));
    CHECK(c.document.selection().ids() == QStringList{QString::fromStdString(w.id)});
    const model::ProjectData withBoth = c.project().data();

    c.stack().undo();
    CHECK(c.project().data() == withSite);
    CHECK(c.scene().workloadItemCount() == 0);
    c.stack().undo();
    CHECK(c.project().sites().empty());
    CHECK(c.scene().siteItemCount() == 0);
    c.stack().redo();
    c.stack().redo();
    CHECK(c.project().data() == withBoth);
    CHECK(c.scene().workloadItemCount() == 1);

    // A second drop of the same kinds gets fresh ids.
    dropOnCanvas(c,
                 std::unique_ptr<QMimeData>(
                     ui::PaletteWidget::workloadMimeData(model::WorkloadKind::Database)),
                 siteRect.center() + QPointF(0, 80));
    REQUIRE(c.project().workloads().size() == 2);
    CHECK(c.project().workloads()[0].id != c.project().workloads()[1].id);
}

TEST_CASE("dragging a card onto another site maps it and leaves it on its site", "[ui][canvas]") {
    Canvas c;
    buildSmallEstate(c);
    const model::ProjectData before = c.project().data();
    const QPointF start = positionOf(c.project(), "app");
    const QRectF target = c.scene().siteItem("aws")->sceneRectangle();

    dragOnCanvas(c, start, target.center());

    const model::Mapping* m = c.project().findMapping("app");
    REQUIRE(m);
    CHECK(m->targetSite == "aws");
    CHECK(m->strategy == model::Strategy::Rehost);
    const auto* catalog = ui::PlanGraphDefaults::catalog();
    REQUIRE(catalog);
    const auto offer = catalog->smallestFittingInstance(model::Provider::Aws, 4, 16);
    REQUIRE(offer);
    CHECK(m->targetService == "ec2:" + offer->type);
    // The card went back: the workload still runs on its source site.
    CHECK(positionOf(c.project(), "app") == start);
    CHECK(c.project().findWorkload("app")->site == "dc");
    CHECK(c.scene().workloadItem("app")->pos() == start);
    REQUIRE(c.scene().mappingItem("app"));
    CHECK(c.stack().count() == 1);
    const model::ProjectData mapped = c.project().data();

    c.stack().undo();
    CHECK(c.project().data() == before);
    CHECK_FALSE(c.scene().mappingItem("app"));
    c.stack().redo();
    CHECK(c.project().data() == mapped);
    CHECK(c.scene().mappingItem("app"));

    // A database dragged onto the region gets the managed PostgreSQL and replatform.
    dragOnCanvas(c, positionOf(c.project(), "db"), target.center());
    REQUIRE(c.project().findMapping("db"));
    CHECK(c.project().findMapping("db")->targetService == "rds-postgresql");
    CHECK(c.project().findMapping("db")->strategy == model::Strategy::Replatform);
    CHECK(c.stack().count() == 2);
}

TEST_CASE("a drag inside its site moves a card as one undo step", "[ui][canvas]") {
    Canvas c;
    buildSmallEstate(c);
    const QPointF start = positionOf(c.project(), "files");
    const model::ProjectData before = c.project().data();

    dragOnCanvas(c, start, start + QPointF(60, 120));

    const QPointF moved = positionOf(c.project(), "files");
    CHECK(moved != start);
    CHECK(std::abs(moved.x() - start.x() - 60) <= 2);
    CHECK(std::abs(moved.y() - start.y() - 120) <= 2);
    CHECK_FALSE(c.project().findMapping("files"));
    CHECK(c.stack().count() == 1);
    CHECK(c.scene().workloadItem("files")->pos() == moved);
    // The site grew to hold the card.
    CHECK(c.scene().siteItem("dc")->sceneRectangle().contains(ui::PlanGraphModel::nodeRect(moved)));

    c.stack().undo();
    CHECK(c.project().data() == before);
    CHECK(c.scene().workloadItem("files")->pos() == start);
    c.stack().redo();
    CHECK(positionOf(c.project(), "files") == moved);

    // A second drag is a second step.
    dragOnCanvas(c, moved, moved + QPointF(0, 40));
    CHECK(c.stack().count() == 2);
}

TEST_CASE("dragging a site by its title moves its workloads with it", "[ui][canvas]") {
    Canvas c;
    buildSmallEstate(c);
    const model::ProjectData before = c.project().data();
    const QPointF app = positionOf(c.project(), "app");
    const QPointF title(100, ui::CanvasStyle::kSiteHeader / 2);

    dragOnCanvas(c, title, title + QPointF(0, 300));

    const model::Site* dc = c.project().findSite("dc");
    CHECK(std::abs(dc->position.y - 300) <= 2);
    CHECK(std::abs(positionOf(c.project(), "app").y() - app.y() - 300) <= 2);
    CHECK(c.stack().count() == 1);
    c.stack().undo();
    CHECK(c.project().data() == before);
}

TEST_CASE("a dependency is drawn from a card's handle or with Shift", "[ui][canvas]") {
    Canvas c;
    buildSmallEstate(c);
    const model::ProjectData before = c.project().data();
    auto* app = c.scene().workloadItem("app");
    REQUIRE(app);

    dragOnCanvas(c, app->handleCentre(), positionOf(c.project(), "db"));
    REQUIRE(c.project().findDependency("app", "db"));
    CHECK(c.scene().dependencyItem("app->db"));
    CHECK(c.stack().count() == 1);
    const model::ProjectData linked = c.project().data();
    // The handle drag moved nothing.
    CHECK(positionOf(c.project(), "app") == positionOf(before.workloads, "app"));

    c.stack().undo();
    CHECK(c.project().data() == before);
    CHECK_FALSE(c.scene().dependencyItem("app->db"));
    c.stack().redo();
    CHECK(c.project().data() == linked);

    dragOnCanvas(c, positionOf(c.project(), "db"), positionOf(c.project(), "files"),
                 Qt::ShiftModifier);
    CHECK(c.project().findDependency("db", "files"));
    CHECK(c.stack().count() == 2);

    // Released on empty canvas: nothing.
    dragOnCanvas(c, c.scene().workloadItem("files")->handleCentre(), QPointF(-500, -500));
    CHECK(c.project().dependencies().size() == 2);
    CHECK(c.stack().count() == 2);
}

TEST_CASE("deleting a workload and undoing restores its dependencies and mapping", "[ui][canvas]") {
    QTemporaryDir dir;
    REQUIRE(dir.isValid());
    Canvas c(kDemo);
    const auto savedBytes = [&](const QString& name) {
        const QString path = dir.filePath(name);
        REQUIRE(c.document.saveAs(path).ok());
        QFile file(path);
        REQUIRE(file.open(QIODevice::ReadOnly));
        return file.readAll();
    };
    const QByteArray original = savedBytes("before.json");
    const model::ProjectData before = c.project().data();
    const int dependencyItems = c.scene().dependencyItemCount();
    const int mappingItems = c.scene().mappingItemCount();
    REQUIRE(c.project().findMapping("orders-db"));
    // Not the last of its lists, so a restore at the end would show in the file.
    REQUIRE(c.project().workloads().back().id != "orders-db");
    c.view->setZoom(1.3);
    const QPointF centre = c.view->mapToScene(c.view->viewport()->rect().center());

    c.document.selection().set({"orders-db"});
    c.view->deleteSelection();
    CHECK_FALSE(c.project().findWorkload("orders-db"));
    CHECK_FALSE(c.project().findMapping("orders-db"));
    for (const auto& d : c.project().dependencies())
        CHECK((d.from != "orders-db" && d.to != "orders-db"));
    CHECK(c.scene().dependencyItemCount() < dependencyItems);
    CHECK(c.stack().count() == 1);

    c.stack().undo();
    CHECK(c.project().data() == before);
    CHECK(savedBytes("after-undo.json") == original);
    CHECK(c.scene().dependencyItemCount() == dependencyItems);
    CHECK(c.scene().mappingItemCount() == mappingItems);
    CHECK(c.scene().workloadItem("orders-db"));
    // The view stayed where the user was.
    CHECK(c.view->zoom() == Approx(1.3));
    CHECK(c.view->mapToScene(c.view->viewport()->rect().center()) == centre);
    c.stack().redo();
    CHECK_FALSE(c.project().findWorkload("orders-db"));
    c.stack().undo();

    // A whole site: its workloads, the mappings onto it and its links go, in one step.
    c.document.selection().set({"aws-sg"});
    c.view->deleteSelection();
    CHECK_FALSE(c.project().findSite("aws-sg"));
    for (const auto& m : c.project().mappings())
        CHECK(m.targetSite != "aws-sg");
    // One step (the undone delete before it was dropped from the history).
    CHECK(c.stack().count() == 1);
    CHECK(c.stack().index() == 1);
    c.stack().undo();
    CHECK(c.project().data() == before);
    CHECK(savedBytes("after-site-undo.json") == original);
    CHECK(c.scene().mappingItemCount() == mappingItems);

    // Removing one dependency and one mapping from the middle of their lists, then undoing.
    const auto& d = c.project().dependencies().front();
    REQUIRE(ui::pushRemoveDependency(c.document, d.from, d.to).ok());
    REQUIRE(ui::pushRemoveMapping(c.document, c.project().mappings().front().workload).ok());
    c.stack().undo();
    c.stack().undo();
    CHECK(savedBytes("after-edge-undo.json") == original);
}

TEST_CASE("a saved .ferry file reopens as the same canvas", "[ui][canvas]") {
    QTemporaryDir dir;
    REQUIRE(dir.isValid());
    const QString path = dir.filePath("canvas.ferry");
    QHash<QString, QPointF> cards;
    QHash<QString, QRectF> sites;
    int dependencies = 0, mappings = 0;
    {
        Canvas c(kDemo);
        const QPointF start = positionOf(c.project(), "analytics");
        dragOnCanvas(c, start, start + QPointF(40, 0));
        REQUIRE(positionOf(c.project(), "analytics") != start);
        REQUIRE(c.document.saveAs(path).ok());
        for (const auto& w : c.project().workloads())
            cards.insert(QString::fromStdString(w.id),
                         c.scene().workloadItem(QString::fromStdString(w.id))->pos());
        for (const auto& s : c.project().sites())
            sites.insert(QString::fromStdString(s.id),
                         c.scene().siteItem(QString::fromStdString(s.id))->sceneRectangle());
        dependencies = c.scene().dependencyItemCount();
        mappings = c.scene().mappingItemCount();
    }
    Canvas reopened(path);
    CHECK(reopened.scene().workloadItemCount() == cards.size());
    CHECK(reopened.scene().siteItemCount() == sites.size());
    CHECK(reopened.scene().dependencyItemCount() == dependencies);
    CHECK(reopened.scene().mappingItemCount() == mappings);
    for (auto it = cards.cbegin(); it != cards.cend(); ++it) {
        auto* item = reopened.scene().workloadItem(it.key());
        REQUIRE(item);
        CHECK(item->pos() == it.value());
    }
    for (auto it = sites.cbegin(); it != sites.cend(); ++it)
        CHECK(reopened.scene().siteItem(it.key())->sceneRectangle() == it.value());
}

TEST_CASE("copied objects paste into a second document", "[ui][canvas]") {
    Canvas source(kDemo);
    Canvas target;
    source.document.selection().set({"shanghai-dc", "aws-sg"});
    source.view->copySelection();
    const QMimeData* clip = QApplication::clipboard()->mimeData();
    REQUIRE(clip);
    REQUIRE(clip->hasFormat(ui::CanvasClipboard::kMimeType));

    QSignalSpy messages(target.view.get(), &ui::CanvasView::statusMessage);
    target.view->setFocus();
    target.view->paste();
    const auto& p = target.project();
    CHECK(p.sites().size() == 2);
    CHECK(p.workloads().size() == source.project().workloads().size());
    CHECK(p.dependencies().size() == source.project().dependencies().size());
    // Same ids (nothing clashes), same places.
    CHECK(positionOf(p, "orders-db") == positionOf(source.project(), "orders-db"));
    // Mappings onto Alibaba Cloud could not come: that site was not copied.
    REQUIRE(p.findMapping("orders-db"));
    CHECK(p.findMapping("orders-db")->targetSite == "aws-sg");
    CHECK_FALSE(p.findMapping("behaviour-logs"));
    REQUIRE_FALSE(messages.isEmpty());
    CHECK(messages.back().front().toString().contains("aliyun-hz"));
    CHECK(target.stack().count() == 1);
    CHECK(target.scene().workloadItemCount() == int(p.workloads().size()));
    target.stack().undo();
    CHECK(target.project().sites().empty());
    CHECK(target.project().workloads().empty());

    // Pasting into the source itself renames every clashing id and shifts the copies.
    std::unique_ptr<QMimeData> mime(source.view->selectionMimeData());
    const std::size_t workloads = source.project().workloads().size();
    REQUIRE(source.view->pasteMimeData(mime.get()));
    CHECK(source.project().workloads().size() == 2 * workloads);
    REQUIRE(source.project().findSite("shanghai-dc-2"));
    REQUIRE(source.project().findWorkload("orders-db-2"));
    CHECK(source.project().findWorkload("orders-db-2")->site == "shanghai-dc-2");
    CHECK(positionOf(source.project(), "orders-db-2") ==
          positionOf(source.project(), "orders-db") + QPointF(40, 40));
    CHECK(source.project().findDependency("order-svc-2", "orders-db-2"));
    CHECK(source.project().findMapping("orders-db-2")->targetSite == "aws-sg-2");
}

TEST_CASE("duplicate copies the selection beside itself as one undo step", "[ui][canvas]") {
    Canvas c;
    buildSmallEstate(c);
    REQUIRE(c.project().requestAddDependency({.from = "app", .to = "db"}).ok());
    c.stack().clear();
    c.document.selection().set({"app", "db"});
    c.view->duplicateSelection();
    CHECK(c.project().workloads().size() == 5);
    CHECK(c.project().findDependency("app-2", "db-2"));
    CHECK(c.stack().count() == 1);
    CHECK(c.document.selection().ids().contains("app-2"));
}

TEST_CASE("auto layout is one undo step and keeps pinned objects", "[ui][canvas]") {
    Canvas c(kDemo);
    REQUIRE(c.project()
                .requestMoveWorkload("payment-gateway", model::CanvasPosition{160, 340, true})
                .ok());
    c.stack().clear();
    const model::ProjectData before = c.project().data();

    QSignalSpy done(c.view.get(), &ui::CanvasView::layoutFinished);
    c.view->autoLayout();
    REQUIRE(done.wait(120000));
    REQUIRE(done.front().front().toBool());
    CHECK(c.stack().count() == 1);
    CHECK(positionOf(c.project(), "payment-gateway") == QPointF(160, 340));
    CHECK(c.project().findWorkload("payment-gateway")->position.pinned);
    int moved = 0;
    for (const auto& w : c.project().workloads())
        moved += positionOf(before.workloads, w.id) != QPointF(w.position.x, w.position.y);
    CHECK(moved > 10);
    // No two unpinned cards overlap.
    const auto& ws = c.project().workloads();
    for (std::size_t i = 0; i < ws.size(); ++i)
        for (std::size_t j = i + 1; j < ws.size(); ++j) {
            if (ws[i].position.pinned || ws[j].position.pinned)
                continue;
            const QRectF a = ui::PlanGraphModel::nodeRect({ws[i].position.x, ws[i].position.y});
            const QRectF b = ui::PlanGraphModel::nodeRect({ws[j].position.x, ws[j].position.y});
            CHECK_FALSE(a.intersects(b));
        }
    c.stack().undo();
    CHECK(c.project().data() == before);

    c.view->arrangeInGrid();
    CHECK(c.stack().count() == 1);
    CHECK(positionOf(c.project(), "payment-gateway") == QPointF(160, 340));
    c.stack().undo();
    CHECK(c.project().data() == before);
}

TEST_CASE("without Graphviz the status bar says so and nothing changes", "[ui][canvas]") {
    Canvas c(kDemo);
    const model::ProjectData before = c.project().data();
    qputenv("FERRY_DOT", "/nonexistent/graphviz/dot");
    QSignalSpy messages(c.view.get(), &ui::CanvasView::statusMessage);
    c.view->autoLayout();
    qunsetenv("FERRY_DOT");
    REQUIRE_FALSE(messages.isEmpty());
    CHECK(messages.back().front().toString().contains("Graphviz"));
    CHECK(c.project().data() == before);
    CHECK(c.stack().count() == 0);
}

TEST_CASE("colour modes change the cards' colours and the legend", "[ui][canvas]") {
    Canvas c(kDemo);
    auto& model = c.view->graphModel();
    model.analyseNow();
    const ui::WorkloadView* retire = model.workload("legacy-reporting");
    const ui::WorkloadView* rehost = model.workload("storefront-web");
    REQUIRE(retire);
    REQUIRE(rehost);
    c.view->focusObject("legacy-reporting");
    c.document.selection().clear();

    CHECK_FALSE(c.view->legend()->isVisible());
    const QImage plain = c.view->grab().toImage();

    c.view->setColourMode(ui::ColourMode::Strategy);
    CHECK(model.workloadColour(*retire) ==
          ui::CanvasStyle::strategyColour(model::Strategy::Retire));
    CHECK(model.workloadColour(*rehost) ==
          ui::CanvasStyle::strategyColour(model::Strategy::Rehost));
    CHECK(c.view->action(ui::CanvasView::Action::ColourByStrategy)->isChecked());
    CHECK(c.view->legend()->isVisible());
    CHECK(c.view->legend()->labels().contains("Retire"));
    const QImage byStrategy = c.view->grab().toImage();
    CHECK(byStrategy != plain);

    c.view->setColourMode(ui::ColourMode::Cost);
    CHECK(model.workloadColour(*retire) != model.workloadColour(*rehost));
    c.view->setColourMode(ui::ColourMode::Wave);
    CHECK(model.workloadColour(*rehost) == ui::CanvasStyle::waveColour(rehost->wave));
    c.view->setColourMode(ui::ColourMode::Validation);
    const QImage byValidation = c.view->grab().toImage();
    CHECK(byValidation != byStrategy);
}

TEST_CASE("the canvas exports non-empty PNG and SVG files", "[ui][canvas]") {
    Canvas c(kDemo);
    QTemporaryDir dir;
    REQUIRE(dir.isValid());
    const QString png = dir.filePath("canvas.png");
    const QString svg = dir.filePath("canvas.svg");
    REQUIRE(c.view->exportImage(png).ok());
    QImage image(png);
    REQUIRE_FALSE(image.isNull());
    CHECK(image.width() > 500);
    CHECK(image.height() > 500);
    // Not a blank page: the site colours are there.
    bool coloured = false;
    for (int y = 0; y < image.height() && !coloured; y += 7)
        for (int x = 0; x < image.width() && !coloured; x += 7)
            coloured = QColor(image.pixel(x, y)).saturation() > 100;
    CHECK(coloured);

    REQUIRE(c.view->exportImage(svg).ok());
    CHECK(QFileInfo(svg).size() > 1000);
    QSvgRenderer renderer(svg);
    CHECK(renderer.isValid());
    CHECK(renderer.defaultSize().width() > 500);

    CHECK_FALSE(c.view->exportImage(dir.filePath("canvas.xyz")).ok());
}

TEST_CASE("search finds by name and tag and brings the object into view", "[ui][canvas]") {
    Canvas c(kDemo);
    const QStringList pci = c.view->find("pci");
    CHECK(pci.contains("checkout-svc"));
    CHECK(pci.contains("payment-gateway"));
    CHECK(pci.contains("orders-db"));
    CHECK_FALSE(pci.contains("cart-svc"));
    CHECK(c.view->find("Singapore") == QStringList{"aws-sg"});
    CHECK(c.view->find("no such thing").isEmpty());

    c.view->setZoom(1.0);
    c.view->focusObject("recommendation-model");
    CHECK(c.document.selection().ids() == QStringList{"recommendation-model"});
    const QRectF visible = c.view->mapToScene(c.view->viewport()->rect()).boundingRect();
    CHECK(visible.contains(c.scene().workloadItem("recommendation-model")->sceneBoundingRect()));
    CHECK(c.scene().workloadItem("recommendation-model")->isSelected());
}

TEST_CASE("rubber-band selection reaches the shared selection and back", "[ui][canvas]") {
    Canvas c;
    buildSmallEstate(c);
    // From inside the site's body (not its title band) around the first two cards.
    dragOnCanvas(c, QPointF(20, 38), QPointF(290, 205));
    QStringList ids = c.document.selection().ids();
    ids.sort();
    CHECK(ids == QStringList{"app", "db"});
    CHECK(c.stack().count() == 0);

    c.document.selection().set({"files"});
    CHECK(c.scene().workloadItem("files")->isSelected());
    CHECK_FALSE(c.scene().workloadItem("app")->isSelected());
}

TEST_CASE("a refused edit leaves the undo stack untouched and says why", "[ui][canvas]") {
    Canvas c;
    buildSmallEstate(c);
    QSignalSpy refused(&ui::EditFeedback::of(c.document), &ui::EditFeedback::refused);
    const auto r = ui::pushAddDependency(c.document, {.from = "app", .to = "app"});
    CHECK_FALSE(r.ok());
    CHECK(c.stack().count() == 0);
    REQUIRE(refused.size() == 1);
    CHECK(refused.front().front().toString().contains("itself"));

    // Bulk edit from the properties panel: all or none, one step.
    auto app = *c.project().findWorkload("app");
    auto db = *c.project().findWorkload("db");
    app.owner = "team-a";
    db.owner = "team-a";
    REQUIRE(ui::pushUpdateWorkloads(c.document, {app, db}).ok());
    CHECK(c.stack().count() == 1);
    CHECK(c.project().findWorkload("db")->owner == "team-a");
    db.site = "nowhere";
    app.owner = "team-b";
    CHECK_FALSE(ui::pushUpdateWorkloads(c.document, {app, db}).ok());
    CHECK(c.project().findWorkload("app")->owner == "team-a");
    CHECK(c.stack().count() == 1);
    c.stack().undo();
    CHECK(c.project().findWorkload("app")->owner.empty());
}

TEST_CASE("the minimap moves the view where it is clicked", "[ui][canvas]") {
    Canvas c(kDemo);
    c.view->setZoom(1.5);
    auto* minimap = c.view->minimap();
    REQUIRE(minimap->isVisible());
    minimap->update();
    QApplication::processEvents();
    minimap->grab(); // paints, so the miniature's transform is known
    const QPointF wanted = c.scene().siteItem("aliyun-hz")->sceneRectangle().center();
    const QPoint click = minimap->minimapAt(wanted).toPoint();
    sendMouse(minimap, QEvent::MouseButtonPress, click, Qt::LeftButton, Qt::LeftButton);
    sendMouse(minimap, QEvent::MouseButtonRelease, click, Qt::LeftButton, Qt::NoButton);
    const QPointF centre = c.view->mapToScene(c.view->viewport()->rect().center());
    CHECK(std::abs(centre.x() - wanted.x()) < 20);
    CHECK(std::abs(centre.y() - wanted.y()) < 20);
}

TEST_CASE("zoomed far out, edges become site-to-site flows", "[ui][canvas]") {
    Canvas c(kDemo);
    c.view->setZoom(1.0);
    CHECK_FALSE(c.scene().overview());
    REQUIRE(c.scene().dependencyItem("order-svc->orders-db"));
    CHECK(c.scene().dependencyItem("order-svc->orders-db")->isVisible());

    c.view->setZoom(0.1);
    REQUIRE(c.scene().overview());
    CHECK_FALSE(c.scene().dependencyItem("order-svc->orders-db")->isVisible());
    CHECK_FALSE(c.scene().mappingItem("orders-db")->isVisible());
    int toAws = 0, toAliyun = 0;
    for (const auto& flow : c.scene().overviewItem()->flows()) {
        CHECK(flow.mapping); // every dependency of the demo stays inside Shanghai DC
        CHECK(flow.from == "shanghai-dc");
        if (flow.to == "aws-sg")
            toAws = flow.count;
        if (flow.to == "aliyun-hz")
            toAliyun = flow.count;
    }
    int expectedAws = 0, expectedAliyun = 0;
    for (const auto& m : c.project().mappings()) {
        expectedAws += m.targetSite == "aws-sg";
        expectedAliyun += m.targetSite == "aliyun-hz";
    }
    CHECK(toAws == expectedAws);
    CHECK(toAliyun == expectedAliyun);

    // A new mapping shows in the flows once the scene has caught up.
    REQUIRE(ui::pushSetMapping(c.document, ui::PlanGraphDefaults::mappingFor(
                                               c.project(), "payment-gateway", "aliyun-hz"))
                .ok());
    QApplication::processEvents();
    for (const auto& flow : c.scene().overviewItem()->flows())
        if (flow.to == "aliyun-hz")
            CHECK(flow.count == expectedAliyun + 1);

    c.view->setZoom(1.0);
    CHECK(c.scene().dependencyItem("order-svc->orders-db")->isVisible());
}

TEST_CASE("keyboard: zoom shortcuts, Delete and arrow nudges", "[ui][canvas]") {
    Canvas c;
    buildSmallEstate(c);
    c.view->activateWindow();
    c.view->setFocus();
    REQUIRE(QTest::qWaitForWindowActive(c.view.get()));

    c.view->setZoom(1.0);
    QTest::keyClick(c.view.get(), Qt::Key_Equal, Qt::ControlModifier);
    CHECK(c.view->zoom() > 1.0);
    QTest::keyClick(c.view.get(), Qt::Key_Minus, Qt::ControlModifier);
    QTest::keyClick(c.view.get(), Qt::Key_Minus, Qt::ControlModifier);
    CHECK(c.view->zoom() < 1.0);
    c.view->setZoom(3.0);
    QTest::keyClick(c.view.get(), Qt::Key_0, Qt::ControlModifier);
    // The small estate fits at a readable scale.
    CHECK(c.view->zoom() < 3.0);
    const QRectF visible = c.view->mapToScene(c.view->viewport()->rect()).boundingRect();
    CHECK(visible.contains(c.scene().contentRect()));

    c.document.selection().set({"files"});
    const QPointF before = positionOf(c.project(), "files");
    QTest::keyClick(c.view.get(), Qt::Key_Right);
    QTest::keyClick(c.view.get(), Qt::Key_Down, Qt::ShiftModifier);
    CHECK(positionOf(c.project(), "files") == before + QPointF(10, 1));
    CHECK(c.stack().count() == 2);

    QTest::keyClick(c.view.get(), Qt::Key_Delete);
    CHECK_FALSE(c.project().findWorkload("files"));
    c.stack().undo();
    CHECK(c.project().findWorkload("files"));
}

TEST_CASE("wheel, pinch and trackpad zoom about the pointer; middle button and Space pan",
          "[ui][canvas]") {
    Canvas c(kDemo);
    QWidget* viewport = c.view->viewport();
    const QPoint anchor(viewport->width() / 3, viewport->height() / 3);
    const auto sceneUnder = [&](QPoint p) { return c.view->mapToScene(p); };

    // Ctrl+wheel zooms in about the pointer; a plain wheel scrolls and keeps the zoom.
    c.view->setZoom(1.0);
    QPointF under = sceneUnder(anchor);
    QWheelEvent wheel(QPointF(anchor), QPointF(viewport->mapToGlobal(anchor)), QPoint(),
                      QPoint(0, 240), Qt::NoButton, Qt::ControlModifier, Qt::NoScrollPhase, false);
    QApplication::sendEvent(viewport, &wheel);
    CHECK(c.view->zoom() > 1.2);
    CHECK((sceneUnder(anchor) - under).manhattanLength() < 3);
    const double wheeled = c.view->zoom();
    QWheelEvent scroll(QPointF(anchor), QPointF(viewport->mapToGlobal(anchor)), QPoint(),
                       QPoint(0, -120), Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase, false);
    QApplication::sendEvent(viewport, &scroll);
    CHECK(c.view->zoom() == Approx(wheeled));

    // A touch pinch (QPinchGesture) spreading the fingers by half zooms in 1.5 times.
    c.view->setZoom(1.0);
    under = sceneUnder(anchor);
    QPinchGesture pinch;
    pinch.setChangeFlags(QPinchGesture::ScaleFactorChanged);
    pinch.setScaleFactor(1.5);
    pinch.setCenterPoint(QPointF(viewport->mapToGlobal(anchor)));
    QGestureEvent gestureEvent({&pinch});
    QApplication::sendEvent(viewport, &gestureEvent);
    CHECK(c.view->zoom() == Approx(1.5).epsilon(0.01));
    CHECK((sceneUnder(anchor) - under).manhattanLength() < 3);
    // A pinch that only moves its centre does not zoom.
    pinch.setChangeFlags(QPinchGesture::CenterPointChanged);
    pinch.setScaleFactor(3.0);
    QGestureEvent moveOnly({&pinch});
    QApplication::sendEvent(viewport, &moveOnly);
    CHECK(c.view->zoom() == Approx(1.5).epsilon(0.01));

    // A trackpad pinch (native zoom gesture): value is the relative change.
    QNativeGestureEvent trackpad(Qt::ZoomNativeGesture, QPointingDevice::primaryPointingDevice(), 2,
                                 QPointF(anchor), QPointF(anchor),
                                 QPointF(viewport->mapToGlobal(anchor)), -0.5, QPointF());
    QApplication::sendEvent(viewport, &trackpad);
    CHECK(c.view->zoom() == Approx(0.75).epsilon(0.01));

    // Pan with the middle button: the scene follows the pointer, nothing is edited.
    c.view->setZoom(2.0);
    const model::ProjectData before = c.project().data();
    const QPoint start(viewport->width() / 2, viewport->height() / 2);
    const QPointF grabbed = sceneUnder(start);
    sendMouse(viewport, QEvent::MouseButtonPress, start, Qt::MiddleButton, Qt::MiddleButton);
    for (int i = 1; i <= 5; ++i)
        sendMouse(viewport, QEvent::MouseMove, start + QPoint(-30 * i, -20 * i), Qt::NoButton,
                  Qt::MiddleButton);
    sendMouse(viewport, QEvent::MouseButtonRelease, start + QPoint(-150, -100), Qt::MiddleButton,
              Qt::NoButton);
    CHECK((sceneUnder(start + QPoint(-150, -100)) - grabbed).manhattanLength() < 2);
    CHECK(c.project().data() == before);
    CHECK(c.stack().count() == 0);

    // Pan with Space held and the left button, even starting on a card: no move, no selection.
    c.view->activateWindow();
    c.view->setFocus();
    REQUIRE(QTest::qWaitForWindowActive(c.view.get()));
    c.view->centerOn(positionOf(c.project(), "orders-db"));
    const QPoint onCard = c.at(positionOf(c.project(), "orders-db"));
    REQUIRE(viewport->rect().contains(onCard));
    const QPointF cardScene = sceneUnder(onCard);
    c.document.selection().clear();
    QTest::keyPress(c.view.get(), Qt::Key_Space);
    CHECK(viewport->cursor().shape() == Qt::OpenHandCursor);
    dragOnCanvas(c, cardScene, cardScene + QPointF(60, 40) / c.view->zoom());
    QTest::keyRelease(c.view.get(), Qt::Key_Space);
    CHECK(viewport->cursor().shape() != Qt::OpenHandCursor);
    CHECK(c.project().data() == before);
    CHECK(c.stack().count() == 0);
    CHECK(c.document.selection().ids().isEmpty());
    // The point grabbed is now 60, 40 pixels further right and down.
    CHECK((c.view->mapFromScene(cardScene) - (onCard + QPoint(60, 40))).manhattanLength() <= 2);

    // Without Space the same drag moves the card.
    dragOnCanvas(c, cardScene, cardScene + QPointF(20, 0));
    CHECK(c.stack().count() == 1);
}

TEST_CASE("network links are drawn between sites, selectable, edited and deleted with undo",
          "[ui][canvas]") {
    QTemporaryDir dir;
    REQUIRE(dir.isValid());
    Canvas c(kDemo);
    ui::PropertiesPanel properties(c.document);
    const auto savedBytes = [&](const QString& name) {
        const QString path = dir.filePath(name);
        REQUIRE(c.document.saveAs(path).ok());
        QFile file(path);
        REQUIRE(file.open(QIODevice::ReadOnly));
        return file.readAll();
    };
    const QByteArray original = savedBytes("before.json");
    REQUIRE_FALSE(c.project().links().empty());
    CHECK(c.scene().linkItemCount() == int(c.project().links().size()));
    ui::LinkEdgeItem* link = c.scene().linkItem("dc-aws");
    REQUIRE(link);
    // Between the borders of its two sites, labelled with its bandwidth and latency.
    const QRectF dc = c.scene().siteItem("shanghai-dc")->sceneRectangle();
    const QRectF aws = c.scene().siteItem("aws-sg")->sceneRectangle();
    CHECK_FALSE(link->labelRect().isEmpty());
    CHECK_FALSE(dc.intersects(link->labelRect()));
    CHECK_FALSE(aws.intersects(link->labelRect()));
    CHECK(link->label() == QStringLiteral("1 Gbit/s · 38 ms"));
    // The label follows the interface language, measured again for its new width.
    const double englishWidth = link->labelRect().width();
    REQUIRE(ui::InterfaceLanguage::apply("zh_CN"));
    QCoreApplication::processEvents(); // LanguageChange events are posted
    CHECK(link->label() == QStringLiteral("1 Gbit/s · 38 毫秒"));
    CHECK(link->labelRect().width() != englishWidth);
    REQUIRE(ui::InterfaceLanguage::apply("en"));
    QCoreApplication::processEvents();
    CHECK(link->labelRect().width() == englishWidth);

    // A click on its label selects it, everywhere.
    c.view->setZoom(1.0);
    c.view->centerOn(link->labelRect().center());
    const QPoint onLabel = c.at(link->labelRect().center());
    sendMouse(c.view->viewport(), QEvent::MouseButtonPress, onLabel, Qt::LeftButton,
              Qt::LeftButton);
    sendMouse(c.view->viewport(), QEvent::MouseButtonRelease, onLabel, Qt::LeftButton,
              Qt::NoButton);
    CHECK(link->isSelected());
    CHECK(c.document.selection().ids() == QStringList{ui::Selection::linkKey("dc-aws")});
    QApplication::processEvents();
    CHECK(properties.page() == ui::PropertiesPanel::Page::Link);

    // Its bandwidth is edited in the properties: one undo step, and the label follows.
    auto* bandwidth = qobject_cast<QLineEdit*>(properties.editor("link.bandwidth"));
    REQUIRE(bandwidth);
    CHECK(QLocale().toDouble(bandwidth->text()) == 1000);
    bandwidth->setText("10000");
    emit bandwidth->editingFinished();
    CHECK(c.project().findLink("dc-aws")->bandwidthMbps == 10000);
    CHECK(link->label() == QStringLiteral("10 Gbit/s · 38 ms"));
    CHECK(c.stack().count() == 1);
    // A bandwidth of zero is refused with the model's reason; nothing changes.
    bandwidth->setText("0");
    emit bandwidth->editingFinished();
    CHECK(c.project().findLink("dc-aws")->bandwidthMbps == 10000);
    CHECK_FALSE(properties.fieldError("link.bandwidth").isEmpty());
    CHECK(c.stack().count() == 1);
    c.stack().undo();
    CHECK(c.project().findLink("dc-aws")->bandwidthMbps == 1000);
    CHECK(link->label() == QStringLiteral("1 Gbit/s · 38 ms"));

    // Moving a site moves the link's ends.
    const QLineF before(link->labelRect().center(), QPointF());
    REQUIRE(c.project()
                .requestMoveSite("aws-sg", {c.project().findSite("aws-sg")->position.x,
                                            c.project().findSite("aws-sg")->position.y + 300})
                .ok());
    CHECK(c.scene().linkItem("dc-aws")->labelRect().center() != before.p1());
    c.stack().clear();
    const QByteArray moved = savedBytes("moved.json");

    // Delete, undo: the same file, byte for byte.
    c.document.selection().set({ui::Selection::linkKey("dc-aws")});
    c.view->deleteSelection();
    CHECK_FALSE(c.project().findLink("dc-aws"));
    CHECK_FALSE(c.scene().linkItem("dc-aws"));
    c.stack().undo();
    REQUIRE(c.scene().linkItem("dc-aws"));
    CHECK(savedBytes("undone.json") == moved);
    CHECK(moved != original);
}

TEST_CASE("Shift-dragging from one site to another adds a network link", "[ui][canvas]") {
    Canvas c;
    buildSmallEstate(c);
    const model::ProjectData before = c.project().data();
    const QPointF inDc(40, ui::CanvasStyle::kSiteHeader / 2);
    const QRectF aws = c.scene().siteItem("aws")->sceneRectangle();

    dragOnCanvas(c, inDc, aws.center(), Qt::ShiftModifier);
    REQUIRE(c.project().links().size() == 1);
    const model::Link link = c.project().links().front();
    CHECK(link.from == "dc");
    CHECK(link.to == "aws");
    CHECK(link.id == "dc-aws");
    CHECK(link.bandwidthMbps > 0);
    REQUIRE(c.scene().linkItem("dc-aws"));
    CHECK(c.document.selection().ids() == QStringList{ui::Selection::linkKey("dc-aws")});
    // Nothing moved, one step.
    CHECK(c.project().findSite("dc")->position == before.sites[0].position);
    CHECK(c.stack().count() == 1);

    // Released on empty canvas or on its own site: nothing.
    dragOnCanvas(c, inDc, aws.bottomRight() + QPointF(400, 400), Qt::ShiftModifier);
    dragOnCanvas(c, inDc, inDc + QPointF(30, 0), Qt::ShiftModifier);
    CHECK(c.project().links().size() == 1);
    CHECK(c.stack().count() == 1);

    c.stack().undo();
    CHECK(c.project().data() == before);
    CHECK(c.scene().linkItemCount() == 0);
    c.stack().redo();
    CHECK(c.scene().linkItemCount() == 1);
}

TEST_CASE("a selected group moves together as one undo step", "[ui][canvas]") {
    Canvas c;
    buildSmallEstate(c);
    const model::ProjectData before = c.project().data();
    c.document.selection().set({"app", "db"});
    const QPointF app = positionOf(c.project(), "app");
    const QPointF db = positionOf(c.project(), "db");
    const QPointF files = positionOf(c.project(), "files");

    dragOnCanvas(c, app, app + QPointF(50, 0));
    CHECK(std::abs(positionOf(c.project(), "app").x() - app.x() - 50) <= 2);
    CHECK(positionOf(c.project(), "db") - db == positionOf(c.project(), "app") - app);
    CHECK(positionOf(c.project(), "files") == files);
    CHECK(c.stack().count() == 1);
    c.stack().undo();
    CHECK(c.project().data() == before);
}
