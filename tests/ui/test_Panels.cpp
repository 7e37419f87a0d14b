#include <catch2/catch.hpp>

#include <ferry/ui/FindingsPanel.hpp>
#include <ferry/ui/InventoryPanel.hpp>
#include <ferry/ui/InventoryTableModel.hpp>
#include <ferry/ui/ProjectDocument.hpp>
#include <ferry/ui/PropertiesPanel.hpp>

#include <QComboBox>
#include <QItemSelectionModel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTreeWidget>
#include <QtTest>

using namespace ferry;

namespace {

const QString kDemo = QStringLiteral(FERRY_SOURCE_DIR "/resources/demo/retail-demo.json");

/// Types text into a line edit and leaves it, as a user does.
void typeInto(QWidget* editor, const QString& text) {
    auto* edit = qobject_cast<QLineEdit*>(editor);
    REQUIRE(edit);
    edit->setText(text);
    emit edit->editingFinished();
}

/// Picks the combo item whose data is value, as a user does.
void choose(QWidget* editor, const QString& value) {
    auto* combo = qobject_cast<QComboBox*>(editor);
    REQUIRE(combo);
    const int index = combo->findData(value);
    REQUIRE(index >= 0);
    combo->setCurrentIndex(index);
    emit combo->activated(index);
}

QStringList selectedTableIds(const ui::InventoryPanel& panel) {
    QStringList ids;
    for (const QModelIndex& index : panel.view()->selectionModel()->selectedRows())
        ids << panel.tableModel()->workloadId(panel.proxy()->mapToSource(index).row());
    ids.sort();
    return ids;
}

} // namespace

TEST_CASE("the properties panel edits one workload as one undo step", "[ui]") {
    ui::ProjectDocument doc;
    REQUIRE(doc.load(kDemo).ok());
    ui::PropertiesPanel panel(doc);
    CHECK(panel.page() == ui::PropertiesPanel::Page::Project);
    doc.selection().set({"orders-db"});
    REQUIRE(panel.page() == ui::PropertiesPanel::Page::Workload);
    CHECK(qobject_cast<QLineEdit*>(panel.editor("workload.name"))->text() == "Orders DB");

    typeInto(panel.editor("workload.sizeGb"), "250.5");
    CHECK(doc.project().findWorkload("orders-db")->sizeGb == 250.5);
    CHECK(doc.undoStack().count() == 1);
    CHECK(panel.fieldError("workload.sizeGb").isEmpty());

    choose(panel.editor("workload.criticality"), "low");
    CHECK(doc.project().findWorkload("orders-db")->criticality == model::Criticality::Low);
    choose(panel.editor("mapping.targetSite"), "aliyun-hz");
    CHECK(doc.project().findMapping("orders-db")->targetSite == "aliyun-hz");
    CHECK(doc.undoStack().count() == 3);

    doc.undoStack().undo();
    doc.undoStack().undo();
    doc.undoStack().undo();
    CHECK(doc.project().findWorkload("orders-db")->sizeGb == 180);
}

