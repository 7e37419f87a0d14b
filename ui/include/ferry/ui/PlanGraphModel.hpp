#pragma once

#include <ferry/model/Enums.hpp>
#include <ferry/model/ProjectListener.hpp>

#include <QColor>
#include <QHash>
#include <QList>
#include <QObject>
#include <QPointF>
#include <QRectF>
#include <QSet>
#include <QString>
#include <QStringList>
#include <QTimer>

#include <optional>

namespace ferry::model {
class Project;
struct Workload;
struct Site;
} // namespace ferry::model

namespace ferry::ui {

class ProjectDocument;

/// How workload cards are coloured on the canvas.
enum class ColourMode {
    Plain,      ///< Neutral cards; the icon shows the kind.
    Wave,       ///< By wave number (saved plan, else the planner's).
    Strategy,   ///< By the mapping's strategy; unmapped cards grey.
    Cost,       ///< By current monthly cost, on a gradient.
    Validation, ///< By the worst validation finding about the workload.
};

/// The worst validation finding about an object.
enum class ValidationState { Ok, Info, Warning, Error };

/// What the canvas draws for a site; a copy of the model's values, kept in sync.
struct SiteView {
    QString id;                                         ///< Site id.
    QString name;                                       ///< Display name.
    QString region;                                     ///< Provider region.
    model::Provider provider = model::Provider::OnPrem; ///< Who runs it.
    QPointF position;                                   ///< Top-left corner on the canvas.
    bool pinned = false;                                ///< Kept in place by automatic layout.
    ValidationState validation = ValidationState::Ok;   ///< Worst finding about the site.
    QString findings;                                   ///< Finding messages, one per line.
};

/// What the canvas draws for a workload; a copy of the model's values, kept in sync.
struct WorkloadView {
    QString id;                                         ///< Workload id.
    QString name;                                       ///< Display name.
    QString site;                                       ///< Id of its (source) site.
    model::WorkloadKind kind = model::WorkloadKind::Vm; ///< What it is.
    QPointF position;                                   ///< Centre on the canvas.
    bool pinned = false;                                ///< Kept in place by automatic layout.
    double sizeGb = 0.0;                                ///< Data to move.
    double monthlyCost = 0.0;                           ///< Current monthly cost.
    QStringList tags;                                   ///< Free labels.
    QString owner;                                      ///< Team or person.
    QString sizeText;                                   ///< "120 GB", ready to draw.
    bool mapped = false;                                ///< Has a mapping.
    QString target;                                     ///< Mapping's target site id.
    QString targetService;                              ///< Mapping's target service.
    model::Strategy strategy = model::Strategy::Rehost; ///< Mapping's strategy.
    int wave = 0;                                       ///< Wave number, 0 when not planned.
    ValidationState validation = ValidationState::Ok;   ///< Worst finding about it.
    QString findings;                                   ///< Finding messages, one per line.
};

/// What the canvas draws for a dependency.
struct DependencyView {
    QString id;                 ///< "from->to".
    QString from;               ///< Dependent workload.
    QString to;                 ///< Workload depended on.
    double trafficGbPerDay = 0; ///< Traffic per day.
    bool onCycle = false;       ///< Part of a dependency cycle.
};

/// One entry of the colour legend.
struct LegendEntry {
    QColor colour; ///< Swatch colour.
    QString label; ///< What it means.
};

/// The adapter between the project and the canvas, as QtNodes' AbstractGraphModel: listens to
/// the document, keeps what the items draw by id (hash look-ups, no searches), and emits one
/// fine-grained signal per change. It computes waves and validation off the edit path: changes
/// that matter to them schedule one analysis on the next event-loop turn.
class PlanGraphModel : public QObject {
    Q_OBJECT
public:
    explicit PlanGraphModel(ProjectDocument& document, QObject* parent = nullptr);
    ~PlanGraphModel() override;

    /// The document shown.
    ProjectDocument& document() { return m_document; }
    /// The project shown.
    const model::Project& project() const;

    /// Sites in project order.
    const QStringList& siteIds() const { return m_siteOrder; }
    /// Every workload id, in project order.
    QStringList workloadIds() const;
    /// Every dependency id ("from->to").
    QStringList dependencyIds() const { return m_dependencies.keys(); }
    /// Ids of the workloads that have a mapping to another site (a mapping edge).
    QStringList mappingEdgeIds() const;

