#include <ferry/model/PlanReportBuilder.hpp>
#include <ferry/ui/MainWindow.hpp>
#include <ferry/ui/PlanDashboard.hpp>
#include <ferry/ui/PlanService.hpp>
#include <ferry/ui/RunMonitor.hpp>

#include <ferry/model/Version.hpp>
#include <ferry/ui/CanvasView.hpp>
#include <ferry/ui/EditCommands.hpp>
#include <ferry/ui/EstateTreeModel.hpp>
#include <ferry/ui/FindingsPanel.hpp>
#include <ferry/ui/InterfaceLanguage.hpp>
#include <ferry/ui/InventoryImportDialog.hpp>
#include <ferry/ui/InventoryPanel.hpp>
#include <ferry/ui/PaletteWidget.hpp>
#include <ferry/ui/PlanGraphModel.hpp>
#include <ferry/ui/PreferencesDialog.hpp>
#include <ferry/ui/ProjectDocument.hpp>
#include <ferry/ui/PropertiesPanel.hpp>
#include <ferry/ui/ReplaceProjectCommand.hpp>

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDate>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLocale>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QScrollArea>
#include <QSettings>
#include <QStatusBar>
#include <QStyle>
#include <QToolBar>
#include <QToolButton>
#include <QTreeView>

namespace ferry::ui {
namespace {

constexpr int kStateVersion = 1;
const char* const kRecentKey = "recentFiles";

QString fileFilter() {
    return MainWindow::tr("Ferry projects (*.ferry *.json);;Ferry native (*.ferry);;JSON (*.json);;"
                          "All files (*)");
}

QString versionText() {
    return QString::fromUtf8(model::ferryVersion().data(), int(model::ferryVersion().size()));
}

std::optional<ColourMode> colourModeFromKey(const QString& key) {
    if (key == "plain")
        return ColourMode::Plain;
    if (key == "wave")
        return ColourMode::Wave;
    if (key == "strategy")
        return ColourMode::Strategy;
    if (key == "cost")
        return ColourMode::Cost;
    if (key == "validation")
        return ColourMode::Validation;
    return std::nullopt;
}

/// Sets text, tool tip (with the shortcut) and status tip at once.
void describe(QAction* action, const QString& text, const QString& tip) {
    action->setText(text);
    action->setStatusTip(tip);
    const QKeySequence key = action->shortcut();
    action->setToolTip(
        key.isEmpty() ? tip
                      : QStringLiteral("%1 (%2)").arg(tip, key.toString(QKeySequence::NativeText)));
}

/// A message box whose button is labelled by Ferry's own translation (Qt's may be missing).
void inform(QWidget* parent, QMessageBox::Icon icon, const QString& title, const QString& text) {
    QMessageBox box(icon, title, text, QMessageBox::Ok, parent);
    box.button(QMessageBox::Ok)->setText(MainWindow::tr("OK"));
    box.exec();
}

} // namespace

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent), m_document(new ProjectDocument(this)),
      m_recovery(std::make_unique<ProjectRecovery>()), m_preferences(Preferences::load()) {
    setObjectName("mainWindow");
    m_canvas = new CanvasView(*m_document, this);
    if (auto mode = colourModeFromKey(m_preferences.colourMode))
        m_canvas->setColourMode(*mode);
    setCentralWidget(m_canvas);
    setDockOptions(AnimatedDocks | AllowTabbedDocks | AllowNestedDocks);

    createDocks();
    createActions();
    createMenus();

    m_statusCounts = new QLabel(this);
    m_statusFindings = new QToolButton(this);
    m_statusFindings->setObjectName("statusFindings");
    m_statusFindings->setAutoRaise(true);
    m_statusFindings->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    // Permanent widgets sit on the right, so temporary messages on the left never cover them.
    statusBar()->addPermanentWidget(m_statusCounts);
    statusBar()->addPermanentWidget(m_statusFindings);
    connect(m_statusFindings, &QToolButton::clicked, this, [this] {
        m_findingsDock->show();
        m_findingsDock->raise();
    });

    connect(m_document, &ProjectDocument::stateChanged, this, &MainWindow::updateTitle);
    connect(m_document, &ProjectDocument::changed, this, [this](const model::ProjectChange& c) {
        updateCounts();
        if (c.kind == model::ProjectChange::Kind::Reset)
            m_tree->expandAll();
    });
    connect(m_findings, &FindingsPanel::updated, this, &MainWindow::updateFindings);
    connect(&EditFeedback::of(*m_document), &EditFeedback::refused, this,
            [this](const QString& message) { statusBar()->showMessage(message, 8000); });
    connect(m_canvas, &CanvasView::statusMessage, this,
            [this](const QString& message) { statusBar()->showMessage(message, 5000); });
    connect(m_canvas, &CanvasView::objectActivated, this, [this] {
        m_propertiesDock->show();
        m_propertiesDock->raise();
    });

    m_autosaveTimer.setTimerType(Qt::VeryCoarseTimer);
    connect(&m_autosaveTimer, &QTimer::timeout, this, [this] {
        if (auto r = autosaveNow(); !r)
            statusBar()->showMessage(
                tr("Autosave failed: %1").arg(QString::fromStdString(r.error().toString())), 8000);
    });
    if (m_preferences.autosaveMinutes > 0)
        m_autosaveTimer.start(m_preferences.autosaveMinutes * 60000);

    resize(1280, 800);
    // The canvas gets the room; the side panels start at a useful width.
    resizeDocks({m_paletteDock, m_propertiesDock}, {224, 300}, Qt::Horizontal);
    resizeDocks({m_inventoryDock}, {150}, Qt::Vertical);
    retranslateUi();
    updateCounts();
    updateFindings(0, 0);
    m_findings->revalidate();
    m_defaultState = saveState(kStateVersion);
}