TEST_CASE("a wrong value is refused with its reason and changes nothing", "[ui]") {
    ui::ProjectDocument doc;
    REQUIRE(doc.load(kDemo).ok());
    ui::PropertiesPanel panel(doc);
    doc.selection().set({"orders-db"});
    const model::ProjectData before = doc.project().data();

    typeInto(panel.editor("workload.sizeGb"), "lots");
    CHECK_FALSE(panel.fieldError("workload.sizeGb").isEmpty());
    typeInto(panel.editor("workload.memoryGb"), "-4");
    CHECK_FALSE(panel.fieldError("workload.memoryGb").isEmpty());
    typeInto(panel.editor("workload.vcpu"), "2.5");
    CHECK_FALSE(panel.fieldError("workload.vcpu").isEmpty());
    typeInto(panel.editor("workload.name"), "   ");
    CHECK_FALSE(panel.fieldError("workload.name").isEmpty());
    // A value only the model knows is too large: its reason is shown too.
    typeInto(panel.editor("workload.sizeGb"), "1e12");
    CHECK(panel.fieldError("workload.sizeGb").contains("size"));

    CHECK(doc.project().data() == before);
    CHECK(doc.undoStack().count() == 0);
    CHECK_FALSE(doc.isModified());

    // Correcting the value clears the message.
    typeInto(panel.editor("workload.sizeGb"), "181");
    CHECK(panel.fieldError("workload.sizeGb").isEmpty());
    CHECK(doc.project().findWorkload("orders-db")->sizeGb == 181);

    // Sites and dependencies are checked the same way.
    doc.selection().set({"shanghai-dc"});
    REQUIRE(panel.page() == ui::PropertiesPanel::Page::Site);
    typeInto(panel.editor("site.utcOffset"), "+25:00");
    CHECK_FALSE(panel.fieldError("site.utcOffset").isEmpty());
    typeInto(panel.editor("site.utcOffset"), "+05:30");
    CHECK(doc.project().findSite("shanghai-dc")->utcOffsetMinutes == 330);
    doc.selection().set({"storefront-web->search-svc"});
    REQUIRE(panel.page() == ui::PropertiesPanel::Page::Dependency);
    typeInto(panel.editor("dependency.traffic"), "-1");
    CHECK_FALSE(panel.fieldError("dependency.traffic").isEmpty());
    CHECK(doc.project().findDependency("storefront-web", "search-svc")->trafficGbPerDay == 20);
}

TEST_CASE("bulk edit changes every selected workload in one undo step", "[ui]") {
    ui::ProjectDocument doc;
    REQUIRE(doc.load(kDemo).ok());
    ui::PropertiesPanel panel(doc);
    const QStringList ids{"cart-svc", "orders-db", "legacy-reporting"};
    doc.selection().set(ids);
    REQUIRE(panel.page() == ui::PropertiesPanel::Page::Bulk);
    const model::ProjectData before = doc.project().data();

    // Blank fields keep each workload's values; filled ones change all of them.
    qobject_cast<QLineEdit*>(panel.editor("bulk.owner"))->setText("platform");
    choose(panel.editor("bulk.criticality"), "high");
    choose(panel.editor("bulk.targetSite"), "aliyun-hz");
    REQUIRE(panel.applyBulkEdit().ok());
    CHECK(doc.undoStack().count() == 1);
    for (const QString& id : ids) {
        const auto* w = doc.project().findWorkload(id.toStdString());
        const auto* old = [&] {
            for (const auto& x : before.workloads)
                if (x.id == id.toStdString())
                    return &x;
            return static_cast<const model::Workload*>(nullptr);
        }();
        CHECK(w->owner == "platform");
        CHECK(w->criticality == model::Criticality::High);
        CHECK(w->sizeGb == old->sizeGb);
        CHECK(w->kind == old->kind);
        CHECK(doc.project().findMapping(id.toStdString())->targetSite == "aliyun-hz");
    }
    doc.undoStack().undo();
    CHECK(doc.project().data() == before);

    // One bad field: nothing changes at all.
    qobject_cast<QLineEdit*>(panel.editor("bulk.monthlyCost"))->setText("cheap");
    CHECK_FALSE(panel.applyBulkEdit().ok());
    CHECK_FALSE(panel.fieldError("bulk.monthlyCost").isEmpty());
    CHECK(doc.project().data() == before);
    CHECK(doc.undoStack().index() == 0);
}

