#include <ferry/model/Assumptions.hpp>

#include <cmath>
#include <cstdio>
#include <limits>
#include <optional>
#include <string_view>

namespace ferry::model {
namespace {

using nlohmann::json;

// Bounds beyond which an assumption is taken to be a typo rather than a plan.
constexpr int kMaxWorkloadsPerWave = 1000000;
constexpr double kMaxGbPerWave = 1.0e9;
constexpr double kMaxHours = 87600.0; // ten years
constexpr double kMaxTrafficGbPerDay = 1.0e7;
constexpr int kMaxStreams = 1024;
constexpr double kMaxMbps = 1.0e7;
constexpr int kMaxHorizonMonths = 600;
constexpr int kMaxForecastRuns = 1000000;
constexpr double kMaxFactor = 100.0;
constexpr double kMaxSigma = 5.0;

/// Every key fromJson reads, in the order toJson writes them.
constexpr std::string_view kKeys[] = {"max_workloads_per_wave",
                                      "max_gb_per_wave",
                                      "max_transfer_hours_per_wave",
                                      "cutover_windows",
                                      "chatty_traffic_gb_per_day",
                                      "dependency_policy",
                                      "link_efficiency",
                                      "streams_per_workload",
                                      "stream_mbps",
                                      "sync_interval_hours",
                                      "cutover_overhead_hours",
                                      "wait_for_previous_wave",
                                      "start_date",
                                      "horizon_months",
                                      "dual_running_share",
                                      "link_efficiency_factor",
                                      "size_factor",
                                      "change_rate_factor",
                                      "forecast_runs",
                                      "forecast_seed"};

std::string contextOf(std::string_view key) {
    return "assumptions." + std::string(key);
}

std::string describe(const json& value) {
    switch (value.type()) {
    case json::value_t::null:
        return "null";
    case json::value_t::boolean:
        return value.get<bool>() ? "true" : "false";
    case json::value_t::string:
        return "text";
    case json::value_t::array:
        return "a list";
    case json::value_t::object:
        return "an object";
    default:
        return value.dump();
    }
}

std::string number(double value) {
    json j = value;
    return j.dump();
}

Error badType(std::string_view key, std::string_view expected, const json& value) {
    return Error{"assumptions.bad_type",
                 "The assumption " + std::string(key) + " must be " + std::string(expected) +
                     ", not " + describe(value) + "; correct it in the project's assumptions.",
                 contextOf(key)};
}

Error badValue(std::string_view key, const std::string& what, std::string_view range) {
    return Error{"assumptions.bad_value",
                 "The assumption " + std::string(key) + " is " + what + "; use " +
                     std::string(range) + ".",
                 contextOf(key)};
}

/// A finite number within [low, high] (low excluded when lowOpen).
Result<double> readNumber(const json& value, std::string_view key, double low, double high,
                          bool lowOpen = false) {
    if (!value.is_number())
        return badType(key, "a number", value);
    const double v = value.get<double>();
    const bool tooLow = lowOpen ? !(v > low) : !(v >= low);
    if (!std::isfinite(v) || tooLow || v > high) {
        const std::string range = std::string(lowOpen ? "a number above " : "a number from ") +
                                  number(low) + (lowOpen ? " up to " : " to ") + number(high);
        return badValue(key, std::isfinite(v) ? number(v) : std::string("not a finite number"),
                        range);
    }
    return v;
}

/// A whole number within [low, high]; 10.0 counts as whole, 10.5 does not.
Result<int> readInteger(const json& value, std::string_view key, int low, int high) {
    if (!value.is_number())
        return badType(key, "a whole number", value);
    const double v = value.get<double>();
    const std::string range =
        "a whole number from " + std::to_string(low) + " to " + std::to_string(high);
    if (value.is_number_float() && (!std::isfinite(v) || std::floor(v) != v))
        return badValue(key, std::isfinite(v) ? number(v) : "not a finite number", range);
    if (v < low || v > high)
        return badValue(key, value.dump(), range);
    return static_cast<int>(v);
}

Result<std::uint64_t> readSeed(const json& value, std::string_view key) {
    const std::string range = "a whole number from 0 to 18446744073709551615";
    if (value.is_number_unsigned())
        return value.get<std::uint64_t>();
    if (value.is_number_integer())
        return badValue(key, value.dump(), range); // negative
    if (value.is_number_float()) {
        const double v = value.get<double>();
        // Doubles at or above 2^53 cannot name a seed exactly; ask for an integer literal.
        if (std::isfinite(v) && std::floor(v) == v && v >= 0 && v < 9007199254740992.0)
            return static_cast<std::uint64_t>(v);
        return badValue(key, std::isfinite(v) ? number(v) : "not a finite number", range);
    }
    return badType(key, "a whole number", value);
}

bool isLeapYear(int y) {
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/// True for "YYYY-MM-DD" naming a real day of the years 1970 to 9999.
bool isIsoDate(std::string_view text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-')
        return false;
    for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u})
        if (text[i] < '0' || text[i] > '9')
            return false;
    auto digits = [&](std::size_t at, std::size_t count) {
        int v = 0;
        for (std::size_t i = at; i < at + count; ++i)
            v = v * 10 + (text[i] - '0');
        return v;
    };
    const int year = digits(0, 4);
    const int month = digits(5, 2);
    const int day = digits(8, 2);
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (year < 1970 || month < 1 || month > 12 || day < 1)
        return false;
    const int inMonth = kDays[month - 1] + (month == 2 && isLeapYear(year) ? 1 : 0);
    return day <= inMonth;
}

/// {"shape": "triangular", "low", "mode", "high"}, {"shape": "lognormal", "median", "sigma"}
/// or {"shape": "fixed", "value"}. Fields a shape does not use keep their defaults, so a value
/// survives toJson/fromJson unchanged.
Result<Uncertainty> readUncertainty(const json& value, std::string_view key) {
    if (!value.is_object())
        return badType(key,
                       "an object such as {\"shape\": \"triangular\", \"low\": 0.9, "
                       "\"mode\": 1, \"high\": 1.2}",
                       value);
    const auto shapeIt = value.find("shape");
    if (shapeIt == value.end() || !shapeIt->is_string())
        return Error{"assumptions.bad_value",
                     "The assumption " + std::string(key) +
                         " needs a \"shape\": \"fixed\", \"triangular\" or \"lognormal\".",
                     contextOf(key)};
    const std::string shape = shapeIt->get<std::string>();
    std::vector<std::string_view> fields;
    Uncertainty u;
    if (shape == "fixed") {
        u.shape = Uncertainty::Shape::Fixed;
        fields = {"value"};
    } else if (shape == "triangular") {
        u.shape = Uncertainty::Shape::Triangular;
        fields = {"low", "mode", "high"};
    } else if (shape == "lognormal") {
        u.shape = Uncertainty::Shape::Lognormal;
        fields = {"median", "sigma"};
    } else {
        return Error{"assumptions.bad_value",
                     "The assumption " + std::string(key) + " has the shape \"" + shape +
                         "\"; use \"fixed\", \"triangular\" or \"lognormal\".",
                     contextOf(key)};
    }
    for (const auto& [name, member] : value.items()) {
        if (name == "shape")
            continue;
        bool known = false;
        for (auto f : fields)
            known = known || f == name;
        if (!known) {
            std::string list;
            for (auto f : fields)
                list += (list.empty() ? "" : ", ") + std::string(f);
            return Error{"assumptions.unknown_key",
                         "The assumption " + std::string(key) + " has the field \"" + name +
                             "\", which a " + shape + " distribution does not use; give " + list +
                             ".",
                         contextOf(key)};
        }
    }
    std::vector<double> v;
    for (auto f : fields) {
        const auto it = value.find(f);
        const std::string field = std::string(key) + "." + std::string(f);
        if (it == value.end())
            return Error{"assumptions.bad_value",
                         "The " + shape + " assumption " + std::string(key) + " has no \"" +
                             std::string(f) + "\"; add it.",
                         contextOf(key)};
        const bool isSigma = f == "sigma";
        auto n = isSigma ? readNumber(*it, field, 0.0, kMaxSigma)
                         : readNumber(*it, field, 0.0, kMaxFactor, true);
        if (!n)
            return Error{n.error().code, n.error().message, contextOf(key)};
        v.push_back(*n);
    }
    switch (u.shape) {
    case Uncertainty::Shape::Fixed:
        u.mode = v[0];
        break;
    case Uncertainty::Shape::Triangular:
        u.low = v[0];
        u.mode = v[1];
        u.high = v[2];
        if (!(u.low <= u.mode && u.mode <= u.high && u.low < u.high))
            return Error{"assumptions.bad_value",
                         "The assumption " + std::string(key) + " has low " + number(u.low) +
                             ", mode " + number(u.mode) + " and high " + number(u.high) +
                             "; a triangular distribution needs low <= mode <= high and low < "
                             "high (use the shape \"fixed\" for a single value).",
                         contextOf(key)};
        break;
    case Uncertainty::Shape::Lognormal:
        u.mode = v[0];
        u.sigma = v[1];
        break;
    }
    return u;
}

json uncertaintyJson(const Uncertainty& u) {
    switch (u.shape) {
    case Uncertainty::Shape::Fixed:
        return {{"shape", "fixed"}, {"value", u.mode}};
    case Uncertainty::Shape::Triangular:
        return {{"shape", "triangular"}, {"low", u.low}, {"mode", u.mode}, {"high", u.high}};
    case Uncertainty::Shape::Lognormal:
        return {{"shape", "lognormal"}, {"median", u.mode}, {"sigma", u.sigma}};
    }
    return {};
}

/// Reads one key into a; the key is known to be one of kKeys.
Result<void> readKey(PlanAssumptions& a, const std::string& key, const json& value) {
    auto assign = [](auto& field, auto result) -> Result<void> {
        if (!result)
            return result.error();
        field = *result;
        return success();
    };
    if (key == "max_workloads_per_wave")
        return assign(a.maxWorkloadsPerWave, readInteger(value, key, 0, kMaxWorkloadsPerWave));
    if (key == "max_gb_per_wave")
        return assign(a.maxGbPerWave, readNumber(value, key, 0.0, kMaxGbPerWave));
    if (key == "max_transfer_hours_per_wave")
        return assign(a.maxTransferHoursPerWave, readNumber(value, key, 0.0, kMaxHours));
    if (key == "cutover_windows") {
        if (!value.is_array())
            return badType(key, "a list of windows such as [\"Sat 00:00-06:00\"]", value);
        std::vector<TimeWindow> windows;
        for (std::size_t i = 0; i < value.size(); ++i) {
            const json& item = value[i];
            const auto parsed =
                item.is_string() ? TimeWindow::parse(item.get<std::string>()) : std::nullopt;
            if (!parsed)
                return Error{"assumptions.bad_value",
                             "Entry " + std::to_string(i + 1) + " of cutover_windows (" +
                                 (item.is_string() ? "\"" + item.get<std::string>() + "\""
                                                   : describe(item)) +
                                 ") is not a weekly window; write it like \"Sat 00:00-06:00\", "
                                 "\"Mon-Fri 22:00-24:00\" or \"daily 01:00-05:00\".",
                             contextOf(key)};
            windows.push_back(*parsed);
        }
        a.cutoverWindows = std::move(windows);
        return success();
    }
    if (key == "chatty_traffic_gb_per_day")
        return assign(a.chattyTrafficGbPerDay, readNumber(value, key, 0.0, kMaxTrafficGbPerDay));
    if (key == "dependency_policy") {
        const auto policy =
            value.is_string() ? dependencyPolicyFromString(value.get<std::string>()) : std::nullopt;
        if (!value.is_string())
            return badType(key, "\"auto\", \"same_wave\" or \"dependency_first\"", value);
        if (!policy)
            return badValue(key, "\"" + value.get<std::string>() + "\"",
                            "\"auto\", \"same_wave\" or \"dependency_first\"");
        a.defaultPolicy = *policy;
        return success();
    }
    if (key == "link_efficiency")
        return assign(a.linkEfficiency, readNumber(value, key, 0.0, 1.0, true));
    if (key == "streams_per_workload")
        return assign(a.streamsPerWorkload, readInteger(value, key, 1, kMaxStreams));
    if (key == "stream_mbps")
        return assign(a.streamMbps, readNumber(value, key, 0.0, kMaxMbps, true));
    if (key == "sync_interval_hours")
        return assign(a.syncIntervalHours, readNumber(value, key, 0.0, kMaxHours, true));
    if (key == "cutover_overhead_hours")
        return assign(a.cutoverOverheadHours, readNumber(value, key, 0.0, kMaxHours));
    if (key == "wait_for_previous_wave") {
        if (!value.is_boolean())
            return badType(key, "true or false", value);
        a.waitForPreviousWave = value.get<bool>();
        return success();
    }
    if (key == "start_date") {
        if (!value.is_string())
            return badType(key, "a date such as \"2027-01-04\"", value);
        const std::string text = value.get<std::string>();
        if (!isIsoDate(text))
            return badValue(key, "\"" + text + "\"",
                            "a real date from 1970 on, written YYYY-MM-DD, e.g. \"2027-01-04\"");
        a.startDate = text;
        return success();
    }
    if (key == "horizon_months")
        return assign(a.horizonMonths, readInteger(value, key, 1, kMaxHorizonMonths));
    if (key == "dual_running_share")
        return assign(a.dualRunningShare, readNumber(value, key, 0.0, 1.0));
    if (key == "link_efficiency_factor")
        return assign(a.linkEfficiencyFactor, readUncertainty(value, key));
    if (key == "size_factor")
        return assign(a.sizeFactor, readUncertainty(value, key));
    if (key == "change_rate_factor")
        return assign(a.changeRateFactor, readUncertainty(value, key));
    if (key == "forecast_runs")
        return assign(a.forecastRuns, readInteger(value, key, 1, kMaxForecastRuns));
    if (key == "forecast_seed")
        return assign(a.forecastSeed, readSeed(value, key));
    return Error{"assumptions.unknown_key", "Unknown assumption " + key + ".", contextOf(key)};
}

} // namespace