MainWindow::~MainWindow() = default;

// ---- construction ------------------------------------------------------------------------------

QDockWidget* MainWindow::addDock(const QString& objectName, QWidget* content,
                                 Qt::DockWidgetArea area) {
    auto* dock = new QDockWidget(this);
    dock->setObjectName(objectName);
    dock->setWidget(content);
    dock->setFeatures(QDockWidget::DockWidgetClosable | QDockWidget::DockWidgetMovable |
                      QDockWidget::DockWidgetFloatable);
    addDockWidget(area, dock);
    return dock;
}

void MainWindow::createDocks() {
    m_palette = new PaletteWidget(this);
    // The palette scrolls on a short window instead of holding the bottom panels small.
    auto* paletteScroll = new QScrollArea(this);
    paletteScroll->setObjectName("paletteScroll");
    paletteScroll->setWidget(m_palette);
    paletteScroll->setWidgetResizable(true);
    paletteScroll->setFrameShape(QFrame::NoFrame);
    paletteScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_paletteDock = addDock("paletteDock", paletteScroll, Qt::LeftDockWidgetArea);

    m_treeModel = new EstateTreeModel(*m_document, this);
    m_tree = new QTreeView(this);
    m_tree->setObjectName("estateTree");
    m_tree->setModel(m_treeModel);
    m_tree->setAlternatingRowColors(true);
    m_tree->setUniformRowHeights(true);
    m_tree->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_tree->header()->setStretchLastSection(true);
    m_tree->header()->setSectionResizeMode(QHeaderView::Interactive);
    m_estateDock = addDock("estateDock", m_tree, Qt::LeftDockWidgetArea);
    tabifyDockWidget(m_paletteDock, m_estateDock);
    m_paletteDock->raise();

    m_properties = new PropertiesPanel(*m_document, this);
    m_propertiesDock = addDock("propertiesDock", m_properties, Qt::RightDockWidgetArea);

    m_inventory = new InventoryPanel(*m_document, this);
    m_inventoryDock = addDock("inventoryDock", m_inventory, Qt::BottomDockWidgetArea);
    m_findings = new FindingsPanel(*m_document, this);
    m_findingsDock = addDock("findingsDock", m_findings, Qt::BottomDockWidgetArea);
    tabifyDockWidget(m_inventoryDock, m_findingsDock);
    m_planService = new PlanService(*m_document, this);
    m_plan = new PlanDashboard(*m_document, *m_planService, this);
    m_planDock = addDock("planDock", m_plan, Qt::BottomDockWidgetArea);
    tabifyDockWidget(m_findingsDock, m_planDock);
    m_runMonitor = new RunMonitor(*m_document, this);
    m_runDock = addDock("runDock", m_runMonitor, Qt::BottomDockWidgetArea);
    tabifyDockWidget(m_planDock, m_runDock);
    // The canvas shows the run live: progress rings on cards, rates on mapping edges.
    auto lastRun = std::make_shared<QString>();
    connect(m_runMonitor, &RunMonitor::snapshotShown, this,
            [this, lastRun](const RunSnapshot& snapshot) {
                PlanGraphModel& model = m_canvas->graphModel();
                if (snapshot.runId != *lastRun) {
                    model.clearLiveStates();
                    *lastRun = snapshot.runId;
                }
                for (const auto& [workload, progress] : snapshot.workloadProgress) {
                    if (workload.isEmpty())
                        continue;
                    PlanGraphModel::LiveState state;
                    state.progress = progress;
                    if (const auto it = snapshot.workloadRate.find(workload);
                        it != snapshot.workloadRate.end())
                        state.rate = it->second;
                    if (const auto it = snapshot.workloadFailed.find(workload);
                        it != snapshot.workloadFailed.end())
                        state.failed = it->second;
                    model.setLiveState(workload, state);
                }
            });
    m_inventoryDock->raise();

    // The tree's selection is the shared selection.
    auto syncing = std::make_shared<bool>(false);
    connect(m_tree->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            [this, syncing] {
                if (*syncing)
                    return;
                QStringList ids;
                for (const QModelIndex& index : m_tree->selectionModel()->selectedRows())
                    if (const QString id = m_treeModel->objectId(index); !id.isEmpty())
                        ids << id;
                *syncing = true;
                m_document->selection().set(ids);
                *syncing = false;
            });
    connect(
        &m_document->selection(), &Selection::changed, this,
        [this, syncing](const QStringList& ids) {
            if (*syncing)
                return;
            const QSet<QString> wanted(ids.begin(), ids.end());
            QItemSelection selection;
            for (int r = 0; r < m_treeModel->rowCount() && !wanted.isEmpty(); ++r) {
                const QModelIndex site = m_treeModel->index(r, 0);
                if (wanted.contains(m_treeModel->objectId(site)))
                    selection.select(site, site.siblingAtColumn(EstateTreeModel::ColumnCount - 1));
                for (int c = 0; c < m_treeModel->rowCount(site); ++c) {
                    const QModelIndex w = m_treeModel->index(c, 0, site);
                    if (wanted.contains(m_treeModel->objectId(w)))
                        selection.select(w, w.siblingAtColumn(EstateTreeModel::ColumnCount - 1));
                }
            }
            *syncing = true;
            m_tree->selectionModel()->select(selection, QItemSelectionModel::ClearAndSelect);
            if (!selection.isEmpty())
                m_tree->scrollTo(selection.indexes().front());
            *syncing = false;
        });
}

