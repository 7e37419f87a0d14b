#include <ferry/ui/AutoLayout.hpp>

#include <ferry/model/Project.hpp>
#include <ferry/ui/CanvasStyle.hpp>
#include <ferry/ui/ProjectDocument.hpp>

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QRectF>
#include <QStandardPaths>

#include <cmath>
#include <limits>
#include <unordered_map>

namespace ferry::ui {
namespace {

constexpr double kPointsPerInch = 72.0;
constexpr double kClusterMargin = 16.0;
constexpr double kSiteGapX = 80.0;
constexpr double kSiteGapY = 80.0;
constexpr double kCardGapX = 24.0;
constexpr double kCardGapY = 20.0;

QByteArray inches(double points) {
    return QByteArray::number(points / kPointsPerInch, 'f', 4);
}

/// Index of every site and workload by id (first occurrence), for the dot names s<i> and n<i>.
struct Indexes {
    std::unordered_map<std::string, std::size_t> sites;
    std::unordered_map<std::string, std::size_t> workloads;
    explicit Indexes(const model::ProjectData& data) {
        for (std::size_t i = 0; i < data.sites.size(); ++i)
            sites.emplace(data.sites[i].id, i);
        for (std::size_t i = 0; i < data.workloads.size(); ++i)
            workloads.emplace(data.workloads[i].id, i);
    }
};

/// Parse "x,y" or "llx,lly,urx,ury" into numbers.
std::vector<double> numbers(const QString& text) {
    std::vector<double> out;
    for (const QString& part : text.split(QLatin1Char(','))) {
        bool ok = false;
        const double v = part.toDouble(&ok);
        if (!ok)
            return {};
        out.push_back(v);
    }
    return out;
}

/// Top-left corner of the current content, where a new layout is anchored.
QPointF contentOrigin(const model::ProjectData& data) {
    double x = std::numeric_limits<double>::max(), y = std::numeric_limits<double>::max();
    for (const auto& s : data.sites) {
        x = std::min(x, s.position.x);
        y = std::min(y, s.position.y);
    }
    if (data.sites.empty())
        return {0, 0};
    return {x, y};
}

} // namespace

QString AutoLayout::findDot() {
    const QString configured = QProcessEnvironment::systemEnvironment().value("FERRY_DOT");
    if (!configured.isEmpty())
        return QFileInfo(configured).isExecutable() ? configured
                                                    : QStandardPaths::findExecutable(configured);
    return QStandardPaths::findExecutable(QStringLiteral("dot"));
}

QByteArray AutoLayout::dotInput(const model::ProjectData& data) {
    const Indexes index(data);
    const QSizeF node = CanvasStyle::kNodeSize;
    QByteArray dot;
    dot += "digraph ferry {\n";
    // No edge routing: only positions are used, and routing is most of dot's time.
    dot += "  graph [rankdir=LR, splines=false, nodesep=0.3, ranksep=0.9, newrank=true];\n";
    dot += "  node [shape=box, fixedsize=true, label=\"\", width=" + inches(node.width()) +
           ", height=" + inches(node.height()) + "];\n";
    std::vector<std::vector<std::size_t>> members(data.sites.size());
    for (std::size_t i = 0; i < data.workloads.size(); ++i) {
        auto site = index.sites.find(data.workloads[i].site);
        if (site != index.sites.end() && index.workloads.at(data.workloads[i].id) == i)
            members[site->second].push_back(i);
    }
    // The label reserves the title band; the invisible anchor keeps a site at least its minimum
    // size and gives an empty site something to hold.
    const double anchorWidth = CanvasStyle::kSiteMinSize.width() - 2 * kClusterMargin;
    const double anchorHeight = CanvasStyle::kSiteMinSize.height() - 2 * kClusterMargin -
                                CanvasStyle::kSiteHeader - CanvasStyle::kSiteGap;
    for (std::size_t s = 0; s < data.sites.size(); ++s) {
        if (index.sites.at(data.sites[s].id) != s)
            continue;
        dot += "  subgraph cluster_" + QByteArray::number(qulonglong(s)) +
               " {\n    graph [label=\"X\", fontsize=24, margin=" +
               QByteArray::number(kClusterMargin) + "];\n    s" +
               QByteArray::number(qulonglong(s)) + " [style=invis, width=" + inches(anchorWidth) +
               ", height=" + inches(anchorHeight) + "];\n";
        for (std::size_t w : members[s])
            dot += "    n" + QByteArray::number(qulonglong(w)) + ";\n";
        dot += "  }\n";
    }
    for (const auto& d : data.dependencies) {
        auto from = index.workloads.find(d.from);
        auto to = index.workloads.find(d.to);
        if (from == index.workloads.end() || to == index.workloads.end() || d.from == d.to)
            continue;
        dot += "  n" + QByteArray::number(qulonglong(from->second)) + " -> n" +
               QByteArray::number(qulonglong(to->second)) + ";\n";
    }
    for (const auto& m : data.mappings) {
        auto w = index.workloads.find(m.workload);
        auto target = index.sites.find(m.targetSite);
        if (w == index.workloads.end() || target == index.sites.end() ||
            data.workloads[w->second].site == m.targetSite)
            continue;
        // Targets to the right of their sources, without pulling the cards together.
        dot += "  n" + QByteArray::number(qulonglong(w->second)) + " -> s" +
               QByteArray::number(qulonglong(target->second)) + " [weight=0];\n";
    }
    dot += "}\n";
    return dot;
}

model::Result<std::vector<MoveEntry>> AutoLayout::movesFromDotJson(const model::ProjectData& data,
                                                                   const QByteArray& json) {
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (doc.isNull() || !doc.isObject())
        return model::Error{"layout.output",
                            "Graphviz returned a layout Ferry cannot read (" +
                                parseError.errorString().toStdString() +
                                "); check the Graphviz installation.",
                            "dot -Tjson"};
    const QJsonObject root = doc.object();
    const auto bb = numbers(root.value("bb").toString());
    if (bb.size() != 4)
        return model::Error{"layout.output",
                            "Graphviz returned a layout without a bounding box; check the Graphviz "
                            "installation.",
                            "dot -Tjson"};
    const double top = bb[3];
    const Indexes index(data);

    std::unordered_map<std::size_t, QPointF> siteCorner;
    std::unordered_map<std::size_t, QPointF> workloadCentre;
    for (const QJsonValue& value : root.value("objects").toArray()) {
        const QJsonObject object = value.toObject();
        const QString name = object.value("name").toString();
        if (name.startsWith(QLatin1String("cluster_"))) {
            const auto box = numbers(object.value("bb").toString());
            bool ok = false;
            const std::size_t s = name.mid(8).toULongLong(&ok);
            if (ok && box.size() == 4 && s < data.sites.size())
                siteCorner[s] = QPointF(box[0], top - box[3]);
        } else if (name.startsWith(QLatin1Char('n'))) {
            const auto pos = numbers(object.value("pos").toString());
            bool ok = false;
            const std::size_t w = name.mid(1).toULongLong(&ok);
            if (ok && pos.size() == 2 && w < data.workloads.size())
                workloadCentre[w] = QPointF(pos[0], top - pos[1]);
        }
    }

    // Anchor the new layout where the content starts now.
    const QPointF origin = contentOrigin(data);
    QPointF layoutOrigin(std::numeric_limits<double>::max(), std::numeric_limits<double>::max());
    for (const auto& [s, corner] : siteCorner) {
        layoutOrigin.setX(std::min(layoutOrigin.x(), corner.x()));
        layoutOrigin.setY(std::min(layoutOrigin.y(), corner.y()));
    }
    if (siteCorner.empty())
        layoutOrigin = QPointF(0, 0);
    const QPointF shift = origin - layoutOrigin;

    std::vector<MoveEntry> moves;
    std::unordered_map<std::string, QPointF> siteDelta; // extra shift of a pinned site's cards
    for (std::size_t s = 0; s < data.sites.size(); ++s) {
        auto corner = siteCorner.find(s);
        if (corner == siteCorner.end())
            continue;
        const model::Site& site = data.sites[s];
        const QPointF placed = corner->second + shift;
        if (site.position.pinned) {
            siteDelta[site.id] = QPointF(site.position.x, site.position.y) - placed;
            continue;
        }
        moves.push_back({MoveEntry::Target::Site,
                         site.id,
                         {std::round(placed.x()), std::round(placed.y()), false}});
    }
    for (std::size_t w = 0; w < data.workloads.size(); ++w) {
        auto centre = workloadCentre.find(w);
        const model::Workload& workload = data.workloads[w];
        if (centre == workloadCentre.end() || workload.position.pinned)
            continue;
        QPointF placed = centre->second + shift;
        if (auto delta = siteDelta.find(workload.site); delta != siteDelta.end())
            placed += delta->second;
        moves.push_back({MoveEntry::Target::Workload,
                         workload.id,
                         {std::round(placed.x()), std::round(placed.y()), false}});
    }
    return moves;
}

model::Result<std::vector<MoveEntry>>
AutoLayout::layoutWithDot(const model::ProjectData& data, const QString& dotPath, int timeoutMs) {
    if (dotPath.isEmpty())
        return model::Error{"layout.no_dot",
                            "Automatic layout needs Graphviz, and its program 'dot' was not "
                            "found; install Graphviz (for example: apt install graphviz) or set "
                            "FERRY_DOT to its path.",
                            "auto layout"};
    QProcess process;
    process.start(dotPath, {QStringLiteral("-Tjson")});
    if (!process.waitForStarted(10000))
        return model::Error{"layout.no_dot",
                            "Graphviz 'dot' could not be started (" +
                                process.errorString().toStdString() +
                                "); check the Graphviz installation.",
                            dotPath.toStdString()};
    process.write(dotInput(data));
    process.closeWriteChannel();
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished(2000);
        return model::Error{"layout.timeout",
                            "Graphviz took longer than " + std::to_string(timeoutMs / 1000) +
                                " s to lay out this estate; arrange it in a grid instead, or "
                                "pin parts of it and lay out again.",
                            dotPath.toStdString()};
    }
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0)
        return model::Error{
            "layout.failed",
            "Graphviz could not lay out this estate: " +
                QString::fromUtf8(process.readAllStandardError()).trimmed().left(300).toStdString(),
            dotPath.toStdString()};
    return movesFromDotJson(data, process.readAllStandardOutput());
}

