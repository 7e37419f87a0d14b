#!/usr/bin/env bash
# SQLite -> PostgreSQL table copy benchmark: a seeded SQLite database of 1,000,000 rows in 3 tables
# (customers 100k; orders 300k with a foreign key to customers and an index on
# (customer_id, placed_at); order_items 600k with a composite key and a foreign key to orders),
# copied into a throwaway PostgreSQL cluster by Ferry (tests/bench/table_copy_driver.cpp:
# copyDatabase, then verifyTable on every table) and by pgloader, in alternating rounds, each into
# a fresh database, timed with /usr/bin/time -v; then both targets are compared with SQL.
# Usage: tests/bench/run-table-copy-bench.sh [--driver PATH] [--rounds N] [--chunk-rows N]
#        [--cache DIR] [--skip-pgloader] [--keep]
# Needs python3, /usr/bin/time, PostgreSQL server binaries (/usr/lib/postgresql/*/bin) and
# pgloader; build the driver with -DFERRY_BUILD_BENCHMARKS=ON. The SQLite file is generated once
# into the cache folder (default ${XDG_CACHE_HOME:-~/.cache}/ferry-bench) and reused.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
driver="${TABLE_COPY_DRIVER:-}"
rounds=3
chunk_rows=50000
cache="${FERRY_BENCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/ferry-bench}"
skip_pgloader=0
keep=0
while [[ $# -gt 0 ]]; do
    case "$1" in
        --driver) driver="$2"; shift 2 ;;
        --rounds) rounds="$2"; shift 2 ;;
        --chunk-rows) chunk_rows="$2"; shift 2 ;;
        --cache) cache="$2"; shift 2 ;;
        --skip-pgloader) skip_pgloader=1; shift ;;
        --keep) keep=1; shift ;;
        -h | --help) sed -n '2,12p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "run-table-copy-bench.sh: unknown argument '$1'" >&2; exit 2 ;;
    esac
done
if [[ -z "$driver" ]]; then
    for candidate in "$repo"/build*/tests/bench/table_copy_driver; do
        [[ -x "$candidate" ]] && driver="$candidate" && break
    done
fi
for tool in python3 /usr/bin/time; do
    command -v "$tool" >/dev/null || { echo "run-table-copy-bench.sh: $tool is missing" >&2; exit 1; }
done
[[ -x "$driver" ]] || { echo "run-table-copy-bench.sh: build table_copy_driver (-DFERRY_BUILD_BENCHMARKS=ON) or pass --driver PATH" >&2; exit 1; }
if [[ "$skip_pgloader" == 0 ]] && ! command -v pgloader >/dev/null; then
    echo "run-table-copy-bench.sh: pgloader is missing (apt-get install pgloader), or pass --skip-pgloader" >&2
    exit 1
fi
pgbin=""
for dir in /usr/lib/postgresql/*/bin; do
    [[ -x "$dir/initdb" && -x "$dir/pg_ctl" ]] && pgbin="$dir"
done
[[ -n "$pgbin" ]] || { echo "run-table-copy-bench.sh: PostgreSQL server binaries (initdb, pg_ctl) not found under /usr/lib/postgresql/*/bin; apt-get install postgresql" >&2; exit 1; }
psql_bin="$pgbin/psql"
[[ -x "$psql_bin" ]] || psql_bin="psql"

# --- The SQLite source, generated once (bump the version when the generator changes).
mkdir -p "$cache"
source_db="$cache/tables-1m-v1.sqlite"
if [[ ! -s "$source_db" ]]; then
    echo "Generating $source_db ..."
    python3 - "$source_db.part" <<'PYTHON'
import os, random, sqlite3, sys
path = sys.argv[1]
if os.path.exists(path):
    os.remove(path)
