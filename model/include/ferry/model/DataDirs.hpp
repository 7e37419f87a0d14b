#pragma once

#include <filesystem>
#include <vector>

namespace ferry::model {

/// Folders that may hold Ferry's read-only data (pricing/, demo/, schema/), most specific first:
/// `<folder of the running executable>/../share/ferry` for an installed or relocated copy, the
/// source tree's resources/ folder for a build tree, then the data folder of the configured
/// install prefix. Only folders that exist are returned.
std::vector<std::filesystem::path> dataDirs();

} // namespace ferry::model
