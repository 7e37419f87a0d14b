#!/usr/bin/env bash
# CSV cleaning benchmark: streams a seeded dirty CSV (~100 MB and ~500 MB) through CsvCleaner in
# 1 MiB chunks (tests/bench/csv_clean_driver.cpp) with and without dedupe on a low-cardinality key,
# with peak RSS from /usr/bin/time -v; and, as a peer on the same file, Python's csv module
# reading, trimming every field, deduping on the same key and writing.
# Usage: tests/bench/run-csv-clean-bench.sh [--driver PATH] [--sizes "100 500"] [--skip-python]
# Needs python3 and /usr/bin/time; build the driver with -DFERRY_BUILD_BENCHMARKS=ON.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
driver="${CSV_CLEAN_DRIVER:-}"
sizes="100 500"
skip_python=0
while [[ $# -gt 0 ]]; do
    case "$1" in
        --driver) driver="$2"; shift 2 ;;
        --sizes) sizes="$2"; shift 2 ;;
        --skip-python) skip_python=1; shift ;;
        -h | --help) sed -n '2,7p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "run-csv-clean-bench.sh: unknown argument '$1'" >&2; exit 2 ;;
    esac
done
if [[ -z "$driver" ]]; then
    for candidate in "$repo"/build*/tests/bench/csv_clean_driver; do
        [[ -x "$candidate" ]] && driver="$candidate" && break
    done
fi
for tool in python3 /usr/bin/time; do
    command -v "$tool" >/dev/null || { echo "run-csv-clean-bench.sh: $tool is missing" >&2; exit 1; }
done
[[ -x "$driver" ]] || { echo "run-csv-clean-bench.sh: build csv_clean_driver (-DFERRY_BUILD_BENCHMARKS=ON) or pass --driver PATH" >&2; exit 1; }

work="$(mktemp -d "${TMPDIR:-/tmp}/ferry-csv-clean-bench-XXXXXX")"
trap 'rm -rf "$work"' EXIT

# A 1 MB block of dirty rows, written again and again up to the size: trailing spaces, mixed
# case, empty cities, prices as "1.234,56", "12,5" or "N/A", dates in five formats, quoted
# fields with commas, quotes and newlines; 40 cities (the low-cardinality dedupe key).
generate() { # size_mb path
    python3 - "$1" "$2" <<'PYTHON'
import csv, io, random, sys
size, path = int(sys.argv[1]) * 1000 * 1000, sys.argv[2]
rng = random.Random(20261128)
cities = [f"City {i}" for i in range(40)]
words = ["classic", "light", "urban", "soft", "smart", "compact", "deluxe", "eco", "bold"]
out = io.StringIO()
w = csv.writer(out, lineterminator="\n")
i = 0
while out.tell() < 1000 * 1000:
    i += 1
    y, m, d = rng.randint(2015, 2025), rng.randint(1, 12), rng.randint(1, 28)
    date = rng.choice([f"{y}-{m:02d}-{d:02d}", f"{d:02d}.{m:02d}.{y}", f"{y}/{m}/{d}",
                       f"{d:02d}/{m:02d}/{y}", f"{y}-{m:02d}-{d:02d} 14:22"])
    price = rng.uniform(1, 5000)
    price_text = rng.choice([f"{price:.2f}", f"{price:,.2f}".replace(",", "_").replace(".", ",")
                             .replace("_", "."), f"{price:.1f}".replace(".", ",")]
                            if rng.random() > 0.03 else ["N/A", "$12.50"])
    name = " ".join(rng.choice(words) for _ in range(3))
    name = rng.choice([name, name.upper(), f"  {name} ", name.title()])
    note = rng.choice(["", "", "ok", 'said "fine", then left', "two\nlines"])
    w.writerow([i, f"SKU-{rng.randint(0, 99999):05d}", name,
                rng.choice(cities) if rng.random() > 0.2 else "", price_text, date,
                rng.randint(0, 500) if rng.random() > 0.1 else "", note])
block = out.getvalue().encode()
with open(path, "wb") as f:
    f.write(b"id,sku,name,city,price,created,qty,note\n")
    written = 0
    while written < size:
        f.write(block)
        written += len(block)
PYTHON
}

rules='"standardise": [{"column": "name", "trim": true, "case": "title"},
                      {"column": "city", "trim": true},
                      {"column": "price", "decimal": "."},
                      {"column": "created", "date": "iso8601", "day_first": true}],
       "fill": [{"column": "city", "with": "previous"},
                {"column": "qty", "with": "constant", "value": "0"}]'
plain="{\"type\": \"csv_clean\", $rules}"
dedupe="{\"type\": \"csv_clean\", \"dedupe\": {\"keys\": [\"city\"]}, $rules}"

measure() { # label options file
    local log="$work/time.log"
    local result
    result="$(/usr/bin/time -v -o "$log" "$driver" "$2" "$3" /dev/null)"
    local rss_kb
    rss_kb="$(awk -F': ' '/Maximum resident set size/ {print $2}' "$log")"
    local line
    line="$(sed -n 's/^seconds=\(.*\) mb_per_s=\(.*\) bytes=.*/\1 s, \2 MB\/s/p' <<<"$result")"
    local report
    report="$(sed -n 's/^report=//p' <<<"$result")"
    local counts
    counts="$(python3 - "$report" <<'PYTHON'
import json, sys
r = json.loads(sys.argv[1])
print("rows in %d, out %d, uncleanable %d, dropped %d" % (r["rows_in"], r["rows_out"],
      r["uncleanable"]["count"], r.get("dedupe", {}).get("dropped", 0)))
PYTHON
)"
    local cpu
    cpu="$(awk -F': ' '/User time|System time/ {t += $2} END {printf "%.2f", t}' "$log")"
    printf '%-32s %s, cpu %s s, peak RSS %s MiB (%s)\n' "$1" "$line" "$cpu" "$((rss_kb / 1024))" "$counts"
}

for size in $sizes; do
    file="$work/dirty-$size.csv"
    echo "Generating $file ..."
    generate "$size" "$file"
    bytes="$(stat -c %s "$file")"
    echo "file: $bytes bytes"
    measure "ferry, no dedupe, ${size} MB" "$plain" "$file"
    measure "ferry, dedupe city, ${size} MB" "$dedupe" "$file"
    if [[ "$skip_python" == 0 && "$size" == "${sizes##* }" ]]; then
        log="$work/time.log"
        start="$(date +%s.%N)"
        /usr/bin/time -v -o "$log" python3 -c '
import csv, sys
seen = set()
with open(sys.argv[1], newline="", encoding="utf-8") as f, open("/dev/null", "w", newline="") as o:
    r, w = csv.reader(f), csv.writer(o, lineterminator="\n")
    w.writerow(next(r))
    for row in r:
        row = [v.strip() for v in row]
        if row[3] in seen:
            continue
        seen.add(row[3])
        w.writerow(row)
' "$file"
        end="$(date +%s.%N)"
        rss_kb="$(awk -F': ' '/Maximum resident set size/ {print $2}' "$log")"
        cpu="$(awk -F': ' '/User time|System time/ {t += $2} END {printf "%.2f", t}' "$log")"
        python3 -c "import sys; s=$end-$start; print(f'{sys.argv[1]:<32} {s:.3f} s, {$bytes/1e6/s:.1f} MB/s, cpu $cpu s, peak RSS {$rss_kb//1024} MiB')" "python3 csv, trim+dedupe city, ${size} MB"
    fi
    rm -f "$file"
done
