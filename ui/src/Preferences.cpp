#include <ferry/ui/Preferences.hpp>

#include <QSettings>
#include <QStringList>

namespace ferry::ui {
namespace {

const QStringList kColourModes{"plain", "wave", "strategy", "cost", "validation"};

} // namespace

Preferences Preferences::load() {
    const QSettings settings;
    Preferences p;
    p.language = settings.value("ui/language").toString();
    bool ok = false;
    const int minutes = settings.value("autosave/minutes", p.autosaveMinutes).toInt(&ok);
    if (ok && minutes >= 0 && minutes <= kMaxAutosaveMinutes)
        p.autosaveMinutes = minutes;
    const QString mode = settings.value("canvas/colourMode").toString();
    if (kColourModes.contains(mode))
        p.colourMode = mode;
    return p;
}

void Preferences::save() const {
    QSettings settings;
    settings.setValue("ui/language", language);
    settings.setValue("autosave/minutes", autosaveMinutes);
    settings.setValue("canvas/colourMode", colourMode);
}

} // namespace ferry::ui
