#pragma once

#include <QString>

namespace ferry::ui {

/// The user's preferences, kept in QSettings so they survive restarts.
struct Preferences {
    /// Longest autosave interval the preferences dialog offers, in minutes.
    static constexpr int kMaxAutosaveMinutes = 120;

    /// Interface language: "" follows the system, else a code such as "en" or "zh_CN".
    QString language;
    /// Minutes between autosaves of unsaved edits to a recovery file; 0 turns autosave off.
    int autosaveMinutes = 5;
    /// Colour mode of the canvas at start: "plain", "wave", "strategy", "cost" or "validation".
    QString colourMode = QStringLiteral("plain");

    /// Read the stored preferences (defaults for anything missing or out of range).
    static Preferences load();
    /// Store these preferences.
    void save() const;

    bool operator==(const Preferences&) const = default;
};

} // namespace ferry::ui
