#include <ferry/ui/EnumLabels.hpp>

#include <QApplication>
#include <QStyle>

namespace ferry::ui {

QString EnumLabels::kind(model::WorkloadKind kind) {
    switch (kind) {
    case model::WorkloadKind::Vm:
        return tr("Virtual machine");
    case model::WorkloadKind::Database:
        return tr("Database");
    case model::WorkloadKind::FileShare:
        return tr("File share");
    case model::WorkloadKind::ObjectBucket:
        return tr("Object bucket");
    case model::WorkloadKind::ModelArtifact:
        return tr("Model artifact");
    case model::WorkloadKind::Service:
        return tr("Service");
    }
    return {};
}

QString EnumLabels::provider(model::Provider provider) {
    switch (provider) {
    case model::Provider::OnPrem:
        return tr("On-premises");
    case model::Provider::Aws:
        return tr("AWS");
    case model::Provider::Azure:
        return tr("Azure");
    case model::Provider::Gcp:
        return tr("Google Cloud");
    case model::Provider::Aliyun:
        return tr("Alibaba Cloud");
    case model::Provider::Other:
        return tr("Other");
    }
    return {};
}

QString EnumLabels::strategy(model::Strategy strategy) {
    switch (strategy) {
    case model::Strategy::Rehost:
        return tr("Rehost");
    case model::Strategy::Replatform:
        return tr("Replatform");
    case model::Strategy::Refactor:
        return tr("Refactor");
    case model::Strategy::Repurchase:
        return tr("Repurchase");
    case model::Strategy::Retire:
        return tr("Retire");
    case model::Strategy::Retain:
        return tr("Retain");
    }
    return {};
}

QString EnumLabels::criticality(model::Criticality criticality) {
    switch (criticality) {
    case model::Criticality::Low:
        return tr("Low");
    case model::Criticality::Medium:
        return tr("Medium");
    case model::Criticality::High:
        return tr("High");
    case model::Criticality::Critical:
        return tr("Critical");
    }
    return {};
}

QString EnumLabels::policy(model::DependencyPolicy policy) {
    switch (policy) {
    case model::DependencyPolicy::Auto:
        return tr("Project default");
    case model::DependencyPolicy::SameWave:
        return tr("Same wave");
    case model::DependencyPolicy::DependencyFirst:
        return tr("Dependency first");
    }
    return {};
}

QString EnumLabels::severity(model::Severity severity) {
    switch (severity) {
    case model::Severity::Error:
        return tr("Error");
    case model::Severity::Warning:
        return tr("Warning");
    case model::Severity::Info:
        return tr("Info");
    }
    return {};
}

QIcon EnumLabels::severityIcon(model::Severity severity) {
    QStyle* style = QApplication::style();
    switch (severity) {
    case model::Severity::Error:
        return style->standardIcon(QStyle::SP_MessageBoxCritical);
    case model::Severity::Warning:
        return style->standardIcon(QStyle::SP_MessageBoxWarning);
    case model::Severity::Info:
        return style->standardIcon(QStyle::SP_MessageBoxInformation);
    }
    return {};
}

} // namespace ferry::ui