Result<PlanAssumptions> PlanAssumptions::fromJson(const nlohmann::json& object) {
    if (!object.is_object())
        return Error{"assumptions.bad_type",
                     "The assumptions must be a JSON object of settings, not " + describe(object) +
                         "; write them as {\"max_workloads_per_wave\": 10}.",
                     "assumptions"};
    PlanAssumptions a;
    for (const auto& [key, value] : object.items()) {
        bool known = false;
        for (auto k : kKeys)
            known = known || k == key;
        if (!known) {
            std::string list;
            for (auto k : kKeys)
                list += (list.empty() ? "" : ", ") + std::string(k);
            return Error{"assumptions.unknown_key",
                         "Unknown assumption \"" + key +
                             "\"; fix its spelling or remove it (known assumptions: " + list + ").",
                         contextOf(key)};
        }
        if (auto read = readKey(a, key, value); !read)
            return read.error();
    }
    return a;
}

nlohmann::json PlanAssumptions::toJson() const {
    json windows = json::array();
    for (const auto& w : cutoverWindows)
        windows.push_back(w.toString());
    return json{{"max_workloads_per_wave", maxWorkloadsPerWave},
                {"max_gb_per_wave", maxGbPerWave},
                {"max_transfer_hours_per_wave", maxTransferHoursPerWave},
                {"cutover_windows", std::move(windows)},
                {"chatty_traffic_gb_per_day", chattyTrafficGbPerDay},
                {"dependency_policy", std::string(toString(defaultPolicy))},
                {"link_efficiency", linkEfficiency},
                {"streams_per_workload", streamsPerWorkload},
                {"stream_mbps", streamMbps},
                {"sync_interval_hours", syncIntervalHours},
                {"cutover_overhead_hours", cutoverOverheadHours},
                {"wait_for_previous_wave", waitForPreviousWave},
                {"start_date", startDate},
                {"horizon_months", horizonMonths},
                {"dual_running_share", dualRunningShare},
                {"link_efficiency_factor", uncertaintyJson(linkEfficiencyFactor)},
                {"size_factor", uncertaintyJson(sizeFactor)},
                {"change_rate_factor", uncertaintyJson(changeRateFactor)},
                {"forecast_runs", forecastRuns},
                {"forecast_seed", forecastSeed}};
}

} // namespace ferry::model
