#pragma once

#include <ferry/model/Result.hpp>

#include <QByteArray>
#include <QCoreApplication>
#include <QPointF>
#include <QString>
#include <QStringList>

class QMimeData;

namespace ferry::model {
class Project;
}

namespace ferry::ui {

class ProjectDocument;

/// Copy and paste of canvas objects, within a project or between projects. The clipboard holds
/// kMimeType: a project document in the JSON project format with only the copied sites (with
/// their workloads and the links between them), workloads, the dependencies among them and their
/// mappings.
class CanvasClipboard {
    Q_DECLARE_TR_FUNCTIONS(CanvasClipboard)

public:
    /// MIME type of copied objects.
    static constexpr const char* kMimeType = "application/x-ferry-objects";

    /// What a paste added.
    struct Pasted {
        QStringList ids;   ///< New site and workload ids, to select.
        QStringList notes; ///< What was left out and why (a mapping to a missing site...).
    };

    /// The JSON of the listed sites and workloads (a site brings its workloads); empty when
    /// nothing is listed.
    static QByteArray copy(const model::Project& project, const QStringList& ids);
    /// The same as MIME data for the clipboard or a drag (the caller owns it); also text/plain.
    static QMimeData* mimeData(const model::Project& project, const QStringList& ids);
    /// Add the objects of copied JSON as one undo step named text. Ids that clash are renamed
    /// (and the names marked as copies), positions shift so copies do not hide their originals;
    /// a workload whose site is neither copied nor in the project goes to fallbackSite when given,
    /// else the paste is refused. Refusals are also reported through EditFeedback.
    static model::Result<Pasted> paste(ProjectDocument& document, const QByteArray& json,
                                       const QString& text, const QString& fallbackSite = {});
};

} // namespace ferry::ui