void MainWindow::createActions() {
    auto make = [this](const QList<QKeySequence>& keys, auto slot, const QString& icon = {},
                       QStyle::StandardPixmap fallback = QStyle::SP_CustomBase) {
        auto* action = new QAction(this);
        action->setShortcuts(keys);
        if (!icon.isEmpty())
            action->setIcon(QIcon::fromTheme(icon, fallback == QStyle::SP_CustomBase
                                                       ? QIcon()
                                                       : style()->standardIcon(fallback)));
        connect(action, &QAction::triggered, this, slot);
        addAction(action);
        return action;
    };
    m_new = make({QKeySequence::New}, &MainWindow::newProject, "document-new", QStyle::SP_FileIcon);
    m_open =
        make({QKeySequence::Open}, &MainWindow::open, "document-open", QStyle::SP_DialogOpenButton);
    m_save =
        make({QKeySequence::Save}, &MainWindow::save, "document-save", QStyle::SP_DialogSaveButton);
    m_saveAs = make({QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S)}, &MainWindow::saveAs,
                    "document-save-as");
    m_import = make({QKeySequence(Qt::CTRL | Qt::Key_I)}, &MainWindow::importInventory,
                    "document-import", QStyle::SP_FileDialogDetailedView);
    m_exportReport = make({QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R)},
                          &MainWindow::exportReport, "document-export");
    m_clearRecent = make({}, [this] {
        QSettings().remove(kRecentKey);
        rebuildRecentMenu();
    });
    m_quit = make({QKeySequence(Qt::CTRL | Qt::Key_Q)}, &QWidget::close, "application-exit");
    m_quit->setMenuRole(QAction::QuitRole);

    // Undo and redo are the document stack's own actions (enabled state, triggering); their text
    // is set by updateUndoActions, connected after the stack's, so it follows the language.
    QUndoStack& stack = m_document->undoStack();
    m_undo = stack.createUndoAction(this);
    m_undo->setShortcuts(QKeySequence::Undo);
    m_undo->setIcon(QIcon::fromTheme("edit-undo", style()->standardIcon(QStyle::SP_ArrowBack)));
    m_redo = stack.createRedoAction(this);
    m_redo->setShortcuts({QKeySequence::Redo, QKeySequence(Qt::CTRL | Qt::Key_Y)});
    m_redo->setIcon(QIcon::fromTheme("edit-redo", style()->standardIcon(QStyle::SP_ArrowForward)));
    m_preferencesAction = make({QKeySequence(Qt::CTRL | Qt::Key_Comma)},
                               &MainWindow::showPreferences, "preferences-system");
    m_preferencesAction->setMenuRole(QAction::PreferencesRole);

    m_fullScreen = make({QKeySequence(Qt::Key_F11)},
                        [this](bool on) { on ? showFullScreen() : showNormal(); });
    m_fullScreen->setCheckable(true);
    m_resetLayout = make({}, [this] { restoreState(m_defaultState, kStateVersion); });

    m_projectDetails = make({QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_I)}, [this] {
        m_document->selection().clear();
        m_propertiesDock->show();
        m_propertiesDock->raise();
    });
    m_validate = make(
        {QKeySequence(Qt::Key_F5)},
        [this] {
            m_findings->revalidate();
            m_findingsDock->show();
            m_findingsDock->raise();
        },
        "view-refresh", QStyle::SP_BrowserReload);

    m_about = make(
        {QKeySequence(Qt::Key_F1)},
        [this] {
            inform(this, QMessageBox::Information, tr("About Ferry"),
                   tr("<h3>Ferry %1</h3><p>Plan and run the migration of an estate of workloads — "
                      "virtual machines, databases, file shares, buckets, model artifacts and "
                      "services — between data centres and clouds.</p><p>Built with Qt %2.</p>")
                       .arg(versionText(), QString::fromLatin1(qVersion())));
        },
        "help-about");
    m_about->setMenuRole(QAction::AboutRole);
    m_aboutQt = make({}, [] { QApplication::aboutQt(); });
    m_aboutQt->setMenuRole(QAction::AboutQtRole);

    connect(&stack, &QUndoStack::undoTextChanged, this, &MainWindow::updateUndoActions);
    connect(&stack, &QUndoStack::redoTextChanged, this, &MainWindow::updateUndoActions);
    addAction(m_undo);
    addAction(m_redo);
}

