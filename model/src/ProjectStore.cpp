#include <ferry/model/ProjectStore.hpp>

#include <ferry/model/ProjectJson.hpp>

#include "AtomicFile.hpp"
#include "FileReading.hpp"
#include "NonFiniteCheck.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <climits>
#include <memory>
#include <optional>

namespace ferry::model {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

/// PRAGMA application_id of every .ferry file: "FERY", so other tools can recognise it.
constexpr int kApplicationId = 0x46455259;
constexpr std::string_view kSqliteMagic{"SQLite format 3\0", 16};

// ---------------------------------------------------------------------------------------------
// Schema. Lists keep their order in a "seq" column. Child rows (tags, windows, wave members)
// point at their parent row by seq, with a foreign key; references between objects (a
// workload's site, a dependency's ends...) are plain ids without foreign keys, because a
// project may hold dangling references that validation reports and the file must keep.

constexpr const char* kSchemaV1 = R"sql(
CREATE TABLE schema_version (
    version INTEGER NOT NULL
) STRICT;
CREATE TABLE project_info (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    name TEXT NOT NULL,
    description TEXT NOT NULL,
    currency TEXT NOT NULL,
    assumptions TEXT NOT NULL,
    price_overrides TEXT NOT NULL
) STRICT;
CREATE TABLE sites (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL,
    name TEXT NOT NULL,
    provider TEXT NOT NULL,
    region TEXT NOT NULL,
    utc_offset_minutes INTEGER NOT NULL,
    x REAL NOT NULL,
    y REAL NOT NULL,
    pinned INTEGER NOT NULL CHECK (pinned IN (0, 1))
) STRICT;
CREATE TABLE links (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL,
    from_site TEXT NOT NULL,
    to_site TEXT NOT NULL,
    bandwidth_mbps REAL NOT NULL,
    latency_ms REAL NOT NULL,
    egress_price_per_gb REAL
) STRICT;
CREATE TABLE link_windows (
    link_seq INTEGER NOT NULL REFERENCES links (seq) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    days INTEGER NOT NULL,
    start_minute INTEGER NOT NULL,
    end_minute INTEGER NOT NULL,
    PRIMARY KEY (link_seq, seq)
) STRICT, WITHOUT ROWID;
CREATE TABLE workloads (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    site TEXT NOT NULL,
    size_gb REAL NOT NULL,
    change_rate_gb_per_day REAL NOT NULL,
    vcpu INTEGER NOT NULL,
    memory_gb REAL NOT NULL,
    monthly_cost REAL NOT NULL,
    criticality TEXT NOT NULL,
    owner TEXT NOT NULL,
    endpoint TEXT NOT NULL,
    x REAL NOT NULL,
    y REAL NOT NULL,
    pinned INTEGER NOT NULL CHECK (pinned IN (0, 1))
) STRICT;
CREATE TABLE workload_tags (
    workload_seq INTEGER NOT NULL REFERENCES workloads (seq) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    tag TEXT NOT NULL,
    PRIMARY KEY (workload_seq, seq)
) STRICT, WITHOUT ROWID;
CREATE TABLE dependencies (
    seq INTEGER PRIMARY KEY,
    from_workload TEXT NOT NULL,
    to_workload TEXT NOT NULL,
    traffic_gb_per_day REAL NOT NULL,
    policy TEXT NOT NULL
) STRICT;
CREATE TABLE mappings (
    seq INTEGER PRIMARY KEY,
    workload TEXT NOT NULL,
    target_site TEXT NOT NULL,
    target_service TEXT NOT NULL,
    strategy TEXT NOT NULL,
    target_endpoint TEXT NOT NULL,
    pinned_wave INTEGER
) STRICT;
CREATE TABLE waves (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL,
    name TEXT NOT NULL,
    number INTEGER NOT NULL
) STRICT;
CREATE TABLE wave_members (
    wave_seq INTEGER NOT NULL REFERENCES waves (seq) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    workload TEXT NOT NULL,
    PRIMARY KEY (wave_seq, seq)
) STRICT, WITHOUT ROWID;
CREATE TABLE scenarios (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL,
    name TEXT NOT NULL,
    description TEXT NOT NULL,
    overrides TEXT NOT NULL
) STRICT;
)sql";

/// One forward step of the .ferry schema: upgrades a database at fromVersion to fromVersion + 1.
/// Steps run on an in-memory copy, in one transaction each; the runner updates schema_version.
struct Migration {
    int fromVersion;
    Result<void> (*apply)(sqlite3* db);
};

/// Version 2: mappings carry their transforms (a JSON array).
constexpr const char* kSchemaV2Step =
    "ALTER TABLE mappings ADD COLUMN transforms TEXT NOT NULL DEFAULT '[]'";

int exec(sqlite3* db, const char* sql);

