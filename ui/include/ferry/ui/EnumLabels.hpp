#pragma once

#include <ferry/model/Enums.hpp>
#include <ferry/model/Validator.hpp>

#include <QCoreApplication>
#include <QIcon>
#include <QString>

namespace ferry::ui {

/// Translated names of the model's enum values, as the panels and dialogs show them.
class EnumLabels {
    Q_DECLARE_TR_FUNCTIONS(EnumLabels)

public:
    /// "Virtual machine", "Database"...
    static QString kind(model::WorkloadKind kind);
    /// "On-premises", "AWS"...
    static QString provider(model::Provider provider);
    /// "Rehost", "Replatform"...
    static QString strategy(model::Strategy strategy);
    /// "Low", "Medium", "High", "Critical".
    static QString criticality(model::Criticality criticality);
    /// "Project default", "Same wave", "Dependency first".
    static QString policy(model::DependencyPolicy policy);
    /// "Error", "Warning", "Info".
    static QString severity(model::Severity severity);
    /// The standard icon of a severity (from the style).
    static QIcon severityIcon(model::Severity severity);
};

} // namespace ferry::ui
