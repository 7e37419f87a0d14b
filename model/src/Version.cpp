#include <ferry/model/Version.hpp>

namespace ferry::model {

std::string_view ferryVersion() { return FERRY_VERSION; }

} // namespace ferry::model