Result<void> migrateToV2(sqlite3* db) {
    if (exec(db, kSchemaV2Step) != SQLITE_OK)
        return Error{"store.migrate",
                     std::string("Upgrading the project to file format 2 failed: ") +
                         sqlite3_errmsg(db),
                     ""};
    return {};
}

/// Every step, oldest first. New files get kSchemaV1 plus every step's schema change; a schema
/// change adds its step here, turning version N into N+1.
constexpr std::array<Migration, 1> kMigrations{{{1, &migrateToV2}}};

constexpr bool migrationsAreContiguous() {
    for (std::size_t i = 0; i < kMigrations.size(); ++i) {
        if (kMigrations[i].fromVersion != static_cast<int>(i) + 1)
            return false;
    }
    return kMigrations.size() == static_cast<std::size_t>(kProjectStoreSchemaVersion) - 1;
}
static_assert(migrationsAreContiguous(),
              "every schema version below the current one needs exactly one migration step");

// ---------------------------------------------------------------------------------------------
// SQLite helpers

struct DatabaseCloser {
    void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using Database = std::unique_ptr<sqlite3, DatabaseCloser>;

class Statement {
public:
    Statement(sqlite3* db, const char* sql) {
        m_rc = sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &m_statement, nullptr);
    }
    ~Statement() { sqlite3_finalize(m_statement); }
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    bool prepared() const { return m_rc == SQLITE_OK; }
    sqlite3_stmt* get() const { return m_statement; }

    void bind(int index, std::string_view text) {
        sqlite3_bind_text64(m_statement, index, text.data(), text.size(), SQLITE_STATIC,
                            SQLITE_UTF8);
    }
    void bind(int index, double value) { sqlite3_bind_double(m_statement, index, value); }
    void bind(int index, int value) { sqlite3_bind_int(m_statement, index, value); }
    void bind(int index, std::int64_t value) { sqlite3_bind_int64(m_statement, index, value); }
    void bind(int index, bool value) { sqlite3_bind_int(m_statement, index, value ? 1 : 0); }
    void bindNull(int index) { sqlite3_bind_null(m_statement, index); }

    /// Runs an INSERT and makes the statement ready for the next row.
    int insert() {
        const int rc = sqlite3_step(m_statement);
        sqlite3_reset(m_statement);
        sqlite3_clear_bindings(m_statement);
        return rc;
    }
    int step() { return sqlite3_step(m_statement); }

private:
    sqlite3_stmt* m_statement = nullptr;
    int m_rc = SQLITE_ERROR;
};

/// An SQLite failure in words a user can act on.
Error sqliteError(sqlite3* db, int rc, const std::string& code, std::string_view doing,
                  const fs::path& path) {
    const int primary = rc & 0xff;
    const int err = db ? sqlite3_system_errno(db) : 0;
    const std::string what = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    std::string reason;
    if (primary == SQLITE_FULL || err == ENOSPC || err == EDQUOT || err == EFBIG) {
        reason = detail::describeWriteFailure(err == 0 ? ENOSPC : err, detail::folderOf(path));
    } else if (primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB) {
        reason = "the file is damaged (" + what + "); restore it from a backup.";
    } else if (primary == SQLITE_CANTOPEN || primary == SQLITE_PERM || primary == SQLITE_READONLY ||
               primary == SQLITE_AUTH) {
        reason = "the file cannot be opened (" + what +
                 "); check that it exists and that you may access it.";
    } else if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) {
        reason = "the file is locked by another program (" + what + "); close it and retry.";
    } else {
        reason = "SQLite reported \"" + what + "\"; check the disk and try again.";
    }
    return Error{code, std::string(doing) + " failed: " + reason, path.string()};
}

int exec(sqlite3* db, const char* sql) {
    return sqlite3_exec(db, sql, nullptr, nullptr, nullptr);
}

// ---------------------------------------------------------------------------------------------
// Saving