void MainWindow::createMenus() {
    using A = CanvasView::Action;
    auto canvas = [this](A which) { return m_canvas->action(which); };

    m_fileMenu = menuBar()->addMenu(QString());
    m_fileMenu->addActions({m_new, m_open});
    m_recentMenu = m_fileMenu->addMenu(QString());
    m_recentMenu->setIcon(QIcon::fromTheme("document-open-recent"));
    connect(m_recentMenu, &QMenu::aboutToShow, this, &MainWindow::rebuildRecentMenu);
    m_fileMenu->addActions({m_save, m_saveAs});
    m_fileMenu->addSeparator();
    m_fileMenu->addAction(m_import);
    m_fileMenu->addAction(canvas(A::ExportImage));
    m_fileMenu->addAction(m_exportReport);
    m_fileMenu->addSeparator();
    m_fileMenu->addAction(m_quit);

    m_editMenu = menuBar()->addMenu(QString());
    m_editMenu->addActions({m_undo, m_redo});
    m_editMenu->addSeparator();
    for (A a : {A::Cut, A::Copy, A::Paste, A::Duplicate, A::Delete})
        m_editMenu->addAction(canvas(a));
    m_editMenu->addSeparator();
    m_editMenu->addActions({canvas(A::SelectAll), canvas(A::Find)});
    m_editMenu->addSeparator();
    m_editMenu->addAction(m_preferencesAction);

    m_viewMenu = menuBar()->addMenu(QString());
    m_panelsMenu = m_viewMenu->addMenu(QString());
    const std::pair<QDockWidget*, Qt::Key> docks[] = {
        {m_paletteDock, Qt::Key_1},   {m_estateDock, Qt::Key_2},   {m_propertiesDock, Qt::Key_3},
        {m_inventoryDock, Qt::Key_4}, {m_findingsDock, Qt::Key_5}, {m_planDock, Qt::Key_6},
        {m_runDock, Qt::Key_7}};
    for (const auto& [dock, key] : docks) {
        QAction* toggle = dock->toggleViewAction();
        toggle->setShortcut(QKeySequence(Qt::ALT | key));
        m_panelsMenu->addAction(toggle);
    }
    m_toolbar = addToolBar(QString());
    m_toolbar->setObjectName("mainToolbar");
    m_toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_toolbar->setIconSize(QSize(18, 18));
    m_panelsMenu->addSeparator();
    m_panelsMenu->addAction(m_toolbar->toggleViewAction());
    m_viewMenu->addSeparator();
    for (A a : {A::ZoomIn, A::ZoomOut, A::ZoomFit, A::ZoomActual})
        m_viewMenu->addAction(canvas(a));
    m_viewMenu->addSeparator();
    m_colourMenu = m_viewMenu->addMenu(QString());
    m_colourMenu->addActions(m_canvas->colourModeActions()->actions());
    m_viewMenu->addAction(canvas(A::ToggleMinimap));
    m_viewMenu->addSeparator();
    m_viewMenu->addActions({m_fullScreen, m_resetLayout});

    m_projectMenu = menuBar()->addMenu(QString());
    m_projectMenu->addAction(m_projectDetails);
    m_projectMenu->addAction(m_validate);
    m_projectMenu->addSeparator();
    m_projectMenu->addActions(
        {canvas(A::AutoLayout), canvas(A::ArrangeInGrid), canvas(A::TogglePin)});

    m_helpMenu = menuBar()->addMenu(QString());
    m_helpMenu->addActions({m_about, m_aboutQt});

    m_toolbar->addActions({m_new, m_open, m_save});
    m_toolbar->addSeparator();
    m_toolbar->addActions({m_undo, m_redo});
    m_toolbar->addSeparator();
    m_toolbar->addAction(m_import);
    m_toolbar->addSeparator();
    m_toolbar->addActions({canvas(A::ZoomFit), canvas(A::AutoLayout)});
}

