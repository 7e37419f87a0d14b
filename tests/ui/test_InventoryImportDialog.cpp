#include <catch2/catch.hpp>

#include <ferry/ui/InventoryImportDialog.hpp>
#include <ferry/ui/ProjectDocument.hpp>

#include <QComboBox>
#include <QFile>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTreeWidget>

using namespace ferry;

namespace {

const QString kDemo = QStringLiteral(FERRY_SOURCE_DIR "/resources/demo/retail-demo.json");

QString writeCsv(const QTemporaryDir& dir, const QString& name, const QByteArray& text) {
    const QString path = dir.filePath(name);
    QFile file(path);
    REQUIRE(file.open(QIODevice::WriteOnly));
    file.write(text);
    return path;
}

/// Waits until the dialog's dry run reflects its current choices.
void settle(ui::InventoryImportDialog& dialog) {
    QSignalSpy finished(&dialog, &ui::InventoryImportDialog::dryRunFinished);
    while (dialog.dryRunPending())
        REQUIRE(finished.wait(10000));
    REQUIRE(dialog.dryRun());
}

} // namespace

TEST_CASE("the import dialog previews, maps columns and imports as one undo step", "[ui]") {
    QTemporaryDir dir;
    const QString csv = writeCsv(dir, "servers.csv",
                                 "id,name,kind,site,size_gb,ram\n"
                                 "web-9,Web 9,vm,shanghai-dc,40,16\n"
                                 "db-9,DB 9,database,shanghai-dc,300,64\n"
                                 "files-9,Files 9,file_share,shanghai-dc,900,0\n");
    ui::ProjectDocument doc;
    REQUIRE(doc.load(kDemo).ok());
    const model::ProjectData before = doc.project().data();

    ui::InventoryImportDialog dialog(doc);
    dialog.setPreset("generic");
    dialog.setFile(csv);

    // The preview shows the header and the rows; the mapping is prefilled from the preset.
    REQUIRE(dialog.previewTable()->columnCount() == 6);
    CHECK(dialog.previewTable()->rowCount() == 3);
    CHECK(dialog.previewTable()->item(1, 1)->text() == "DB 9");
    REQUIRE(dialog.mappingTable()->rowCount() == 6);
    const auto fieldOf = [&](int row) {
        return static_cast<QComboBox*>(dialog.mappingTable()->cellWidget(row, 1))
            ->currentData()
            .toString();
    };
    CHECK(fieldOf(4) == "size_gb");
    CHECK(fieldOf(5) == "ignore"); // "ram" is not a column of the generic template

    settle(dialog);
    CHECK(dialog.dryRun()->report.rowsImported == 3);
    CHECK(dialog.dryRun()->report.unmappedColumns == std::vector<std::string>{"ram"});
    // A dry run works on a copy: the project is untouched.
    CHECK(doc.project().data() == before);

    // Mapping "ram" to memory changes what would be imported.
    dialog.setColumnField("ram", model::InventoryField::MemoryGb);
    settle(dialog);
    CHECK(dialog.options().columnOverrides.at("ram") == model::InventoryField::MemoryGb);
    CHECK(dialog.dryRun()->report.unmappedColumns.empty());
    CHECK(dialog.findChild<QPushButton*>("importButton")->isEnabled());

    REQUIRE(dialog.importNow().ok());
    CHECK(doc.undoStack().count() == 1);
    REQUIRE(doc.project().findWorkload("db-9"));
    CHECK(doc.project().findWorkload("db-9")->memoryGb == 64);
    CHECK(doc.project().workloads().size() == before.workloads.size() + 3);
    CHECK(doc.isModified());

    doc.undoStack().undo();
    CHECK(doc.project().data() == before);
    CHECK_FALSE(doc.isModified());
    doc.undoStack().redo();
    CHECK(doc.project().findWorkload("files-9"));
}

TEST_CASE("the import dialog lists bad rows and imports only with skip-bad-rows", "[ui]") {
    QTemporaryDir dir;
    const QString csv = writeCsv(dir, "bad.csv",
                                 "name,site,size_gb,vcpu\n"
                                 "good one,shanghai-dc,10,2\n"
                                 "bad size,shanghai-dc,ten,2\n"
                                 "bad cpu,shanghai-dc,5,many\n"
                                 "good two,shanghai-dc,20,4\n");
    ui::ProjectDocument doc;
    REQUIRE(doc.load(kDemo).ok());
    const model::ProjectData before = doc.project().data();
    ui::InventoryImportDialog dialog(doc);
    dialog.setFile(csv);
    settle(dialog);

    CHECK_FALSE(dialog.dryRun()->result.ok());
    CHECK(dialog.dryRun()->report.rowsRejected == 2);
    REQUIRE(dialog.errorList()->topLevelItemCount() == 2);
    CHECK(dialog.errorList()->topLevelItem(0)->text(0) == "3");
    CHECK(dialog.errorList()->topLevelItem(0)->text(1) == "size_gb");
    CHECK(dialog.errorList()->topLevelItem(1)->text(0) == "4");
    CHECK_FALSE(dialog.findChild<QPushButton*>("importButton")->isEnabled());
    CHECK_FALSE(dialog.importNow().ok());
    CHECK(doc.project().data() == before);
    CHECK(doc.undoStack().count() == 0);

    dialog.setSkipBadRows(true);
    settle(dialog);
    CHECK(dialog.dryRun()->result.ok());
    CHECK(dialog.dryRun()->report.rowsImported == 2);
    CHECK(dialog.errorList()->topLevelItemCount() == 2);
    REQUIRE(dialog.importNow().ok());
    CHECK(doc.project().workloads().size() == before.workloads.size() + 2);
    CHECK(doc.undoStack().count() == 1);
}

TEST_CASE("the import dialog says why it cannot read a file", "[ui]") {
    QTemporaryDir dir;
    ui::ProjectDocument doc;
    ui::InventoryImportDialog dialog(doc);
    dialog.setFile(dir.filePath("missing.csv"));
    CHECK(dialog.previewTable()->rowCount() == 0);
    CHECK_FALSE(dialog.findChild<QPushButton*>("importButton")->isEnabled());
    CHECK_FALSE(dialog.importNow().ok());
}
