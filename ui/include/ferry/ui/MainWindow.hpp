#pragma once

#include <ferry/model/Result.hpp>
#include <ferry/ui/Preferences.hpp>
#include <ferry/ui/ProjectRecovery.hpp>

#include <QMainWindow>
#include <QTimer>

#include <memory>

class QAction;
class QDockWidget;
class QLabel;
class QMenu;
class QToolBar;
class QToolButton;
class QTreeView;

namespace ferry::ui {

class CanvasView;
class EstateTreeModel;
class PlanDashboard;
class PlanService;
class RunMonitor;
class FindingsPanel;
class InventoryPanel;
class PaletteWidget;
class ProjectDocument;
class PropertiesPanel;

/// Ferry's main window: the canvas in the middle, the estate, palette, properties, inventory
/// and findings as dock panels, menus and a toolbar for every action, autosave to a recovery
/// file, recent files, preferences and a layout that is restored on start.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    /// Most files File > Open Recent lists.
    static constexpr int kMaxRecentFiles = 8;

    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    /// Open a project file; shows an error box and keeps the current project on failure.
    bool openFile(const QString& path);
    /// The document shown.
    ProjectDocument& document() { return *m_document; }
    /// The estate tree (a dock panel).
    QTreeView* estateView() const { return m_tree; }
    /// The canvas (the central widget).
    CanvasView* canvas() const { return m_canvas; }
    /// The properties panel.
    PropertiesPanel* propertiesPanel() const { return m_properties; }
    /// The inventory table panel.
    InventoryPanel* inventoryPanel() const { return m_inventory; }
    /// The validation findings panel.
    FindingsPanel* findingsPanel() const { return m_findings; }
    /// The plan, cost and forecast views (a dock panel).
    PlanDashboard* planDashboard() const { return m_plan; }
    /// The run monitor (a dock panel).
    RunMonitor* runMonitor() const { return m_runMonitor; }
    /// Keeps the plan of the open project up to date in the background.
    PlanService* planService() const { return m_planService; }
    /// Write the plan report of the latest plan to path (.html or .pdf); false with a message
    /// box when there is no plan yet or the file cannot be written.
    bool writeReport(const QString& path, bool quiet = false);
    /// Bring the plan panel forward on one of its views ("waves", "timeline", "cost",
    /// "forecast", "scenarios") or the run monitor ("run"), taller than usual; false for an
    /// unknown view.
    bool showPlanView(const QString& view);
    /// Edit > Undo, bound to the document's undo stack.
    QAction* undoAction() const { return m_undo; }
    /// Edit > Redo, bound to the document's undo stack.
    QAction* redoAction() const { return m_redo; }
    /// The files File > Open Recent lists, newest first (files that no longer exist are dropped).
    QStringList recentFiles() const;
    /// The autosave copies of this window and of sessions that crashed.
    ProjectRecovery& recovery() { return *m_recovery; }
    /// The preferences in force.
    const Preferences& preferences() const { return m_preferences; }
    /// Minutes between autosaves as the timer runs now; 0 when autosave is off.
    int autosaveInterval() const {
        return m_autosaveTimer.isActive() ? m_autosaveTimer.interval() / 60000 : 0;
    }

    /// Write the recovery copy if there are unsaved edits, else drop it (the autosave timer
    /// calls this every few minutes).
    model::Result<void> autosaveNow();
    /// Restore a copy left by a crash: open its project (if it still exists) and apply the copy
    /// as one undo step, so undo shows the saved project again. False (with a message box) when
    /// the copy cannot be read.
    bool restoreRecovery(const ProjectRecovery::Entry& entry);
    /// Ask, for each copy left by a crash, whether to restore it, keep it for later or delete it.
    void offerRecovery();
    /// Put preferences into force (language, autosave interval, colour mode) and store them.
    void applyPreferences(const Preferences& preferences);
    /// Restore the window's size, position and dock layout from the last session.
    void restoreLayout();
    /// Remember the window's size, position and dock layout for the next session.
    void saveLayout() const;

public slots:
    /// File > New.
    void newProject();
    /// File > Open….
    void open();
    /// File > Save; asks for a name when the project has none.
    bool save();
    /// File > Save As….
    bool saveAs();
    /// File > Import Inventory….
    void importInventory();
    /// Edit > Preferences….
    void showPreferences();

protected:
    void closeEvent(QCloseEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    void createDocks();
    void createActions();
    void createMenus();
    void retranslateUi();
    void updateTitle();
    void updateUndoActions();
    void updateToolbarTexts();
    void updateCounts();
    void updateFindings(int errors, int warnings);
    void rebuildRecentMenu();
    void addRecentFile(const QString& path);
    /// Asks to save unsaved edits; false when the user cancels.
    bool maybeSave();
    bool saveTo(const QString& path);
    /// File > Export Report: the plan report of the current results as HTML or PDF.
    void exportReport();
    QDockWidget* addDock(const QString& objectName, QWidget* content, Qt::DockWidgetArea area);

    ProjectDocument* m_document = nullptr;
    std::unique_ptr<ProjectRecovery> m_recovery;
    Preferences m_preferences;
    QTimer m_autosaveTimer;
    QByteArray m_defaultState;

    CanvasView* m_canvas = nullptr;
    PaletteWidget* m_palette = nullptr;
    EstateTreeModel* m_treeModel = nullptr;
    QTreeView* m_tree = nullptr;
    PropertiesPanel* m_properties = nullptr;
    InventoryPanel* m_inventory = nullptr;
    FindingsPanel* m_findings = nullptr;
    QDockWidget* m_estateDock = nullptr;
    QDockWidget* m_paletteDock = nullptr;
    QDockWidget* m_propertiesDock = nullptr;
    QDockWidget* m_inventoryDock = nullptr;
    QDockWidget* m_findingsDock = nullptr;
    PlanService* m_planService = nullptr;
    PlanDashboard* m_plan = nullptr;
    QDockWidget* m_planDock = nullptr;
    RunMonitor* m_runMonitor = nullptr;
    QDockWidget* m_runDock = nullptr;
    QToolBar* m_toolbar = nullptr;

    QMenu* m_fileMenu = nullptr;
    QMenu* m_recentMenu = nullptr;
    QMenu* m_editMenu = nullptr;
    QMenu* m_viewMenu = nullptr;
    QMenu* m_panelsMenu = nullptr;
    QMenu* m_colourMenu = nullptr;
    QMenu* m_projectMenu = nullptr;
    QMenu* m_helpMenu = nullptr;
    QAction* m_new = nullptr;
    QAction* m_open = nullptr;
    QAction* m_save = nullptr;
    QAction* m_saveAs = nullptr;
    QAction* m_import = nullptr;
    QAction* m_exportReport = nullptr;
    QAction* m_clearRecent = nullptr;
    QAction* m_quit = nullptr;
    QAction* m_undo = nullptr;
    QAction* m_redo = nullptr;
    QAction* m_preferencesAction = nullptr;
    QAction* m_fullScreen = nullptr;
    QAction* m_resetLayout = nullptr;
    QAction* m_projectDetails = nullptr;
    QAction* m_validate = nullptr;
    QAction* m_about = nullptr;
    QAction* m_aboutQt = nullptr;

    QLabel* m_statusCounts = nullptr;
    QToolButton* m_statusFindings = nullptr;
    int m_errors = 0;
    int m_warnings = 0;
};

} // namespace ferry::ui