// ---- translation -------------------------------------------------------------------------------

void MainWindow::retranslateUi() {
    m_fileMenu->setTitle(tr("&File"));
    m_recentMenu->setTitle(tr("Open &Recent"));
    m_editMenu->setTitle(tr("&Edit"));
    m_viewMenu->setTitle(tr("&View"));
    m_panelsMenu->setTitle(tr("&Panels"));
    m_colourMenu->setTitle(tr("&Colour Workloads"));
    m_projectMenu->setTitle(tr("&Project"));
    m_helpMenu->setTitle(tr("&Help"));
    m_toolbar->setWindowTitle(tr("Main toolbar"));

    describe(m_new, tr("&New"), tr("Start an empty project"));
    describe(m_open, tr("&Open…"), tr("Open a .ferry or .json project"));
    describe(m_save, tr("&Save"), tr("Save the project"));
    describe(m_saveAs, tr("Save &As…"), tr("Save the project under another name or format"));
    describe(m_import, tr("&Import Inventory…"),
             tr("Add workloads from a CSV inventory export (generic, RVTools, AWS ADS)"));
    describe(m_exportReport, tr("Export &Report…"),
             tr("Write the plan report (waves, Gantt, costs, forecast, prices) as HTML or PDF"));
    describe(m_clearRecent, tr("&Clear List"), tr("Forget the recently opened projects"));
    describe(m_quit, tr("&Quit"), tr("Close Ferry"));
    describe(m_preferencesAction, tr("Pre&ferences…"),
             tr("Language, autosave and the canvas's colours"));
    describe(m_fullScreen, tr("F&ull Screen"), tr("Use the whole screen for Ferry"));
    describe(m_resetLayout, tr("&Restore Default Layout"),
             tr("Put every panel back where it was at first"));
    describe(m_projectDetails, tr("Project &Details"),
             tr("Show and edit the project's name, description and currency"));
    describe(m_validate, tr("&Validate Now"), tr("Check the project and show the findings"));
    describe(m_about, tr("&About Ferry"), tr("Ferry's version and what it does"));
    describe(m_aboutQt, tr("About &Qt"), tr("The version of Qt Ferry runs on"));

    updateUndoActions();
    updateToolbarTexts();

    m_paletteDock->setWindowTitle(tr("Palette"));
    m_estateDock->setWindowTitle(tr("Estate"));
    m_propertiesDock->setWindowTitle(tr("Properties"));
    m_inventoryDock->setWindowTitle(tr("Inventory"));
    m_findingsDock->setWindowTitle(tr("Findings"));
    m_planDock->setWindowTitle(tr("Plan"));
    m_runDock->setWindowTitle(tr("Run"));
    m_statusFindings->setToolTip(tr("Show the validation findings"));
    updateTitle();
    updateCounts();
    updateFindings(m_errors, m_warnings);
    rebuildRecentMenu();
}

void MainWindow::updateUndoActions() {
    const QUndoStack& stack = m_document->undoStack();
    describe(m_undo,
             stack.undoText().isEmpty() ? tr("&Undo") : tr("&Undo %1").arg(stack.undoText()),
             tr("Take back the last edit"));
    describe(m_redo,
             stack.redoText().isEmpty() ? tr("&Redo") : tr("&Redo %1").arg(stack.redoText()),
             tr("Make the last undone edit again"));
    // The toolbar shows short names.
    m_undo->setIconText(tr("Undo"));
    m_redo->setIconText(tr("Redo"));
}

