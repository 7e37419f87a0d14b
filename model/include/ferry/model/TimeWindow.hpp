#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ferry::model {

/// A recurring weekly window, e.g. "Sat 00:00-06:00", in the local time of the site it belongs to.
struct TimeWindow {
    std::uint8_t days = 0x7f; ///< Bit 0 = Monday ... bit 6 = Sunday.
    int startMinute = 0;      ///< Minutes after local midnight, 0..1439.
    int endMinute = 1440;     ///< Exclusive end, 1..1440; a window may not wrap past midnight.

    bool operator==(const TimeWindow&) const = default;

    /// Canonical text form, e.g. "Sat,Sun 00:00-06:00" or "Mon-Fri 22:00-24:00".
    std::string toString() const;
    /// Parse the text form ("Sat 00:00-06:00", "Mon-Fri 20:00-24:00", "daily 01:00-05:00").
    static std::optional<TimeWindow> parse(std::string_view text);
};

} // namespace ferry::model