rng = random.Random(20261128)
db = sqlite3.connect(path)
db.executescript("""
PRAGMA journal_mode = OFF;
PRAGMA synchronous = OFF;
CREATE TABLE customers (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    email TEXT,
    country TEXT NOT NULL,
    credit_limit REAL,
    signed_up TEXT NOT NULL,
    vip INTEGER NOT NULL DEFAULT 0,
    avatar BLOB
);
CREATE TABLE orders (
    id INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers (id),
    placed_at TEXT NOT NULL,
    status TEXT NOT NULL,
    total REAL NOT NULL,
    note TEXT
);
CREATE INDEX orders_customer_placed ON orders (customer_id, placed_at);
CREATE TABLE order_items (
    order_id INTEGER NOT NULL REFERENCES orders (id),
    line INTEGER NOT NULL,
    sku TEXT NOT NULL,
    quantity INTEGER NOT NULL,
    unit_price REAL NOT NULL,
    discount REAL,
    PRIMARY KEY (order_id, line)
);
""")
first = ["Anna", "Ben", "Chloé", "Dmitri", "Eva", "Fatima", "Günter", "Hiro", "Inès", "Jan",
         "Łukasz", "Marta", "Noah", "Olga", "Pedro", "Zoë"]
last = ["Smith", "Müller", "García", "Rossi", "Nowak", "Dubois", "Tanaka", "O'Brien", "Silva",
        "Jensen", "Kowalski", "Leroy"]
countries = ["DE", "FR", "GB", "US", "PL", "ES", "IT", "JP", "BR", "SE"]
def stamp():
    return "%04d-%02d-%02d %02d:%02d:%02d" % (rng.randint(2018, 2026), rng.randint(1, 12),
            rng.randint(1, 28), rng.randint(0, 23), rng.randint(0, 59), rng.randint(0, 59))
customers = []
for i in range(1, 100_001):
    name = f"{rng.choice(first)} {rng.choice(last)}"
    customers.append((
        i, name,
        None if rng.random() < 0.1 else f"user{i}@example.{rng.choice(['com', 'org', 'de'])}",
        rng.choice(countries),
        None if rng.random() < 0.2 else round(rng.uniform(0, 50_000), 2),
        stamp(),
        1 if rng.random() < 0.05 else 0,
        rng.randbytes(rng.randint(16, 64)) if rng.random() < 0.05 else None))
db.executemany("INSERT INTO customers VALUES (?, ?, ?, ?, ?, ?, ?, ?)", customers)
statuses = ["new", "paid", "shipped", "delivered", "cancelled", "returned"]
notes = ["leave at the door", "gift wrap, please", "call first\tthen ring", "two\nlines",
         "back\\slash", "ünïcödé ✓"]
orders = []
for i in range(1, 300_001):
    orders.append((i, rng.randint(1, 100_000), stamp(), rng.choice(statuses),
                   round(rng.uniform(1, 2_000), 2),
                   rng.choice(notes) if rng.random() < 0.3 else None))
db.executemany("INSERT INTO orders VALUES (?, ?, ?, ?, ?, ?)", orders)
del customers, orders
def items():
    for order in range(1, 300_001):
        # 1, 3 or 2 lines by turn: exactly 600,000 rows.
        for line in range(1, (1, 3, 2)[order % 3] + 1):
            yield (order, line, "SKU-%05d" % rng.randint(0, 99_999), rng.randint(1, 12),
                   round(rng.uniform(0.5, 500), 2),
                   None if rng.random() < 0.7 else round(rng.uniform(0, 0.5), 3))
db.executemany("INSERT INTO order_items VALUES (?, ?, ?, ?, ?, ?)", items())
db.commit()
counts = [db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
          for t in ("customers", "orders", "order_items")]
assert counts == [100_000, 300_000, 600_000], counts
db.close()
PYTHON
    mv "$source_db.part" "$source_db"
fi
echo "source: $source_db ($(stat -c %s "$source_db") bytes)"

# --- A throwaway PostgreSQL cluster (trust authentication on 127.0.0.1, a random free port).
work="$(mktemp -d "${TMPDIR:-/tmp}/ferry-table-bench-XXXXXX")"
as_user=()
if [[ "$(id -u)" == 0 ]]; then
    chown nobody: "$work"
    as_user=(runuser -u nobody --)