void MainWindow::updateToolbarTexts() {
    // Short toolbar names without accelerators ("&Open…" would show as "Open…", and a
    // translation's "打开(&O)…" as "打开(O)…").
    m_new->setIconText(tr("New"));
    m_open->setIconText(tr("Open"));
    m_save->setIconText(tr("Save"));
    m_import->setIconText(tr("Import"));
    m_canvas->action(CanvasView::Action::ZoomFit)->setIconText(tr("Fit to View"));
    m_canvas->action(CanvasView::Action::AutoLayout)->setIconText(tr("Auto Layout"));
}

void MainWindow::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QMainWindow::changeEvent(event);
}

// ---- status ------------------------------------------------------------------------------------

void MainWindow::updateTitle() {
    setWindowTitle(tr("%1[*] — Ferry").arg(m_document->displayName()));
    setWindowModified(m_document->isModified());
}

void MainWindow::updateCounts() {
    const auto& p = m_document->project();
    m_statusCounts->setText(tr("%n site(s)", "", int(p.sites().size())) + QStringLiteral(" · ") +
                            tr("%n workload(s)", "", int(p.workloads().size())) +
                            QStringLiteral(" · ") +
                            tr("%n dependency(ies)", "", int(p.dependencies().size())));
}

void MainWindow::updateFindings(int errors, int warnings) {
    m_errors = errors;
    m_warnings = warnings;
    m_statusFindings->setText(
        tr("%1, %2", "errors, warnings")
            .arg(tr("%n error(s)", "", errors), tr("%n warning(s)", "", warnings)));
    const auto icon = errors > 0     ? QStyle::SP_MessageBoxCritical
                      : warnings > 0 ? QStyle::SP_MessageBoxWarning
                                     : QStyle::SP_DialogApplyButton;
    m_statusFindings->setIcon(style()->standardIcon(icon));
}

// ---- recent files ------------------------------------------------------------------------------

QStringList MainWindow::recentFiles() const {
    const QStringList stored = QSettings().value(kRecentKey).toStringList();
    QStringList files;
    for (const QString& f : stored)
        if (QFileInfo::exists(f) && !files.contains(f) && files.size() < kMaxRecentFiles)
            files << f;
    if (files != stored)
        QSettings().setValue(kRecentKey, files);
    return files;
}

void MainWindow::addRecentFile(const QString& path) {
    const QString absolute = QFileInfo(path).absoluteFilePath();
    QStringList files = recentFiles();
    files.removeAll(absolute);
    files.prepend(absolute);
    while (files.size() > kMaxRecentFiles)
        files.removeLast();
    QSettings().setValue(kRecentKey, files);
    rebuildRecentMenu();
}

void MainWindow::rebuildRecentMenu() {
    m_recentMenu->clear();
    const QStringList files = recentFiles();
    for (int i = 0; i < files.size(); ++i) {
        const QString& file = files[i];
        // &1..&8 make the entries reachable from the keyboard.
        QAction* a = m_recentMenu->addAction(
            QStringLiteral("&%1 %2").arg(i + 1).arg(QFileInfo(file).fileName()));
        a->setStatusTip(file);
        a->setToolTip(file);
        a->setData(file);
        connect(a, &QAction::triggered, this, [this, file] {
            if (maybeSave())
                openFile(file);
        });
    }
    if (files.isEmpty())
        m_recentMenu->addAction(tr("No recent projects"))->setEnabled(false);
    m_recentMenu->addSeparator();
    m_recentMenu->addAction(m_clearRecent);
    m_clearRecent->setEnabled(!files.isEmpty());
}

// ---- files -------------------------------------------------------------------------------------

bool MainWindow::maybeSave() {
    if (!m_document->isModified())
        return true;
    QMessageBox box(
        QMessageBox::Warning, tr("Unsaved changes"),
        tr("The project \"%1\" has unsaved changes. Save them?").arg(m_document->displayName()),
        QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, this);
    box.button(QMessageBox::Save)->setText(tr("&Save"));
    box.button(QMessageBox::Discard)->setText(tr("&Don't Save"));
    box.button(QMessageBox::Cancel)->setText(tr("Cancel"));
    box.setDefaultButton(QMessageBox::Save);
    const int answer = box.exec();
    if (answer == QMessageBox::Save)
        return save();
    return answer == QMessageBox::Discard;
}

void MainWindow::newProject() {
    if (!maybeSave())
        return;
    m_recovery->discard();
    m_document->newProject();
}