    /// Site by id, or nullptr.
    const SiteView* site(const QString& id) const;
    /// Workload by id, or nullptr.
    const WorkloadView* workload(const QString& id) const;
    /// What a running migration does to a workload (shown on its card and mapping edge).
    struct LiveState {
        double progress = 0; ///< Share of its bytes moved, 0..1.
        double rate = 0;     ///< Bytes per second now.
        bool failed = false; ///< An object of it failed.
    };
    /// The live state of a workload during a run, or nullptr when it is not part of one.
    const LiveState* liveState(const QString& id) const;
    /// Set a workload's live state (from the run monitor); emits liveStateChanged.
    void setLiveState(const QString& id, const LiveState& state);
    /// Forget every live state (a new run starts); emits liveStateChanged for each.
    void clearLiveStates();
    /// Dependency by id ("from->to"), or nullptr.
    const DependencyView* dependency(const QString& id) const;
    /// Workloads running on a site.
    QList<QString> workloadsOf(const QString& siteId) const;
    /// Dependencies touching a workload (either end).
    QList<QString> dependenciesOf(const QString& workloadId) const;
    /// Ids of the network links, in project order.
    QStringList linkIds() const;
    /// Ids of the links that end at a site.
    QStringList linksOf(const QString& siteId) const;
    /// Workloads mapped to a site other than their own.
    QList<QString> workloadsMappedTo(const QString& siteId) const;
    /// True when a workload's mapping draws an edge (mapped to a site other than its own).
    bool hasMappingEdge(const QString& workloadId) const;

    /// Rectangle of a site on the canvas: its own box grown to hold its workloads' cards.
    QRectF siteRect(const QString& siteId) const;
    /// Rectangle of a workload's card.
    static QRectF nodeRect(QPointF centre);

    /// The current colour mode.
    ColourMode colourMode() const { return m_colourMode; }
    /// Change the colour mode; emits colourModeChanged.
    void setColourMode(ColourMode mode);
    /// Accent colour of a workload for the current mode (card stripe and tint).
    QColor workloadColour(const WorkloadView& workload) const;
    /// The legend of the current mode (empty for Plain).
    QList<LegendEntry> legend() const;
    /// Human name of a colour mode, translated.
    static QString colourModeName(ColourMode mode);

    /// Ids of sites and workloads whose name, id or tags contain text (case-insensitive).
    QStringList find(const QString& text) const;

    /// Run the pending analysis (waves and validation) now; normally it runs on its own.
    void analyseNow();
    /// True when waves and validation reflect the current project.
    bool analysisCurrent() const { return !m_analysisPending; }

signals:
    /// A workload's live run state changed: repaint its card and mapping edge.
    void liveStateChanged(const QString& id);
    /// Everything changed (a load, a new project): rebuild from scratch.
    void reset();
    /// A site was added.
    void siteAdded(const QString& id);
    /// A site's fields or position changed.
    void siteChanged(const QString& id);
    /// A site was removed.
    void siteRemoved(const QString& id);
    /// A workload was added.
    void workloadAdded(const QString& id);
    /// Any field changed, including the position; oldSite is its site before the change.
    void workloadChanged(const QString& id, const QString& oldSite);
    /// A workload was removed from oldSite.
    void workloadRemoved(const QString& id, const QString& oldSite);
    /// A dependency was added.
    void dependencyAdded(const QString& id);
    /// A dependency's traffic or policy changed.
    void dependencyChanged(const QString& id);
    /// A dependency was removed.
    void dependencyRemoved(const QString& id, const QString& from, const QString& to);
    /// A network link was added.
    void linkAdded(const QString& id);
    /// A link's ends, bandwidth, latency or price changed.
    void linkChanged(const QString& id);
    /// A link was removed.
    void linkRemoved(const QString& id);
    /// A workload's mapping was added, changed or removed; oldTarget is the target before.
    void mappingChanged(const QString& workloadId, const QString& oldTarget);
    /// Waves, validation or the cost range changed: repaint, geometry is unchanged.
    void analysisChanged();
    /// The colour mode changed.
    void colourModeChanged(ferry::ui::ColourMode mode);

private:
    void projectChanged(const model::ProjectChange& change);
    void rebuild();
    SiteView makeSite(const model::Site& site) const;
    WorkloadView makeWorkload(const model::Workload& workload) const;
    void readMapping(WorkloadView& view) const;
    void addDependency(const QString& from, const QString& to, double traffic);
    void scheduleAnalysis();

    ProjectDocument& m_document;
    QStringList m_siteOrder;
    QHash<QString, SiteView> m_sites;
    QHash<QString, WorkloadView> m_workloads;
    QHash<QString, DependencyView> m_dependencies;
    QHash<QString, QSet<QString>> m_siteMembers;
    QHash<QString, QSet<QString>> m_dependenciesOf;
    QHash<QString, QSet<QString>> m_mappedTo;
    ColourMode m_colourMode = ColourMode::Plain;
    double m_logCostMin = 0.0;
    double m_logCostMax = 0.0;
    int m_maxWave = 0;
    bool m_analysisPending = false;
    QTimer m_analysisTimer;
    QHash<QString, LiveState> m_live;
};

} // namespace ferry::ui

Q_DECLARE_METATYPE(ferry::ui::ColourMode)