fi
cleanup() {
    if [[ -f "$work/data/postmaster.pid" ]]; then
        "${as_user[@]}" "$pgbin/pg_ctl" -D "$work/data" -m fast -w stop >/dev/null 2>&1 || true
    fi
    if [[ "$keep" == 1 ]]; then echo "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
"${as_user[@]}" "$pgbin/initdb" -D "$work/data" -U ferry --auth=trust --no-locale -E UTF8 \
    --no-sync >"$work/initdb.log" 2>&1 || { cat "$work/initdb.log" >&2; exit 1; }
# The same server settings as the engine tests' cluster (tests/engine/PostgresTestCluster.cpp):
# no fsync, so the figures are the tools' and not the disk's; and no autovacuum, so that the
# server's CPU time of one run is that run's.
"${as_user[@]}" "$pgbin/pg_ctl" -D "$work/data" -l "$work/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$work -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c autovacuum=off" \
    start >"$work/pg_ctl.log" 2>&1 || { cat "$work/pg_ctl.log" "$work/server.log" >&2; exit 1; }
echo "PostgreSQL $("$pgbin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"
sql() { # database statement
    PGOPTIONS="-c client_min_messages=warning" "$psql_bin" -X -q -h 127.0.0.1 -p "$port" -U ferry -d "$1" -v ON_ERROR_STOP=1 -At -c "$2"
}
fresh_db() { # name
    sql postgres "DROP DATABASE IF EXISTS $1" >/dev/null
    sql postgres "CREATE DATABASE $1" >/dev/null
}

results="$work/results.tsv"
: >"$results"
# CPU seconds of the server processes that have exited (the connections' backends), from the
# postmaster's cutime + cstime; autovacuum is off, so nothing else ends in between.
server_cpu() {
    sleep 0.5 # let the backends of the last connections exit
    awk -v hz="$(getconf CLK_TCK)" '{printf "%.2f", ($16 + $17) / hz}' \
        "/proc/$(head -n 1 "$work/data/postmaster.pid")/stat"
}
# One timed run: label command...; appends "label wall user sys rss_kb server_cpu" to
# results.tsv.
timed() {
    local label="$1"
    shift
    local log="$work/time.log"
    local start end server_before server_after
    server_before="$(server_cpu)"
    start="$(date +%s.%N)"
    if ! /usr/bin/time -v -o "$log" "$@" >"$work/out.log" 2>"$work/err.log"; then
        echo "run-table-copy-bench.sh: $label failed:" >&2
        tail -n 40 "$work/out.log" "$work/err.log" >&2
        exit 1
    fi
    end="$(date +%s.%N)"
    server_after="$(server_cpu)"
    local user sys rss
    user="$(awk -F': ' '/User time/ {print $2}' "$log")"
    sys="$(awk -F': ' '/System time/ {print $2}' "$log")"
    rss="$(awk -F': ' '/Maximum resident set size/ {print $2}' "$log")"
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$label" "$(python3 -c "print(f'{$end - $start:.3f}')")" \
        "$user" "$sys" "$rss" "$(python3 -c "print(f'{$server_after - $server_before:.2f}')")" \
        >>"$results"
}

ferry_run() { # round verify|noverify
    fresh_db ferry_db
    local flags=(--chunk-rows "$chunk_rows")
    [[ "$2" == noverify ]] && flags+=(--no-verify)
    timed "ferry_$2" "$driver" "sqlite://$source_db" "postgresql://ferry@127.0.0.1:$port/ferry_db" \
        "${flags[@]}"
    cp "$work/out.log" "$work/ferry-$2-$1.json"
    python3 - "$work/out.log" "$2" <<'PYTHON'
import json, sys
r = json.load(open(sys.argv[1]))
tables = ", ".join(f"{t} {v['rows']}" + ("" if v.get("match", True) else " MISMATCH")
                   for t, v in r["tables"].items())
verify = f", verify {r['verify_seconds']:.2f} s, match {r['match']}" if r["verified"] else ""
print(f"  ferry ({sys.argv[2]}): copy {r['copy_seconds']:.2f} s{verify}; {tables}")
PYTHON
}

pgloader_run() { # round
    fresh_db pgloader_db
    # pgloader's default WITH for SQLite: include drop, create tables, create indexes, reset
    # sequences, downcase identifiers; foreign keys are created after the data.
    timed pgloader pgloader --root-dir "$work/pgloader" "sqlite://$source_db" \
        "postgresql://ferry@127.0.0.1:$port/pgloader_db"
    cat "$work/out.log" "$work/err.log" >"$work/pgloader-$1.log"
    # Its summary: one line per table (name, errors, rows, bytes, time), then the total.
    python3 - "$work/pgloader-$1.log" <<'PYTHON'
import re, sys
rows, errors, total = {}, 0, "?"
for line in open(sys.argv[1], errors="replace"):
    m = re.match(r"^\s*(customers|orders|order_items)\s+(\d+)\s+(\d+)\s", line)
    if m:
        rows[m.group(1)] = int(m.group(3))
        errors += int(m.group(2))
    if "Total import time" in line:
        total = line.split()[-1]
print("  pgloader: " + ", ".join(f"{t} {n}" for t, n in rows.items())
      + f"; errors {errors}; its total import time {total}")
if errors or sum(rows.values()) != 1_000_000:
    sys.exit("pgloader's summary does not show 1,000,000 rows without errors")
PYTHON
}

echo "load before: $(uptime)"
for ((round = 1; round <= rounds; ++round)); do
    echo "round $round"
    if ((round % 2 == 1)); then
        ferry_run "$round" verify
        ferry_run "$round" noverify
        [[ "$skip_pgloader" == 1 ]] || pgloader_run "$round"
    else
        [[ "$skip_pgloader" == 1 ]] || pgloader_run "$round"
        ferry_run "$round" noverify
        ferry_run "$round" verify
    fi
done
echo "load after: $(uptime)"

# --- Both targets, as left by their last round, compared with SQL.
check="SELECT concat_ws(' ', (SELECT count(*) FROM customers), (SELECT count(*) FROM orders),
       (SELECT count(*) FROM order_items), (SELECT count(email) FROM customers),
       (SELECT count(avatar) FROM customers), (SELECT sum(customer_id) FROM orders),
       (SELECT count(note) FROM orders), (SELECT sum(quantity) FROM order_items),
       (SELECT count(discount) FROM order_items))"