void MainWindow::open() {
    if (!maybeSave())
        return;
    const QString dir = m_document->filePath().isEmpty()
                            ? QString()
                            : QFileInfo(m_document->filePath()).absolutePath();
    const QString path = QFileDialog::getOpenFileName(this, tr("Open project"), dir, fileFilter());
    if (!path.isEmpty())
        openFile(path);
}

bool MainWindow::openFile(const QString& path) {
    auto result = m_document->load(path);
    if (!result) {
        inform(this, QMessageBox::Critical, tr("Cannot open project"),
               tr("Ferry could not open %1.\n\n%2")
                   .arg(QFileInfo(path).fileName(),
                        QString::fromStdString(result.error().toString())));
        return false;
    }
    m_recovery->discard(); // the previous project's copy: its edits were saved or discarded
    addRecentFile(path);
    m_tree->expandAll();
    for (int c = 0; c < EstateTreeModel::Target; ++c)
        m_tree->resizeColumnToContents(c);
    statusBar()->showMessage(tr("Opened %1").arg(QFileInfo(path).fileName()), 4000);
    return true;
}

bool MainWindow::save() {
    if (m_document->filePath().isEmpty())
        return saveAs();
    return saveTo(m_document->filePath());
}

bool MainWindow::saveAs() {
    QString path = QFileDialog::getSaveFileName(this, tr("Save project as"), m_document->filePath(),
                                                fileFilter());
    if (path.isEmpty())
        return false;
    if (QFileInfo(path).suffix().isEmpty())
        path += QStringLiteral(".ferry");
    return saveTo(path);
}

bool MainWindow::saveTo(const QString& path) {
    auto result = m_document->saveAs(path);
    if (!result) {
        inform(this, QMessageBox::Critical, tr("Cannot save project"),
               tr("Ferry could not save to %1. Nothing was overwritten.\n\n%2")
                   .arg(path, QString::fromStdString(result.error().toString())));
        return false;
    }
    m_recovery->discard();
    addRecentFile(path);
    statusBar()->showMessage(tr("Saved %1").arg(QFileInfo(path).fileName()), 4000);
    return true;
}

void MainWindow::importInventory() {
    InventoryImportDialog dialog(*m_document, this);
    if (dialog.exec() == QDialog::Accepted)
        statusBar()->showMessage(m_document->undoStack().undoText(), 6000);
}

// ---- autosave and recovery ---------------------------------------------------------------------

model::Result<void> MainWindow::autosaveNow() {
    if (!m_document->isModified()) {
        m_recovery->discard();
        return model::success();
    }
    return m_recovery->write(m_document->project().data(), m_document->filePath());
}

bool MainWindow::restoreRecovery(const ProjectRecovery::Entry& entry) {
    auto data = ProjectRecovery::read(entry);
    if (!data) {
        inform(this, QMessageBox::Warning, tr("Cannot restore"),
               tr("Ferry could not read the autosaved copy %1; it is kept in case "
                  "it can be read later.\n\n%2")
                   .arg(entry.recoveryFile, QString::fromStdString(data.error().toString())));
        return false;
    }
    const bool projectExists = !entry.projectPath.isEmpty() &&
                               QFileInfo::exists(entry.projectPath) &&
                               m_document->load(entry.projectPath).ok();
    if (!projectExists)
        m_document->newProject();
    m_recovery->discard();
    (void)pushEdit(*m_document,
                   std::make_unique<ReplaceProjectCommand>(
                       *m_document, tr("Restore unsaved changes"), std::move(data).value()));
    // Keep the restored edits safe right away, then let the crash's copy go.
    if (m_recovery->write(m_document->project().data(), m_document->filePath()))
        ProjectRecovery::remove(entry);
    if (projectExists)
        addRecentFile(entry.projectPath);
    statusBar()->showMessage(
        tr("Restored the unsaved changes of %1").arg(m_document->displayName()), 6000);
    return true;
}

void MainWindow::offerRecovery() {
    for (const auto& entry : m_recovery->pending()) {
        const QString name = entry.projectPath.isEmpty() ? tr("an unsaved project")
                                                         : QFileInfo(entry.projectPath).fileName();
        QMessageBox box(
            QMessageBox::Question, tr("Restore unsaved changes?"),
            tr("Ferry stopped before it could save the changes to %1. An autosaved "
               "copy from %2 exists.")
                .arg(name, QLocale().toString(entry.savedAt.toLocalTime(), QLocale::ShortFormat)),
            QMessageBox::NoButton, this);
        box.setInformativeText(tr("Restore opens the project with those changes; Save keeps "
                                  "them. Delete throws the copy away."));
        QPushButton* restore = box.addButton(tr("&Restore"), QMessageBox::AcceptRole);
        QPushButton* later = box.addButton(tr("&Later"), QMessageBox::RejectRole);
        QPushButton* remove = box.addButton(tr("&Delete"), QMessageBox::DestructiveRole);
        box.setDefaultButton(restore);
        box.exec();
        if (box.clickedButton() == restore) {
            if (!maybeSave())
                return;
            restoreRecovery(entry);
            return; // one project per window
        }
        if (box.clickedButton() == remove)
            ProjectRecovery::remove(entry);
        if (box.clickedButton() == later)
            continue;
    }
}

