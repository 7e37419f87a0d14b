#include <ferry/ui/MainWindow.hpp>

#include <ferry/model/Validator.hpp>
#include <ferry/model/Version.hpp>
#include <ferry/ui/EstateTreeModel.hpp>
#include <ferry/ui/ProjectDocument.hpp>

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QStatusBar>
#include <QToolBar>
#include <QTreeView>

namespace ferry::ui {
namespace {

QString fileFilter() {
    return MainWindow::tr("Ferry projects (*.ferry *.json);;Ferry native (*.ferry);;JSON (*.json);;"
                          "All files (*)");
}

} // namespace

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent), m_document(new ProjectDocument(this)) {
    m_treeModel = new EstateTreeModel(*m_document, this);
    m_tree = new QTreeView(this);
    m_tree->setModel(m_treeModel);
    m_tree->setAlternatingRowColors(true);
    m_tree->setUniformRowHeights(true);
    m_tree->header()->setStretchLastSection(true);
    m_tree->header()->setSectionResizeMode(QHeaderView::Interactive);
    setCentralWidget(m_tree);

    m_statusCounts = new QLabel(this);
    m_statusFindings = new QLabel(this);
    statusBar()->addWidget(m_statusCounts, 1);
    statusBar()->addPermanentWidget(m_statusFindings);

    createActions();
    connect(m_document, &ProjectDocument::stateChanged, this, &MainWindow::updateTitle);
    connect(m_document, &ProjectDocument::changed, this, [this] {
        updateStatus();
        m_tree->expandAll();
    });
    resize(1280, 800);
    updateTitle();
    updateStatus();
}

MainWindow::~MainWindow() = default;

void MainWindow::createActions() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QToolBar* toolbar = addToolBar(tr("Main"));
    toolbar->setObjectName("mainToolbar");

    auto add = [&](const QString& text, QKeySequence::StandardKey key, const QString& tip,
                   auto slot, bool onToolbar) {
        QAction* action = file->addAction(text);
        action->setShortcut(key);
        action->setStatusTip(tip);
        action->setToolTip(tip);
        connect(action, &QAction::triggered, this, slot);
        if (onToolbar) toolbar->addAction(action);
        return action;
    };
    add(tr("&New"), QKeySequence::New, tr("Start an empty project"), &MainWindow::newProject, true);
    add(tr("&Open…"), QKeySequence::Open, tr("Open a .ferry or .json project"), &MainWindow::open,
        true);
    add(tr("&Save"), QKeySequence::Save, tr("Save the project"), &MainWindow::save, true);
    add(tr("Save &As…"), QKeySequence::SaveAs, tr("Save the project under another name"),
        &MainWindow::saveAs, false);
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"));
    quit->setShortcut(QKeySequence::Quit);
    connect(quit, &QAction::triggered, this, &QWidget::close);

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    QAction* about = help->addAction(tr("&About Ferry"));
    connect(about, &QAction::triggered, this, [this] {
        QMessageBox::about(this, tr("About Ferry"),
                           tr("<h3>Ferry %1</h3><p>Plan and run the migration of an estate of "
                              "workloads between data centres and clouds.</p>")
                               .arg(QString::fromUtf8(model::ferryVersion().data(),
                                                      int(model::ferryVersion().size()))));
    });
}

void MainWindow::updateTitle() {
    setWindowTitle(tr("%1[*] — Ferry").arg(m_document->displayName()));
    setWindowModified(m_document->isModified());
}

void MainWindow::updateStatus() {
    const auto& p = m_document->project();
    m_statusCounts->setText(tr("%n site(s)", "", int(p.sites().size())) + QStringLiteral(" · ") +
                            tr("%n workload(s)", "", int(p.workloads().size())) +
                            QStringLiteral(" · ") +
                            tr("%n dependency(ies)", "", int(p.dependencies().size())));
    const auto findings = model::Validator::validate(p.data());
    int errors = 0, warnings = 0;
    for (const auto& f : findings) {
        errors += f.severity == model::Severity::Error;
        warnings += f.severity == model::Severity::Warning;
    }
    m_statusFindings->setText(tr("%n error(s)", "", errors) + QStringLiteral(", ") +
                              tr("%n warning(s)", "", warnings));
}

bool MainWindow::maybeSave() {
    if (!m_document->isModified()) return true;
    const auto answer = QMessageBox::warning(
        this, tr("Unsaved changes"),
        tr("The project \"%1\" has unsaved changes. Save them?").arg(m_document->displayName()),
        QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel);
    if (answer == QMessageBox::Save) return save();
    return answer == QMessageBox::Discard;
}

void MainWindow::newProject() {
    if (!maybeSave()) return;
    m_document->newProject();
}

void MainWindow::open() {
    if (!maybeSave()) return;
    const QString path = QFileDialog::getOpenFileName(this, tr("Open project"), {}, fileFilter());
    if (!path.isEmpty()) openFile(path);
}

bool MainWindow::openFile(const QString& path) {
    auto result = m_document->load(path);
    if (!result) {
        QMessageBox::critical(this, tr("Cannot open project"),
                              tr("Ferry could not open %1.\n\n%2")
                                  .arg(QFileInfo(path).fileName(),
                                       QString::fromStdString(result.error().toString())));
        return false;
    }
    m_tree->expandAll();
    for (int c = 0; c < EstateTreeModel::Target; ++c) m_tree->resizeColumnToContents(c);
    statusBar()->showMessage(tr("Opened %1").arg(QFileInfo(path).fileName()), 4000);
    return true;
}

bool MainWindow::save() {
    if (m_document->filePath().isEmpty()) return saveAs();
    return saveTo(m_document->filePath());
}

bool MainWindow::saveAs() {
    QString path = QFileDialog::getSaveFileName(this, tr("Save project as"),
                                                m_document->filePath(), fileFilter());
    if (path.isEmpty()) return false;
    if (QFileInfo(path).suffix().isEmpty()) path += QStringLiteral(".ferry");
    return saveTo(path);
}

bool MainWindow::saveTo(const QString& path) {
    auto result = m_document->saveAs(path);
    if (!result) {
        QMessageBox::critical(this, tr("Cannot save project"),
                              tr("Ferry could not save to %1. Nothing was overwritten.\n\n%2")
                                  .arg(path, QString::fromStdString(result.error().toString())));
        return false;
    }
    statusBar()->showMessage(tr("Saved %1").arg(QFileInfo(path).fileName()), 4000);
    return true;
}

void MainWindow::closeEvent(QCloseEvent* event) {
    if (maybeSave())
        event->accept();
    else
        event->ignore();
}

} // namespace ferry::ui