shape="SELECT (SELECT count(*) FROM pg_indexes WHERE schemaname = 'public') || ' indexes, ' ||
       (SELECT count(*) FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
        WHERE n.nspname = 'public' AND c.contype = 'f') || ' foreign keys'"
ferry_check="$(sql ferry_db "$check")"
echo "ferry_db:    counts/sums $ferry_check; $(sql ferry_db "$shape")"
if [[ "$skip_pgloader" == 0 ]]; then
    pgloader_check="$(sql pgloader_db "$check")"
    echo "pgloader_db: counts/sums $pgloader_check; $(sql pgloader_db "$shape")"
    if [[ "$ferry_check" != "$pgloader_check" ]]; then
        echo "run-table-copy-bench.sh: the two targets differ" >&2
        exit 1
    fi
    echo "both targets hold the same row counts, null counts and sums"
    # Ferry's verification (canonical content hash per table) of what pgloader loaded.
    if "$driver" "sqlite://$source_db" "postgresql://ferry@127.0.0.1:$port/pgloader_db" \
        --verify-only >"$work/out.log" 2>"$work/err.log"; then
        echo "Ferry's verifyTable on pgloader_db: every table matches the source"
    else
        echo "Ferry's verifyTable on pgloader_db: differences (exit $?):"
        sed 's/^/  /' "$work/err.log"
    fi
fi

python3 - "$results" <<'PYTHON'
import statistics, sys
runs = {}
for line in open(sys.argv[1]):
    label, wall, user, sys_, rss, server = line.split("\t")
    runs.setdefault(label, []).append((float(wall), float(user) + float(sys_), int(rss),
                                       float(server)))
names = {"ferry_verify": "Ferry, copy + verify", "ferry_noverify": "Ferry, copy only",
         "pgloader": "pgloader"}
print()
print("| run | rounds (wall s) | wall (median) | rows/s | client CPU user+sys (median) | "
      "server CPU (median) | client peak RSS (max) |")
print("|---|---|---|---|---|---|---|")
medians = {}
for label in ("ferry_verify", "ferry_noverify", "pgloader"):
    if label not in runs:
        continue
    r = runs[label]
    wall = statistics.median(x[0] for x in r)
    medians[label] = wall
    cpu = statistics.median(x[1] for x in r)
    rss = max(x[2] for x in r) / 1024
    server = statistics.median(x[3] for x in r)
    print(f"| {names[label]} | {', '.join(f'{x[0]:.2f}' for x in r)} | {wall:.2f} s | "
          f"{1_000_000 / wall:,.0f} | {cpu:.2f} s | {server:.2f} s | {rss:.0f} MiB |")
if "pgloader" in medians:
    print()
    print(f"ratio Ferry / pgloader (wall, medians): with verification "
          f"{medians['ferry_verify'] / medians['pgloader']:.2f}, copy only "
          f"{medians['ferry_noverify'] / medians['pgloader']:.2f}")
PYTHON
