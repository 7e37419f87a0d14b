#include <catch2/catch.hpp>

#include "ScratchSettings.hpp"

#include <ferry/ui/EstateTreeModel.hpp>
#include <ferry/ui/MainWindow.hpp>
#include <ferry/ui/ProjectDocument.hpp>

#include <QDir>
#include <QTemporaryDir>
#include <QTreeView>

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
    const int before = window.estateView()->model()->rowCount(window.estateView()->model()->index(0, 0));
    REQUIRE(project.requestAddWorkload(model::Workload{.id = "new-vm", .name = "New VM", .site = siteId}).ok());
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
        REQUIRE(doc.project().requestMoveWorkload(doc.project().workloads().front().id,
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