// ---- preferences and layout --------------------------------------------------------------------

void MainWindow::showPreferences() {
    PreferencesDialog dialog(m_preferences, this);
    if (dialog.exec() == QDialog::Accepted)
        applyPreferences(dialog.preferences());
}

void MainWindow::applyPreferences(const Preferences& preferences) {
    const Preferences before = m_preferences;
    m_preferences = preferences;
    m_preferences.save();
    if (preferences.language != before.language &&
        !InterfaceLanguage::apply(preferences.language)) {
        statusBar()->showMessage(tr("Ferry has no translation for this language yet."), 6000);
    }
    if (preferences.autosaveMinutes > 0)
        m_autosaveTimer.start(preferences.autosaveMinutes * 60000);
    else
        m_autosaveTimer.stop();
    if (preferences.colourMode != before.colourMode)
        if (auto mode = colourModeFromKey(preferences.colourMode))
            m_canvas->setColourMode(*mode);
}

void MainWindow::restoreLayout() {
    const QSettings settings;
    restoreGeometry(settings.value("window/geometry").toByteArray());
    restoreState(settings.value("window/state").toByteArray(), kStateVersion);
}

void MainWindow::saveLayout() const {
    QSettings settings;
    settings.setValue("window/geometry", saveGeometry());
    settings.setValue("window/state", saveState(kStateVersion));
}

void MainWindow::closeEvent(QCloseEvent* event) {
    if (!maybeSave()) {
        event->ignore();
        return;
    }
    saveLayout();
    m_recovery->discard(); // a clean exit leaves nothing to recover
    event->accept();
}

} // namespace ferry::ui

namespace ferry::ui {

void MainWindow::exportReport() {
    QString suggested = m_document->filePath();
    suggested = suggested.isEmpty() ? QStringLiteral("plan-report.pdf")
                                    : QFileInfo(suggested).completeBaseName() + "-report.pdf";
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export Report"), suggested, tr("PDF report (*.pdf);;HTML report (*.html)"));
    if (!path.isEmpty())
        writeReport(path);
}

bool MainWindow::showPlanView(const QString& view) {
    if (view == QLatin1String("run")) {
        m_runDock->show();
        m_runDock->raise();
        resizeDocks({m_runDock}, {height() * 13 / 20}, Qt::Vertical);
        return true;
    }
    const QStringList views = {"waves", "timeline", "cost", "forecast", "scenarios"};
    const int index = views.indexOf(view);
    if (index < 0)
        return false;
    m_planDock->show();
    m_planDock->raise();
    m_plan->tabs()->setCurrentIndex(index);
    resizeDocks({m_planDock}, {height() * 13 / 20}, Qt::Vertical);
    return true;
}

bool MainWindow::writeReport(const QString& path, bool quiet) {
    const auto results = m_planService->results();
    auto fail = [&](const QString& message) {
        if (!quiet)
            QMessageBox::warning(this, tr("Export Report"), message);
        return false;
    };
    if (!results || !results->outcome)
        return fail(results && results->error
                        ? tr("There is no plan to report: %1")
                              .arg(QString::fromStdString(results->error->message))
                        : tr("The plan is still being worked out; try again in a moment."));
    model::PlanReportOptions options;
    options.generatedOn = QDate::currentDate().toString(Qt::ISODate).toStdString();
    options.forecast = results->forecast;
    options.scenarios = results->scenarios;
    model::ReportDocument report = model::buildPlanReport(*results->outcome, options);
    if (m_planService->isStale())
        report.subtitle += " · " + tr("computed before the latest edits").toStdString();
    if (auto written = model::writeReportFile(report, path.toStdString()); !written)
        return fail(tr("The report could not be written: %1")
                        .arg(QString::fromStdString(written.error().message)));
    statusBar()->showMessage(tr("Report written to %1").arg(QDir::toNativeSeparators(path)), 5000);
    return true;
}

} // namespace ferry::ui
