#include <ferry/model/TimeWindow.hpp>

#include <array>
#include <cctype>
#include <cstdio>

namespace ferry::model {
namespace {

constexpr std::array<std::string_view, 7> kDayNames{"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};

int dayIndex(std::string_view name) {
    for (int i = 0; i < 7; ++i) {
        const auto d = kDayNames[static_cast<std::size_t>(i)];
        if (name.size() == 3 && std::tolower(name[0]) == std::tolower(d[0]) &&
            std::tolower(name[1]) == d[1] && std::tolower(name[2]) == d[2])
            return i;
    }
    return -1;
}

std::optional<int> parseClock(std::string_view t) {
    if (t.size() != 5 || t[2] != ':' || !std::isdigit(t[0]) || !std::isdigit(t[1]) ||
        !std::isdigit(t[3]) || !std::isdigit(t[4]))
        return std::nullopt;
    const int h = (t[0] - '0') * 10 + (t[1] - '0');
    const int m = (t[3] - '0') * 10 + (t[4] - '0');
    if (m > 59 || h > 24 || (h == 24 && m != 0)) return std::nullopt;
    return h * 60 + m;
}

std::string clock(int minutes) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "%02d:%02d", minutes / 60, minutes % 60);
    return buf;
}

} // namespace

std::string TimeWindow::toString() const {
    std::string out;
    if (days == 0x7f) {
        out = "daily";
    } else {
        // Runs of consecutive days are written as ranges: Mon-Fri.
        for (int i = 0; i < 7;) {
            if (!(days & (1 << i))) {
                ++i;
                continue;
            }
            int j = i;
            while (j + 1 < 7 && (days & (1 << (j + 1)))) ++j;
            if (!out.empty()) out += ',';
            out += kDayNames[static_cast<std::size_t>(i)];
            if (j > i) {
                out += j == i + 1 ? "," : "-";
                out += kDayNames[static_cast<std::size_t>(j)];
            }
            i = j + 1;
        }
    }
    return out + " " + clock(startMinute) + "-" + clock(endMinute);
}

std::optional<TimeWindow> TimeWindow::parse(std::string_view text) {
    const auto space = text.find(' ');
    if (space == std::string_view::npos) return std::nullopt;
    const std::string_view dayPart = text.substr(0, space);
    std::string_view timePart = text.substr(space + 1);
    while (!timePart.empty() && timePart.front() == ' ') timePart.remove_prefix(1);
    TimeWindow w;
    if (dayPart == "daily") {
        w.days = 0x7f;
    } else {
        w.days = 0;
        std::size_t pos = 0;
        while (pos <= dayPart.size()) {
            auto comma = dayPart.find(',', pos);
            if (comma == std::string_view::npos) comma = dayPart.size();
            const auto item = dayPart.substr(pos, comma - pos);
            const auto dash = item.find('-');
            if (dash == std::string_view::npos) {
                const int d = dayIndex(item);
                if (d < 0) return std::nullopt;
                w.days |= static_cast<std::uint8_t>(1 << d);
            } else {
                const int a = dayIndex(item.substr(0, dash));
                const int b = dayIndex(item.substr(dash + 1));
                if (a < 0 || b < 0 || b < a) return std::nullopt;
                for (int d = a; d <= b; ++d) w.days |= static_cast<std::uint8_t>(1 << d);
            }
            pos = comma + 1;
        }
    }
    const auto dash = timePart.find('-');
    if (dash == std::string_view::npos) return std::nullopt;
    const auto start = parseClock(timePart.substr(0, dash));
    const auto end = parseClock(timePart.substr(dash + 1));
    if (!start || !end || *start >= *end || *start == 1440) return std::nullopt;
    w.startMinute = *start;
    w.endMinute = *end;
    return w;
}

} // namespace ferry::model
