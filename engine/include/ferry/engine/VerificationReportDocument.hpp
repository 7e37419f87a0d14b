#pragma once

#include <ferry/engine/TargetVerifier.hpp>
#include <ferry/model/Report.hpp>

#include <string>

namespace ferry::engine {

/// The verification report handed over after a migration: what was checked (objects, bytes),
/// what matches with its SHA-256, every problem with its reason, and the pairs not checked (for
/// example tables, with why). Written as PDF or HTML with model::writeReportFile.
model::ReportDocument buildVerificationReport(const VerificationReport& report,
                                              const std::string& subject,
                                              const std::string& generatedOn);

} // namespace ferry::engine