TEST_CASE("inventory table rows and the shared selection follow each other", "[ui]") {
    ui::ProjectDocument doc;
    REQUIRE(doc.load(kDemo).ok());
    ui::InventoryPanel panel(doc);
    REQUIRE(panel.proxy()->rowCount() == int(doc.project().workloads().size()));

    // Selecting rows selects the workloads.
    auto* model = panel.tableModel();
    const QModelIndex a = panel.proxy()->mapFromSource(model->index(model->rowOf("orders-db"), 0));
    const QModelIndex b = panel.proxy()->mapFromSource(model->index(model->rowOf("cart-svc"), 0));
    auto* selection = panel.view()->selectionModel();
    selection->select(a, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    selection->select(b, QItemSelectionModel::Select | QItemSelectionModel::Rows);
    QStringList ids = doc.selection().ids();
    ids.sort();
    CHECK(ids == QStringList{"cart-svc", "orders-db"});

    // Selecting elsewhere selects the rows; sites have no row.
    doc.selection().set({"search-svc", "shanghai-dc"});
    CHECK(selectedTableIds(panel) == QStringList{"search-svc"});

    // The filter matches name, tag, kind and site; hidden rows stay selected elsewhere.
    panel.filterEdit()->setText("database");
    CHECK(panel.proxy()->rowCount() == 2);
    CHECK(doc.selection().ids() == QStringList({"search-svc", "shanghai-dc"}));
    panel.filterEdit()->setText("customer-facing");
    CHECK(panel.proxy()->rowCount() >= 2);
    panel.filterEdit()->setText("Alibaba nothing-matches-this");
    CHECK(panel.proxy()->rowCount() == 0);
    panel.filterEdit()->setText("shanghai");
    CHECK(panel.proxy()->rowCount() == int(doc.project().workloads().size()));
    CHECK(selectedTableIds(panel) == QStringList{"search-svc"});

    // Sorting by size puts the biggest workload first when descending.
    panel.filterEdit()->clear();
    panel.view()->sortByColumn(ui::InventoryTableModel::SizeGb, Qt::DescendingOrder);
    CHECK(model->workloadId(panel.proxy()->mapToSource(panel.proxy()->index(0, 0)).row()) ==
          "behaviour-logs");
    // The selection survives an edit of the selected row.
    model::Workload w = *doc.project().findWorkload("search-svc");
    w.owner = "search";
    REQUIRE(doc.project().requestUpdateWorkload(w).ok());
    CHECK(selectedTableIds(panel) == QStringList{"search-svc"});
}

TEST_CASE("findings follow edits and clicking one focuses its object", "[ui]") {
    for (const std::size_t threshold : {std::size_t(1000000), std::size_t(0)}) {
        DYNAMIC_SECTION((threshold == 0 ? "on a worker thread" : "on the UI thread")) {
            ui::ProjectDocument doc;
            REQUIRE(doc.load(kDemo).ok());
            ui::FindingsPanel panel(doc);
            panel.setBackgroundThreshold(threshold);
            QSignalSpy updated(&panel, &ui::FindingsPanel::updated);
            const auto hasFinding = [&](const std::string& code, const std::string& id) {
                for (const auto& f : panel.findings())
                    if (f.code == code && f.objectId == id)
                        return true;
                return false;
            };
            REQUIRE_FALSE(hasFinding("mapping.missing", "orders-db"));

            REQUIRE(doc.project().requestRemoveMapping("orders-db").ok());
            REQUIRE(updated.wait(10000));
            while (panel.isPending())
                REQUIRE(updated.wait(10000));
            REQUIRE(hasFinding("mapping.missing", "orders-db"));
            CHECK(panel.view()->topLevelItemCount() == int(panel.findings().size()));

            // Several quick edits end in findings for the last state.
            model::Workload w = *doc.project().findWorkload("cart-svc");
            for (int i = 0; i < 5; ++i) {
                w.owner = "team-" + std::to_string(i);
                REQUIRE(doc.project().requestUpdateWorkload(w).ok());
            }
            REQUIRE(doc.project().requestRemoveMapping("cart-svc").ok());
            REQUIRE(updated.wait(10000));
            while (panel.isPending())
                REQUIRE(updated.wait(10000));
            CHECK(hasFinding("mapping.missing", "cart-svc"));

            // Clicking a finding selects its object and asks the views to show it.
            QSignalSpy focus(&doc.selection(), &ui::Selection::focusRequested);
            QTreeWidgetItem* item = nullptr;
            for (int i = 0; i < panel.view()->topLevelItemCount(); ++i) {
                if (panel.findings()[std::size_t(i)].objectId == "orders-db")
                    item = panel.view()->topLevelItem(i);
            }
            REQUIRE(item);
            emit panel.view()->itemClicked(item, 0);
            CHECK(doc.selection().ids() == QStringList{"orders-db"});
            REQUIRE(focus.count() == 1);
            CHECK(focus.front().front().toString() == "orders-db");
        }
    }
}
