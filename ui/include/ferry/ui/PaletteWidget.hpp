#pragma once

#include <ferry/model/Enums.hpp>

#include <QWidget>

#include <optional>
#include <utility>
#include <vector>

class QLabel;
class QMimeData;
class QToolButton;

namespace ferry::ui {

/// What a palette drag carries: a new site of a provider or a new workload of a kind.
struct PaletteObject {
    /// A site or a workload.
    enum class What { Site, Workload };
    What what = What::Site;                             ///< What to create.
    model::Provider provider = model::Provider::OnPrem; ///< For a site.
    model::WorkloadKind kind = model::WorkloadKind::Vm; ///< For a workload.
};

/// The palette the main window docks beside the canvas: tiles for a new site per provider and a
/// new workload per kind, dragged onto the canvas (QDrag with kMimeType).
class PaletteWidget : public QWidget {
    Q_OBJECT
public:
    /// MIME type of a palette drag; its data is a small JSON object.
    static constexpr const char* kMimeType = "application/x-ferry-palette";

    explicit PaletteWidget(QWidget* parent = nullptr);

    /// The drag data of a new site of provider (the caller owns it).
    static QMimeData* siteMimeData(model::Provider provider);
    /// The drag data of a new workload of kind (the caller owns it).
    static QMimeData* workloadMimeData(model::WorkloadKind kind);
    /// Read a palette drag; nullopt when mime is not one.
    static std::optional<PaletteObject> decode(const QMimeData* mime);

protected:
    /// Relabel everything when the interface language changes.
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();

    QLabel* m_sitesHeading = nullptr;
    QLabel* m_workloadsHeading = nullptr;
    QLabel* m_hint = nullptr;
    std::vector<std::pair<QToolButton*, model::Provider>> m_siteTiles;
    std::vector<std::pair<QToolButton*, model::WorkloadKind>> m_workloadTiles;
};

} // namespace ferry::ui