std::vector<MoveEntry> AutoLayout::gridLayout(const model::ProjectData& data) {
    const Indexes index(data);
    const QSizeF node = CanvasStyle::kNodeSize;
    std::vector<std::vector<std::size_t>> members(data.sites.size());
    for (std::size_t i = 0; i < data.workloads.size(); ++i) {
        auto site = index.sites.find(data.workloads[i].site);
        if (site != index.sites.end())
            members[site->second].push_back(i);
    }
    const QPointF origin = contentOrigin(data);
    const int perRow = std::max(1, int(std::ceil(std::sqrt(double(data.sites.size())))));
    std::vector<MoveEntry> moves;
    double x = origin.x(), y = origin.y(), rowHeight = 0;
    int inRow = 0;
    for (std::size_t s = 0; s < data.sites.size(); ++s) {
        const model::Site& site = data.sites[s];
        const std::size_t n = members[s].size();
        // Square-ish in screen terms: about as many columns as rows of (wider than tall) cards.
        const int columns =
            n == 0 ? 1
                   : std::max(1, int(std::ceil(std::sqrt(n * (node.height() + kCardGapY) /
                                                         (node.width() + kCardGapX)))));
        const int rows = n == 0 ? 0 : int((n + columns - 1) / columns);
        const double width = std::max(CanvasStyle::kSiteMinSize.width(),
                                      columns * (node.width() + kCardGapX) - kCardGapX +
                                          2 * CanvasStyle::kSitePadding);
        const double height = std::max(CanvasStyle::kSiteMinSize.height(),
                                       CanvasStyle::kSiteHeader + CanvasStyle::kSiteGap +
                                           rows * (node.height() + kCardGapY) - kCardGapY +
                                           CanvasStyle::kSitePadding);
        const QPointF corner =
            site.position.pinned ? QPointF(site.position.x, site.position.y) : QPointF(x, y);
        if (!site.position.pinned)
            moves.push_back({MoveEntry::Target::Site, site.id, {corner.x(), corner.y(), false}});
        for (std::size_t k = 0; k < n; ++k) {
            const model::Workload& w = data.workloads[members[s][k]];
            if (w.position.pinned)
                continue;
            const int column = int(k % std::size_t(columns));
            const int row = int(k / std::size_t(columns));
            const QPointF centre(corner.x() + CanvasStyle::kSitePadding + node.width() / 2 +
                                     column * (node.width() + kCardGapX),
                                 corner.y() + CanvasStyle::kSiteHeader + CanvasStyle::kSiteGap +
                                     node.height() / 2 + row * (node.height() + kCardGapY));
            moves.push_back({MoveEntry::Target::Workload, w.id, {centre.x(), centre.y(), false}});
        }
        rowHeight = std::max(rowHeight, height);
        x += width + kSiteGapX;
        if (++inRow == perRow) {
            inRow = 0;
            x = origin.x();
            y += rowHeight + kSiteGapY;
            rowHeight = 0;
        }
    }
    return moves;
}

model::Result<void> AutoLayout::apply(ProjectDocument& document, std::vector<MoveEntry> moves,
                                      const QString& text) {
    const model::Project& project = document.project();
    std::vector<MoveEntry> kept;
    kept.reserve(moves.size());
    for (auto& m : moves) {
        const model::CanvasPosition* current = nullptr;
        if (m.target == MoveEntry::Target::Site) {
            if (const model::Site* s = project.findSite(m.id))
                current = &s->position;
        } else if (const model::Workload* w = project.findWorkload(m.id)) {
            current = &w->position;
        }
        if (!current || current->pinned)
            continue;
        if (current->x == m.to.x && current->y == m.to.y)
            continue;
        kept.push_back(std::move(m));
    }
    if (kept.empty())
        return model::success();
    return pushMove(document, text, std::move(kept), 0);
}

} // namespace ferry::ui