/// Inserts every row of data; returns SQLITE_OK or the first failure's code.
int writeProject(sqlite3* db, const ProjectData& data) {
    int rc = exec(db, kSchemaV1);
    if (rc == SQLITE_OK)
        rc = exec(db, kSchemaV2Step);
    if (rc != SQLITE_OK)
        return rc;
    const auto failed = [&](int stepRc) { return stepRc != SQLITE_DONE; };
    const auto prepareFailed = [&](const Statement& s) {
        return !s.prepared() ? sqlite3_errcode(db) : SQLITE_OK;
    };

    {
        Statement s(db, "INSERT INTO schema_version (version) VALUES (?1)");
        if (int e = prepareFailed(s))
            return e;
        s.bind(1, kProjectStoreSchemaVersion);
        if (int r = s.insert(); failed(r))
            return r;
    }
    {
        Statement s(db, "INSERT INTO project_info (id, name, description, currency, assumptions, "
                        "price_overrides) VALUES (1, ?1, ?2, ?3, ?4, ?5)");
        if (int e = prepareFailed(s))
            return e;
        const std::string assumptions = data.info.assumptions.dump();
        const std::string priceOverrides = data.info.priceOverrides.dump();
        s.bind(1, data.info.name);
        s.bind(2, data.info.description);
        s.bind(3, data.info.currency);
        s.bind(4, assumptions);
        s.bind(5, priceOverrides);
        if (int r = s.insert(); failed(r))
            return r;
    }
    {
        Statement s(db, "INSERT INTO sites (seq, id, name, provider, region, utc_offset_minutes, "
                        "x, y, pinned) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
        if (int e = prepareFailed(s))
            return e;
        for (std::size_t i = 0; i < data.sites.size(); ++i) {
            const Site& site = data.sites[i];
            s.bind(1, static_cast<std::int64_t>(i));
            s.bind(2, site.id);
            s.bind(3, site.name);
            s.bind(4, toString(site.provider));
            s.bind(5, site.region);
            s.bind(6, site.utcOffsetMinutes);
            s.bind(7, site.position.x);
            s.bind(8, site.position.y);
            s.bind(9, site.position.pinned);
            if (int r = s.insert(); failed(r))
                return r;
        }
    }
    {
        Statement s(db, "INSERT INTO links (seq, id, from_site, to_site, bandwidth_mbps, "
                        "latency_ms, egress_price_per_gb) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
        Statement w(db, "INSERT INTO link_windows (link_seq, seq, days, start_minute, "
                        "end_minute) VALUES (?1, ?2, ?3, ?4, ?5)");
        if (int e = prepareFailed(s))
            return e;
        if (int e = prepareFailed(w))
            return e;
        for (std::size_t i = 0; i < data.links.size(); ++i) {
            const Link& link = data.links[i];
            s.bind(1, static_cast<std::int64_t>(i));
            s.bind(2, link.id);
            s.bind(3, link.from);
            s.bind(4, link.to);
            s.bind(5, link.bandwidthMbps);
            s.bind(6, link.latencyMs);
            if (link.egressPricePerGb) {
                s.bind(7, *link.egressPricePerGb);
            } else {
                s.bindNull(7);
            }
            if (int r = s.insert(); failed(r))
                return r;
            for (std::size_t k = 0; k < link.windows.size(); ++k) {
                const TimeWindow& window = link.windows[k];
                w.bind(1, static_cast<std::int64_t>(i));
                w.bind(2, static_cast<std::int64_t>(k));
                w.bind(3, static_cast<int>(window.days));
                w.bind(4, window.startMinute);
                w.bind(5, window.endMinute);
                if (int r = w.insert(); failed(r))
                    return r;
            }
        }
    }
    {
        Statement s(db, "INSERT INTO workloads (seq, id, name, kind, site, size_gb, "
                        "change_rate_gb_per_day, vcpu, memory_gb, monthly_cost, criticality, "
                        "owner, endpoint, x, y, pinned) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
                        "?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)");
        Statement t(db, "INSERT INTO workload_tags (workload_seq, seq, tag) VALUES (?1, ?2, ?3)");
        if (int e = prepareFailed(s))
            return e;
        if (int e = prepareFailed(t))
            return e;
        for (std::size_t i = 0; i < data.workloads.size(); ++i) {
            const Workload& w = data.workloads[i];
            s.bind(1, static_cast<std::int64_t>(i));
            s.bind(2, w.id);
            s.bind(3, w.name);
            s.bind(4, toString(w.kind));
            s.bind(5, w.site);
            s.bind(6, w.sizeGb);
            s.bind(7, w.changeRateGbPerDay);
            s.bind(8, w.vcpu);
            s.bind(9, w.memoryGb);
            s.bind(10, w.monthlyCost);
            s.bind(11, toString(w.criticality));
            s.bind(12, w.owner);
            s.bind(13, w.endpoint);
            s.bind(14, w.position.x);
            s.bind(15, w.position.y);
            s.bind(16, w.position.pinned);
            if (int r = s.insert(); failed(r))
                return r;
            for (std::size_t k = 0; k < w.tags.size(); ++k) {
                t.bind(1, static_cast<std::int64_t>(i));
                t.bind(2, static_cast<std::int64_t>(k));
                t.bind(3, w.tags[k]);
                if (int r = t.insert(); failed(r))
                    return r;
            }
        }
    }
    {
        Statement s(db, "INSERT INTO dependencies (seq, from_workload, to_workload, "
                        "traffic_gb_per_day, policy) VALUES (?1, ?2, ?3, ?4, ?5)");
        if (int e = prepareFailed(s))
            return e;
        for (std::size_t i = 0; i < data.dependencies.size(); ++i) {
            const Dependency& d = data.dependencies[i];
            s.bind(1, static_cast<std::int64_t>(i));
            s.bind(2, d.from);
            s.bind(3, d.to);
            s.bind(4, d.trafficGbPerDay);
            s.bind(5, toString(d.policy));
            if (int r = s.insert(); failed(r))
                return r;
        }
    }
    {
        Statement s(db, "INSERT INTO mappings (seq, workload, target_site, target_service, "
                        "strategy, target_endpoint, pinned_wave, transforms) VALUES (?1, ?2, ?3, "
                        "?4, ?5, ?6, ?7, ?8)");
        if (int e = prepareFailed(s))
            return e;
        for (std::size_t i = 0; i < data.mappings.size(); ++i) {
            const Mapping& m = data.mappings[i];
            s.bind(1, static_cast<std::int64_t>(i));
            s.bind(2, m.workload);
            s.bind(3, m.targetSite);
            s.bind(4, m.targetService);
            s.bind(5, toString(m.strategy));
            s.bind(6, m.targetEndpoint);
            if (m.pinnedWave) {
                s.bind(7, *m.pinnedWave);
            } else {
                s.bindNull(7);
            }
            const std::string transforms = m.transforms.is_array() ? m.transforms.dump() : "[]";
            s.bind(8, transforms);
            if (int r = s.insert(); failed(r))
                return r;
        }
    }
    {
        Statement s(db, "INSERT INTO waves (seq, id, name, number) VALUES (?1, ?2, ?3, ?4)");
        Statement m(db, "INSERT INTO wave_members (wave_seq, seq, workload) VALUES (?1, ?2, ?3)");
        if (int e = prepareFailed(s))
            return e;
        if (int e = prepareFailed(m))
            return e;
        for (std::size_t i = 0; i < data.waves.size(); ++i) {
            const Wave& wave = data.waves[i];
            s.bind(1, static_cast<std::int64_t>(i));
            s.bind(2, wave.id);
            s.bind(3, wave.name);
            s.bind(4, wave.number);
            if (int r = s.insert(); failed(r))
                return r;
            for (std::size_t k = 0; k < wave.workloads.size(); ++k) {
                m.bind(1, static_cast<std::int64_t>(i));
                m.bind(2, static_cast<std::int64_t>(k));
                m.bind(3, wave.workloads[k]);
                if (int r = m.insert(); failed(r))
                    return r;
            }
        }
    }
    {
        Statement s(db, "INSERT INTO scenarios (seq, id, name, description, overrides) VALUES "
                        "(?1, ?2, ?3, ?4, ?5)");
        if (int e = prepareFailed(s))
            return e;
        for (std::size_t i = 0; i < data.scenarios.size(); ++i) {
            const Scenario& scenario = data.scenarios[i];
            const std::string overrides = scenario.overrides.dump();
            s.bind(1, static_cast<std::int64_t>(i));
            s.bind(2, scenario.id);
            s.bind(3, scenario.name);
            s.bind(4, scenario.description);
            s.bind(5, overrides);
            if (int r = s.insert(); failed(r))
                return r;
        }
    }
    return SQLITE_OK;
}

// ---------------------------------------------------------------------------------------------
// Loading

/// Reads a whole project from a database at the current schema version. Values are checked for
/// type and range, so a damaged or hand-edited file gives an error naming table, row and column.
class StoreReader {
public:
    StoreReader(sqlite3* db, const fs::path& path) : m_db(db), m_path(path) {}

    Result<ProjectData> read() {
        ProjectData data;
        readInfo(data.info);
        readSites(data.sites);
        readLinks(data.links);
        readWorkloads(data.workloads);
        readDependencies(data.dependencies);
        readMappings(data.mappings);
        readWaves(data.waves);
        readScenarios(data.scenarios);
        if (m_error)
            return *m_error;
        return data;
    }

private:
    /// The current row of a query, read column by column.
    class Row {
    public:
        Row(StoreReader& reader, sqlite3_stmt* statement, const char* table)
            : m_reader(reader), m_statement(statement), m_table(table) {}

        std::string text(int column) {
            if (!expect(column, SQLITE_TEXT, "text"))
                return {};
            const auto* bytes = sqlite3_column_text(m_statement, column);
            const int size = sqlite3_column_bytes(m_statement, column);
            return std::string(reinterpret_cast<const char*>(bytes), static_cast<size_t>(size));
        }
        double real(int column) {
            const int type = sqlite3_column_type(m_statement, column);
            if (type != SQLITE_FLOAT && type != SQLITE_INTEGER) {
                damaged(column, "does not hold a number");
                return 0.0;
            }
            return sqlite3_column_double(m_statement, column);
        }
        std::optional<double> optionalReal(int column) {
            if (sqlite3_column_type(m_statement, column) == SQLITE_NULL)
                return std::nullopt;
            return real(column);
        }
        std::int64_t integer64(int column) {
            if (!expect(column, SQLITE_INTEGER, "a whole number"))
                return 0;
            return sqlite3_column_int64(m_statement, column);
        }
        int integer(int column) {
            const std::int64_t value = integer64(column);
            if (value < INT_MIN || value > INT_MAX) {
                damaged(column, "holds a number out of range");
                return 0;
            }
            return static_cast<int>(value);
        }
        std::optional<int> optionalInteger(int column) {
            if (sqlite3_column_type(m_statement, column) == SQLITE_NULL)
                return std::nullopt;
            return integer(column);
        }
        bool flag(int column) {
            const std::int64_t value = integer64(column);
            if (value != 0 && value != 1)
                damaged(column, "is neither 0 nor 1");
            return value == 1;
        }
        json array(int column) {
            const std::string text = this->text(column);
            if (m_reader.m_error)
                return json::array();
            json value = json::parse(text, nullptr, false);
            if (value.is_discarded() || !value.is_array()) {
                damaged(column, "does not hold a JSON array");
                return json::array();
            }
            return value;
        }
        json object(int column) {
            const std::string text = this->text(column);
            if (m_reader.m_error)
                return json::object();
            json value = json::parse(text, nullptr, false);
            if (value.is_discarded() || !value.is_object()) {
                damaged(column, "does not hold a JSON object");
                return json::object();
            }
            return value;
        }
        template <typename E>
        E enumeration(int column, std::optional<E> (*parse)(std::string_view), E fallback) {
            const std::string text = this->text(column);
            if (m_reader.m_error)
                return fallback;
            const auto value = parse(text);
            if (!value) {
                damaged(column, "holds the unknown value \"" + text + "\"");
                return fallback;
            }
            return *value;
        }
        void damaged(int column, const std::string& problem) {
            m_reader.damaged(std::string("column ") + sqlite3_column_name(m_statement, column) +
                             " of table " + m_table + ", row " +
                             std::to_string(sqlite3_column_int64(m_statement, 0)) + ", " + problem);
        }

    private:
        bool expect(int column, int type, const char* what) {
            if (sqlite3_column_type(m_statement, column) == type)
                return true;
            damaged(column, std::string("does not hold ") + what);
            return false;
        }

        StoreReader& m_reader;
        sqlite3_stmt* m_statement;
        const char* m_table;
    };

    void damaged(const std::string& where) {
        if (!m_error) {
            m_error = Error{"store.corrupt",
                            "The project file is damaged: " + where + ". Restore it from a backup.",
                            m_path.string()};
        }
    }

    /// Runs a query and calls onRow(row) for each result row until an error.
    template <typename OnRow> void query(const char* sql, const char* table, OnRow onRow) {
        if (m_error)
            return;
        Statement s(m_db, sql);
        if (!s.prepared()) {
            m_error = sqliteError(m_db, sqlite3_errcode(m_db), "store.corrupt",
                                  "Reading the project", m_path);
            return;
        }
        Row row(*this, s.get(), table);
        int rc;
        while ((rc = s.step()) == SQLITE_ROW) {
            onRow(row);
            if (m_error)
                return;
        }
        if (rc != SQLITE_DONE) {
            m_error = sqliteError(m_db, rc, "store.corrupt", "Reading the project", m_path);
        }
    }

    /// Child rows come sorted by parent seq, like the parents: walk both lists together.
    template <typename Parent, typename OnChild>
    void children(const char* sql, const char* table, const std::vector<std::int64_t>& seqs,
                  std::vector<Parent>& parents, OnChild onChild) {
        std::size_t cursor = 0;
        query(sql, table, [&](Row& row) {
            const std::int64_t parentSeq = row.integer64(0);
            while (cursor < seqs.size() && seqs[cursor] < parentSeq)
                ++cursor;
            if (cursor == seqs.size() || seqs[cursor] != parentSeq) {
                row.damaged(0, "refers to a row that does not exist");
                return;
            }
            onChild(parents[cursor], row);
        });
    }

    void readInfo(ProjectInfo& info) {
        bool found = false;
        query("SELECT id, name, description, currency, assumptions, price_overrides "
              "FROM project_info",
              "project_info", [&](Row& row) {
                  if (found) {
                      row.damaged(0, "is a second row where one is expected");
                      return;
                  }
                  found = true;
                  info.name = row.text(1);
                  info.description = row.text(2);
                  info.currency = row.text(3);
                  info.assumptions = row.object(4);
                  info.priceOverrides = row.object(5);
              });
        if (!found)
            damaged("table project_info has no row");
    }

    void readSites(std::vector<Site>& sites) {
        query("SELECT seq, id, name, provider, region, utc_offset_minutes, x, y, pinned "
              "FROM sites ORDER BY seq",
              "sites", [&](Row& row) {
                  Site& s = sites.emplace_back();
                  s.id = row.text(1);
                  s.name = row.text(2);
                  s.provider = row.enumeration(3, &providerFromString, Provider::Other);
                  s.region = row.text(4);
                  s.utcOffsetMinutes = row.integer(5);
                  s.position.x = row.real(6);
                  s.position.y = row.real(7);
                  s.position.pinned = row.flag(8);
              });
    }

    void readLinks(std::vector<Link>& links) {
        std::vector<std::int64_t> seqs;
        query("SELECT seq, id, from_site, to_site, bandwidth_mbps, latency_ms, "
              "egress_price_per_gb FROM links ORDER BY seq",
              "links", [&](Row& row) {
                  seqs.push_back(row.integer64(0));
                  Link& l = links.emplace_back();
                  l.id = row.text(1);
                  l.from = row.text(2);
                  l.to = row.text(3);
                  l.bandwidthMbps = row.real(4);
                  l.latencyMs = row.real(5);
                  l.egressPricePerGb = row.optionalReal(6);
              });
        children("SELECT link_seq, seq, days, start_minute, end_minute FROM link_windows "
                 "ORDER BY link_seq, seq",
                 "link_windows", seqs, links, [&](Link& link, Row& row) {
                     TimeWindow w;
                     const int days = row.integer(2);
                     if (days < 0 || days > 0xff)
                         row.damaged(2, "is not a set of week days");
                     w.days = static_cast<std::uint8_t>(days);
                     w.startMinute = row.integer(3);
                     w.endMinute = row.integer(4);
                     link.windows.push_back(w);
                 });
    }

    void readWorkloads(std::vector<Workload>& workloads) {
        std::vector<std::int64_t> seqs;
        query("SELECT seq, id, name, kind, site, size_gb, change_rate_gb_per_day, vcpu, "
              "memory_gb, monthly_cost, criticality, owner, endpoint, x, y, pinned "
              "FROM workloads ORDER BY seq",
              "workloads", [&](Row& row) {
                  seqs.push_back(row.integer64(0));
                  Workload& w = workloads.emplace_back();
                  w.id = row.text(1);
                  w.name = row.text(2);
                  w.kind = row.enumeration(3, &workloadKindFromString, WorkloadKind::Vm);
                  w.site = row.text(4);
                  w.sizeGb = row.real(5);
                  w.changeRateGbPerDay = row.real(6);
                  w.vcpu = row.integer(7);
                  w.memoryGb = row.real(8);
                  w.monthlyCost = row.real(9);
                  w.criticality = row.enumeration(10, &criticalityFromString, Criticality::Medium);
                  w.owner = row.text(11);
                  w.endpoint = row.text(12);
                  w.position.x = row.real(13);
                  w.position.y = row.real(14);
                  w.position.pinned = row.flag(15);
              });
        children("SELECT workload_seq, seq, tag FROM workload_tags ORDER BY workload_seq, seq",
                 "workload_tags", seqs, workloads,
                 [&](Workload& w, Row& row) { w.tags.push_back(row.text(2)); });
    }

    void readDependencies(std::vector<Dependency>& dependencies) {
        query("SELECT seq, from_workload, to_workload, traffic_gb_per_day, policy "
              "FROM dependencies ORDER BY seq",
              "dependencies", [&](Row& row) {
                  Dependency& d = dependencies.emplace_back();
                  d.from = row.text(1);
                  d.to = row.text(2);
                  d.trafficGbPerDay = row.real(3);
                  d.policy =
                      row.enumeration(4, &dependencyPolicyFromString, DependencyPolicy::Auto);
              });
    }

    void readMappings(std::vector<Mapping>& mappings) {
        query("SELECT seq, workload, target_site, target_service, strategy, target_endpoint, "
              "pinned_wave, transforms FROM mappings ORDER BY seq",
              "mappings", [&](Row& row) {
                  Mapping& m = mappings.emplace_back();
                  m.workload = row.text(1);
                  m.targetSite = row.text(2);
                  m.targetService = row.text(3);
                  m.strategy = row.enumeration(4, &strategyFromString, Strategy::Rehost);
                  m.targetEndpoint = row.text(5);
                  m.pinnedWave = row.optionalInteger(6);
                  m.transforms = row.array(7);
              });
    }

    void readWaves(std::vector<Wave>& waves) {
        std::vector<std::int64_t> seqs;
        query("SELECT seq, id, name, number FROM waves ORDER BY seq", "waves", [&](Row& row) {
            seqs.push_back(row.integer64(0));
            Wave& w = waves.emplace_back();
            w.id = row.text(1);
            w.name = row.text(2);
            w.number = row.integer(3);
        });
        children("SELECT wave_seq, seq, workload FROM wave_members ORDER BY wave_seq, seq",
                 "wave_members", seqs, waves,
                 [&](Wave& w, Row& row) { w.workloads.push_back(row.text(2)); });
    }

    void readScenarios(std::vector<Scenario>& scenarios) {
        query("SELECT seq, id, name, description, overrides FROM scenarios ORDER BY seq",
              "scenarios", [&](Row& row) {
                  Scenario& s = scenarios.emplace_back();
                  s.id = row.text(1);
                  s.name = row.text(2);
                  s.description = row.text(3);
                  s.overrides = row.object(4);
              });
    }

    sqlite3* m_db;
    const fs::path& m_path;
    std::optional<Error> m_error;
};

Error notAFerryProject(const fs::path& path, std::string_view start) {
    std::size_t i = start.starts_with("\xEF\xBB\xBF") ? 3 : 0;
    while (i < start.size() &&
           (start[i] == ' ' || start[i] == '\t' || start[i] == '\r' || start[i] == '\n'))
        ++i;
    if (i < start.size() && start[i] == '{') {
        return Error{"store.not_ferry",
                     "This is not a Ferry project in the native format: it looks like a JSON "
                     "project; open it with a .json extension.",
                     path.string()};
    }
    if (start.empty()) {
        return Error{"store.not_ferry",
                     "This is not a Ferry project: the file is empty. Choose a .ferry file "
                     "saved by Ferry or restore it from a backup.",
                     path.string()};
    }
    return Error{"store.not_ferry",
                 "This is not a Ferry project: the file is not an SQLite database. Choose a "
                 ".ferry file saved by Ferry.",
                 path.string()};
}

/// Copies the file into memory and upgrades the copy; the user's file is never written.
Result<Database> migrateInMemory(sqlite3* file, int fromVersion, const fs::path& path) {
    sqlite3* raw = nullptr;
    int rc = sqlite3_open_v2(":memory:", &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
    Database memory(raw);
    if (rc != SQLITE_OK) {
        return sqliteError(memory.get(), rc, "store.migrate", "Upgrading the project", path);
    }
    sqlite3_backup* backup = sqlite3_backup_init(memory.get(), "main", file, "main");
    if (!backup) {
        return sqliteError(memory.get(), sqlite3_errcode(memory.get()), "store.migrate",
                           "Upgrading the project", path);
    }
    rc = sqlite3_backup_step(backup, -1);
    sqlite3_backup_finish(backup);
    if (rc != SQLITE_DONE) {
        return sqliteError(file, rc, "store.migrate", "Upgrading the project", path);
    }
    exec(memory.get(), "PRAGMA foreign_keys = ON");
    for (int version = fromVersion; version < kProjectStoreSchemaVersion; ++version) {
        const auto step =
            std::find_if(kMigrations.begin(), kMigrations.end(),
                         [&](const Migration& m) { return m.fromVersion == version; });
        if (step == kMigrations.end()) {
            return Error{"store.version",
                         "The project uses file format " + std::to_string(version) +
                             ", which this Ferry cannot upgrade; open it with an older Ferry "
                             "and export it as JSON.",
                         path.string()};
        }
        if ((rc = exec(memory.get(), "BEGIN")) != SQLITE_OK) {
            return sqliteError(memory.get(), rc, "store.migrate", "Upgrading the project", path);
        }
        if (auto applied = step->apply(memory.get()); !applied)
            return applied.error();
        const std::string setVersion =
            "UPDATE schema_version SET version = " + std::to_string(version + 1);
        if ((rc = exec(memory.get(), setVersion.c_str())) != SQLITE_OK ||
            (rc = exec(memory.get(), "COMMIT")) != SQLITE_OK) {
            return sqliteError(memory.get(), rc, "store.migrate", "Upgrading the project", path);
        }
    }
    return memory;
}

/// The single integer a query returns, or the SQLite code of its failure.
int queryInteger(sqlite3* db, const char* sql, std::int64_t& out, bool& single) {
    Statement s(db, sql);
    if (!s.prepared())
        return sqlite3_errcode(db);
    int rc = s.step();
    if (rc != SQLITE_ROW)
        return rc == SQLITE_DONE ? SQLITE_OK : rc;
    if (sqlite3_column_type(s.get(), 0) != SQLITE_INTEGER)
        return SQLITE_MISMATCH;
    out = sqlite3_column_int64(s.get(), 0);
    rc = s.step();
    single = rc == SQLITE_DONE;
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? SQLITE_OK : rc;
}

std::string lowerExtension(const fs::path& path) {
    std::string ext = path.extension().string();
    for (char& c : ext) {
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
    }
    return ext;
}

} // namespace

Result<ProjectData> ProjectStore::load(const fs::path& path) {
    auto start = detail::readFileStart(path, 100);
    if (!start)
        return start.error();
    if (!std::string_view(*start).starts_with(kSqliteMagic))
        return notAFerryProject(path, *start);

    sqlite3* raw = nullptr;
    int rc = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr);
    Database db(raw);
    if (rc != SQLITE_OK)
        return sqliteError(db.get(), rc, "io.read", "Opening the project", path);
    sqlite3_extended_result_codes(db.get(), 1);
    sqlite3_busy_timeout(db.get(), 2000);

    std::int64_t applicationId = 0;
    bool single = false;
    rc = queryInteger(db.get(), "PRAGMA application_id", applicationId, single);
    if (rc != SQLITE_OK)
        return sqliteError(db.get(), rc, "store.corrupt", "Opening the project", path);
    if (applicationId != kApplicationId) {
        return Error{"store.not_ferry",
                     "This is not a Ferry project: it is an SQLite database of another program. "
                     "Choose a .ferry file saved by Ferry.",
                     path.string()};
    }
    std::int64_t version = 0;
    single = false;
    rc = queryInteger(db.get(), "SELECT version FROM schema_version", version, single);
    if (rc != SQLITE_OK || !single) {
        return Error{"store.corrupt",
                     "The project file is damaged: its schema_version table is missing or does "
                     "not hold exactly one version. Restore it from a backup.",
                     path.string()};
    }
    if (version > kProjectStoreSchemaVersion) {
        return Error{"store.version",
                     "The project was saved by a newer Ferry (file format " +
                         std::to_string(version) + "; this Ferry reads up to " +
                         std::to_string(kProjectStoreSchemaVersion) +
                         "); upgrade Ferry to open it.",
                     path.string()};
    }
    if (version < 1) {
        return Error{"store.version",
                     "The project's file format " + std::to_string(version) +
                         " does not exist (formats start at 1); the file is damaged, restore it "
                         "from a backup.",
                     path.string()};
    }
    if (version < kProjectStoreSchemaVersion) {
        auto migrated = migrateInMemory(db.get(), static_cast<int>(version), path);
        if (!migrated)
            return migrated.error();
        db = std::move(*migrated);
    }

    // One read transaction: a consistent snapshot, and no lock taken per statement.
    if ((rc = exec(db.get(), "BEGIN")) != SQLITE_OK) {
        return sqliteError(db.get(), rc, "io.read", "Reading the project", path);
    }
    auto data = StoreReader(db.get(), path).read();
    exec(db.get(), "COMMIT");
    return data;
}

Result<void> ProjectStore::save(const ProjectData& data, const fs::path& path) {
    if (const auto where = detail::findNonFiniteNumber(data)) {
        return Error{"store.value",
                     "A number is not finite (NaN or infinity) at " + *where +
                         "; correct the value and save again.",
                     path.string()};
    }
    auto file = detail::AtomicFile::create(path);
    if (!file)
        return file.error();
    file->releaseHandle();

    const fs::path& target = file->target();
    sqlite3* raw = nullptr;
    int rc = sqlite3_open_v2(file->tempPath().c_str(), &raw, SQLITE_OPEN_READWRITE, nullptr);
    Database db(raw);
    const auto failure = [&](int code) {
        Error e = sqliteError(db.get(), code, "io.write", "Saving the project", target);
        e.message += " The existing file was left unchanged.";
        return e;
    };
    if (rc != SQLITE_OK)
        return failure(rc);
    sqlite3_extended_result_codes(db.get(), 1);
    // The temporary file is thrown away on any failure, so it needs no rollback journal on disk
    // and no syncing per transaction; the whole file is synced once before the rename.
    const std::string pragmas = "PRAGMA journal_mode = MEMORY; PRAGMA synchronous = OFF; "
                                "PRAGMA locking_mode = EXCLUSIVE; PRAGMA cache_size = -65536; "
                                "PRAGMA foreign_keys = ON; PRAGMA application_id = " +
                                std::to_string(kApplicationId) + ";";
    if ((rc = exec(db.get(), pragmas.c_str())) != SQLITE_OK)
        return failure(rc);
    if ((rc = exec(db.get(), "BEGIN IMMEDIATE")) != SQLITE_OK)
        return failure(rc);
    if ((rc = writeProject(db.get(), data)) != SQLITE_OK)
        return failure(rc);
    if ((rc = exec(db.get(), "COMMIT")) != SQLITE_OK)
        return failure(rc);
    if ((rc = sqlite3_close(db.get())) != SQLITE_OK)
        return failure(rc);
    (void)db.release();
    return file->commit();
}

Result<ProjectData> loadProjectFile(const fs::path& path) {
    const std::string ext = lowerExtension(path);
    if (ext == ".json")
        return ProjectJson::readFile(path);
    if (ext == ".ferry")
        return ProjectStore::load(path);
    auto start = detail::readFileStart(path, 64);
    if (!start)
        return start.error();
    if (std::string_view(*start).starts_with(kSqliteMagic))
        return ProjectStore::load(path);
    std::string_view text = *start;
    if (text.starts_with("\xEF\xBB\xBF"))
        text.remove_prefix(3);
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first != std::string_view::npos && text[first] == '{')
        return ProjectJson::readFile(path);
    return Error{"io.format",
                 "Cannot tell what kind of file this is: it is neither a .ferry project nor a "
                 "JSON project. Choose a project file, or name it .ferry or .json.",
                 path.string()};
}

Result<void> saveProjectFile(const ProjectData& data, const fs::path& path) {
    const std::string ext = lowerExtension(path);
    if (ext == ".json")
        return ProjectJson::writeFile(data, path);
    if (ext == ".ferry")
        return ProjectStore::save(data, path);
    return Error{"io.format",
                 "Cannot tell which format to save in; name the file .ferry (native project) or "
                 ".json (interchange).",
                 path.string()};
}

} // namespace ferry::model
