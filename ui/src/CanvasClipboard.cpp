#include <ferry/ui/CanvasClipboard.hpp>

#include <ferry/model/Project.hpp>
#include <ferry/model/ProjectJson.hpp>
#include <ferry/ui/CanvasStyle.hpp>
#include <ferry/ui/EditCommands.hpp>
#include <ferry/ui/PlanGraphDefaults.hpp>
#include <ferry/ui/PlanGraphModel.hpp>
#include <ferry/ui/ProjectDocument.hpp>

#include <QMimeData>

#include <map>
#include <set>

namespace ferry::ui {
namespace {

/// Copies land this far right and down of their originals when these are in the same project.
constexpr double kPasteShift = 40.0;

QString qs(const std::string& text) {
    return QString::fromStdString(text);
}

} // namespace

QByteArray CanvasClipboard::copy(const model::Project& project, const QStringList& ids) {
    std::set<std::string> sites;
    std::set<std::string> workloads;
    for (const QString& id : ids) {
        const std::string key = id.toStdString();
        if (project.findSite(key))
            sites.insert(key);
        else if (project.findWorkload(key))
            workloads.insert(key);
    }
    for (const auto& w : project.workloads())
        if (sites.count(w.site))
            workloads.insert(w.id);
    if (sites.empty() && workloads.empty())
        return {};

    model::ProjectData data;
    data.info.name = project.info().name;
    data.info.currency = project.info().currency;
    for (const auto& s : project.sites())
        if (sites.count(s.id))
            data.sites.push_back(s);
    for (const auto& l : project.links())
        if (sites.count(l.from) && sites.count(l.to))
            data.links.push_back(l);
    for (const auto& w : project.workloads())
        if (workloads.count(w.id))
            data.workloads.push_back(w);
    for (const auto& d : project.dependencies())
        if (workloads.count(d.from) && workloads.count(d.to))
            data.dependencies.push_back(d);
    for (const auto& m : project.mappings())
        if (workloads.count(m.workload))
            data.mappings.push_back(m);
    return QByteArray::fromStdString(model::ProjectJson::serialize(data));
}

QMimeData* CanvasClipboard::mimeData(const model::Project& project, const QStringList& ids) {
    const QByteArray json = copy(project, ids);
    if (json.isEmpty())
        return nullptr;
    auto* mime = new QMimeData;
    mime->setData(QString::fromLatin1(kMimeType), json);
    mime->setText(QString::fromUtf8(json));
    return mime;
}

model::Result<CanvasClipboard::Pasted> CanvasClipboard::paste(ProjectDocument& document,
                                                              const QByteArray& json,
                                                              const QString& text,
                                                              const QString& fallbackSite) {
    auto parsed =
        model::ProjectJson::parse(std::string_view(json.constData(), json.size()), "the clipboard");
    if (!parsed) {
        EditFeedback::of(document).report(parsed.error());
        return parsed.error();
    }
    const model::ProjectData& data = parsed.value();
    const model::Project& project = document.project();

    // Shift when the originals are in this project (copy and paste in place).
    bool clash = false;
    for (const auto& s : data.sites)
        clash |= project.findSite(s.id) != nullptr;
    for (const auto& w : data.workloads)
        clash |= project.findWorkload(w.id) != nullptr;
    const double shift = clash ? kPasteShift : 0.0;

    std::set<std::string> reserved;
    const auto rename = [&](const std::string& id) {
        std::string fresh = PlanGraphDefaults::uniqueId(project, id, reserved);
        reserved.insert(fresh);
        return fresh;
    };
    const auto copyName = [](const std::string& name) {
        return (tr("%1 (copy)").arg(qs(name))).toStdString();
    };

    Pasted pasted;
    std::vector<std::unique_ptr<EditCommand>> commands;
    std::map<std::string, std::string> siteIds;
    std::map<std::string, std::string> workloadIds;

    for (model::Site s : data.sites) {
        const std::string fresh = rename(s.id);
        if (fresh != s.id)
            s.name = copyName(s.name);
        siteIds[s.id] = fresh;
        s.id = fresh;
        s.position.x += shift;
        s.position.y += shift;
        pasted.ids.push_back(qs(s.id));
        commands.push_back(std::make_unique<AddSiteCommand>(document, std::move(s)));
    }
    const auto siteFor = [&](const std::string& id) -> std::string {
        if (auto it = siteIds.find(id); it != siteIds.end())
            return it->second;
        return project.findSite(id) ? id : std::string();
    };
    for (model::Link l : data.links) {
        l.from = siteFor(l.from);
        l.to = siteFor(l.to);
        if (l.from.empty() || l.to.empty())
            continue;
        l.id = rename(l.id);
        commands.push_back(std::make_unique<AddLinkCommand>(document, std::move(l)));
    }

    // Workloads whose site is missing go into the fallback site, in a row below its content.
    QRectF fallbackRect;
    int fallbackIndex = 0;
    if (!fallbackSite.isEmpty()) {
        if (const model::Site* fallback = project.findSite(fallbackSite.toStdString())) {
            fallbackRect =
                QRectF(fallback->position.x, fallback->position.y,
                       CanvasStyle::kSiteMinSize.width(), CanvasStyle::kSiteMinSize.height());
            for (const auto& w : project.workloads())
                if (w.site == fallback->id)
                    fallbackRect |= PlanGraphModel::nodeRect(QPointF(w.position.x, w.position.y));
        }
    }
    for (model::Workload w : data.workloads) {
        const std::string original = w.id;
        std::string site = siteFor(w.site);
        QPointF position(w.position.x + shift, w.position.y + shift);
        if (site.empty()) {
            if (fallbackRect.isNull()) {
                model::Error error{
                    "paste.unknown_site",
                    "Workload '" + w.id + "' runs on site '" + w.site +
                        "', which this project does not have; copy its site along, or select a "
                        "site to paste into.",
                    "paste"};
                EditFeedback::of(document).report(error);
                return error;
            }
            site = fallbackSite.toStdString();
            const double width = CanvasStyle::kNodeSize.width() + 20;
            const int perRow = std::max(1, int(fallbackRect.width() / width));
            position =
                QPointF(fallbackRect.left() + CanvasStyle::kSitePadding +
                            CanvasStyle::kNodeSize.width() / 2 + (fallbackIndex % perRow) * width,
                        fallbackRect.bottom() + CanvasStyle::kNodeSize.height() / 2 + 10 +
                            (fallbackIndex / perRow) * (CanvasStyle::kNodeSize.height() + 20));
            ++fallbackIndex;
        }
        w.site = site;
        const std::string fresh = rename(w.id);
        if (fresh != w.id)
            w.name = copyName(w.name);
        workloadIds[original] = fresh;
        w.id = fresh;
        w.position.x = position.x();
        w.position.y = position.y();
        pasted.ids.push_back(qs(w.id));
        commands.push_back(std::make_unique<AddWorkloadCommand>(document, std::move(w)));
    }
    for (model::Dependency d : data.dependencies) {
        auto from = workloadIds.find(d.from);
        auto to = workloadIds.find(d.to);
        if (from == workloadIds.end() || to == workloadIds.end())
            continue;
        d.from = from->second;
        d.to = to->second;
        commands.push_back(std::make_unique<AddDependencyCommand>(document, std::move(d)));
    }
    for (model::Mapping m : data.mappings) {
        auto w = workloadIds.find(m.workload);
        if (w == workloadIds.end())
            continue;
        const std::string target = siteFor(m.targetSite);
        if (target.empty()) {
            pasted.notes.push_back(
                tr("The mapping of %1 was left out: its target site %2 is not in this project.")
                    .arg(qs(w->second), qs(m.targetSite)));
            continue;
        }
        m.workload = w->second;
        m.targetSite = target;
        commands.push_back(std::make_unique<SetMappingCommand>(document, std::move(m)));
    }
    if (commands.empty())
        return pasted;
    if (auto r = pushMacro(document, text, std::move(commands)); !r)
        return r.error();
    return pasted;
}

} // namespace ferry::ui
