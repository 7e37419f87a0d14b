#!/usr/bin/env bash
# Writes the small sample data behind the demo project (resources/demo/retail-demo.json) into
# resources/demo/data/source/. Deterministic (seeded), offline, Python standard library only.
# Does nothing when the data is already there and matches its stamp; --force rebuilds it.
# Usage: resources/demo/generate-sample-data.sh [--force]   (from any directory)
set -euo pipefail

demo_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
force=0
case "${1:-}" in
    "") ;;
    --force) force=1 ;;
    -h | --help)
        sed -n '2,5p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
        exit 0
        ;;
    *)
        echo "generate-sample-data.sh: unknown argument '$1' (expected --force or nothing)" >&2
        exit 2
        ;;
esac

if ! command -v python3 >/dev/null 2>&1; then
    echo "generate-sample-data.sh: python3 is needed to write the demo's sample data; install it" \
        "(Debian: apt-get install python3) and run this script again." >&2
    exit 1
fi

exec python3 - "$demo_dir" "$force" "$demo_dir/$(basename "${BASH_SOURCE[0]}")" <<'PYTHON'
import csv
import hashlib
import io
import json
import os
import random
import shutil
import sqlite3
import struct
import sys
import zlib
from datetime import date, datetime, timedelta

demo_dir, force, script_path = sys.argv[1], sys.argv[2] == "1", sys.argv[3]
data_dir = os.path.join(demo_dir, "data")
source_dir = os.path.join(data_dir, "source")
stamp_path = os.path.join(source_dir, ".stamp.json")

# The stamp names the generator by its content: editing this script regenerates the data.
with open(script_path, "rb") as f:
    generator_hash = hashlib.sha256(f.read()).hexdigest()

BASE_DAY = date(2024, 3, 1)
CATEGORIES = ["apparel", "footwear", "home", "kitchen", "beauty", "electronics", "toys", "outdoor"]
BRANDS = ["Lumen", "Harbor & Co", "Qinghe", "Northwind", "Pebble", "Yunfeng", "Atlas", "Mori"]
NOUNS = ["jacket", "sneaker", "lamp", "kettle", "serum", "earbuds", "puzzle", "tent", "scarf",
         "backpack", "mug", "blanket", "speaker", "sandal", "candle", "thermos"]
ADJECTIVES = ["classic", "light", "urban", "soft", "smart", "compact", "deluxe", "eco", "bold",
              "everyday"]
CITIES = ["Shanghai", "Hangzhou", "Suzhou", "Nanjing", "Beijing", "Shenzhen", "Singapore",
          "Kuala Lumpur", "Bangkok", "Jakarta"]
PRODUCT_COUNT = 500


def file_digest(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 16), b""):
            h.update(chunk)
    return h.hexdigest()


def manifest(root):
    files = {}
    for folder, dirs, names in os.walk(root):
        dirs.sort()
        for name in sorted(names):
            path = os.path.join(folder, name)
            rel = os.path.relpath(path, root).replace(os.sep, "/")
            if rel == ".stamp.json":
                continue
            files[rel] = [os.path.getsize(path), file_digest(path)]
    return files


def up_to_date():
    try:
        with open(stamp_path, encoding="utf-8") as f:
            stamp = json.load(f)
    except (OSError, ValueError):
        return False
    return stamp.get("generator") == generator_hash and stamp.get("files") == manifest(source_dir)


def write_text(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(text)


def write_bytes(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def dumps(value):
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def products():
    rng = random.Random(1001)
    items = []
    for i in range(1, PRODUCT_COUNT + 1):
        category = CATEGORIES[(i * 7) % len(CATEGORIES)]
        name = f"{rng.choice(ADJECTIVES).title()} {rng.choice(NOUNS)}"
        items.append({
            "product_id": f"P{i:05d}",
            "sku": f"SKU-{category[:3].upper()}-{i:05d}",
            "name": name,
            "category": category,
            "brand": rng.choice(BRANDS),
            "price": round(rng.uniform(3, 400), 2),
            "currency": "USD",
            "weight_kg": round(rng.uniform(0.05, 12), 3),
            "created_at": (BASE_DAY - timedelta(days=rng.randint(30, 900))).isoformat(),
        })
    return items


# ---- product catalogue (file share) ------------------------------------------------------------
def write_catalogue(root, items):
    out = io.StringIO()
    fields = ["product_id", "sku", "name", "category", "brand", "price", "currency", "weight_kg",
              "created_at"]
    w = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
    w.writeheader()
    for p in items:
        w.writerow(p)
    write_text(os.path.join(root, "products.csv"), out.getvalue())
    write_text(os.path.join(root, "categories.json"),
               json.dumps({"categories": [{"id": c, "name": c.title()} for c in CATEGORIES]},
                          indent=2) + "\n")
    rng = random.Random(1002)
    for p in items[:60]:
        detail = dict(p)
        detail["description"] = (f"The {p['name'].lower()} by {p['brand']}: "
                                 f"{rng.choice(ADJECTIVES)} design for {p['category']} lovers.")
        detail["attributes"] = {
            "colour": rng.choice(["black", "white", "navy", "sand", "olive", "red"]),
            "size": rng.choice(["S", "M", "L", "XL", "one size"]),
            "material": rng.choice(["cotton", "steel", "ceramic", "recycled polyester", "oak"]),
        }
        detail["images"] = [f"products/{p['product_id']}/main.png"]
        write_text(os.path.join(root, "products", f"{p['product_id']}.json"),
                   json.dumps(detail, indent=2, sort_keys=True, ensure_ascii=False) + "\n")
    write_messy_feed(os.path.join(root, "imports", "supplier-feed-messy.csv"), items)


def write_messy_feed(path, items):
    """A supplier feed as suppliers really send it: for cleaning transforms to fix."""
    rng = random.Random(1003)
    date_formats = ["%Y-%m-%d", "%d/%m/%Y", "%m/%d/%y", "%B %d, %Y", "%Y%m%d",
                    "%Y-%m-%dT%H:%M:%SZ", "%d.%m.%Y"]
    rows = []
    for n in range(36):
        p = items[rng.randrange(len(items))]
        day = datetime(2024, 2, 1, 9, 30) + timedelta(days=rng.randint(0, 40))
        price = p["price"]
        price_text = rng.choice([f"{price:.2f}", f"${price:.2f}", f" {price:.2f} ".replace(".", ","),
                                 f"{price}", "N/A"])
        rows.append([p["sku"] if n % 5 else p["sku"].lower() + " ",
                     p["name"] if n % 7 else f"{p['name']}, {p['brand']} edition",
                     price_text, rng.choice(["USD", "usd", "", "US$"]),
                     day.strftime(date_formats[n % len(date_formats)]),
                     str(rng.randint(0, 500)) if n % 9 else "",
                     rng.choice(["", "", "restock", "NEW", "  discontinued  "])])
    rows.insert(4, list(rows[3]))   # an exact duplicate
    rows.insert(10, [""] * 7)       # a row of empty fields
    rows.insert(20, list(rows[19]))
    rows[20][2] = "0.00"            # a duplicate that disagrees on price
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow(["supplier_sku", "product_name", "unit_price", "currency", "received_date",
                "quantity", "notes"])
    for i, r in enumerate(rows):
        w.writerow(r)
        if i in (7, 25):
            out.write("\r\n")       # blank lines
    write_text(path, out.getvalue())


# ---- customer behaviour logs (object bucket) ---------------------------------------------------
def write_behaviour_logs(root, items):
    rng = random.Random(2001)
    events = ["view", "view", "view", "search", "add_to_cart", "remove_from_cart", "purchase"]
    devices = ["ios", "android", "web-desktop", "web-mobile", "mini-program"]
    for d in range(7):
        day = BASE_DAY + timedelta(days=d)
        for part in range(2):
            lines = []
            moment = datetime(day.year, day.month, day.day) + timedelta(hours=12 * part)
            for _ in range(130):
                moment += timedelta(seconds=rng.randint(1, 300))
                kind = rng.choice(events)
                p = items[rng.randrange(len(items))]
                event = {
                    "ts": moment.strftime("%Y-%m-%dT%H:%M:%SZ"),
                    "session": f"s-{rng.getrandbits(48):012x}",
                    "customer_id": rng.randint(1, 800),
                    "event": kind,
                    "device": rng.choice(devices),
                    "city": rng.choice(CITIES),
                }
                if kind == "search":
                    event["query"] = f"{rng.choice(ADJECTIVES)} {rng.choice(NOUNS)}"
                    event["results"] = rng.randint(0, 120)
                else:
                    event["product_id"] = p["product_id"]
                    event["price"] = p["price"]
                if kind == "purchase":
                    event["order_id"] = rng.randint(1, 2000)
                lines.append(dumps(event))
            write_text(os.path.join(root, "events", f"dt={day.isoformat()}",
                                    f"part-{part:04d}.jsonl"), "\n".join(lines) + "\n")


# ---- orders and inventory (SQLite) -------------------------------------------------------------
def build_sqlite(path, script, fill):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    db = sqlite3.connect(path)
    try:
        db.execute("PRAGMA foreign_keys = ON")
        db.executescript(script)
        with db:
            fill(db)
        problems = db.execute("PRAGMA foreign_key_check").fetchall()
        if problems:
            raise SystemExit(f"sample data broke a foreign key in {path}: {problems[:3]}")
        db.execute("VACUUM")
    finally:
        db.close()


ORDERS_SCHEMA = """
CREATE TABLE customers (
    customer_id INTEGER PRIMARY KEY,
    email       TEXT NOT NULL UNIQUE,
    full_name   TEXT NOT NULL,
    city        TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
CREATE TABLE orders (
    order_id    INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers(customer_id),
    status      TEXT NOT NULL CHECK (status IN ('placed','paid','shipped','delivered','cancelled')),
    placed_at   TEXT NOT NULL,
    total_cents INTEGER NOT NULL,
    currency    TEXT NOT NULL DEFAULT 'USD'
);
CREATE TABLE order_items (
    order_id         INTEGER NOT NULL REFERENCES orders(order_id) ON DELETE CASCADE,
    line_no          INTEGER NOT NULL,
    product_id       TEXT NOT NULL,
    quantity         INTEGER NOT NULL CHECK (quantity > 0),
    unit_price_cents INTEGER NOT NULL,
    PRIMARY KEY (order_id, line_no)
);
CREATE INDEX orders_by_customer ON orders(customer_id, placed_at);
CREATE INDEX order_items_by_product ON order_items(product_id);
"""


def fill_orders(db, items):
    rng = random.Random(3001)
    given = ["Wei", "Li", "Mei", "Jun", "Hui", "Ana", "Tom", "Siti", "Arjun", "Yuki", "Chen", "Lina"]
    family = ["Wang", "Zhang", "Liu", "Chen", "Tan", "Lim", "Ng", "Smith", "Kumar", "Sato"]
    customers = []
    for c in range(1, 801):
        name = f"{rng.choice(given)} {rng.choice(family)}"
        customers.append((c, f"customer{c:04d}@example.com", name, rng.choice(CITIES),
                          (BASE_DAY - timedelta(days=rng.randint(1, 1500))).isoformat()))
    db.executemany("INSERT INTO customers VALUES (?,?,?,?,?)", customers)
    orders, lines = [], []
    statuses = ["delivered"] * 6 + ["shipped", "paid", "placed", "cancelled"]
    for o in range(1, 2001):
        placed = datetime(2024, 1, 1) + timedelta(minutes=rng.randint(0, 60 * 24 * 60))
        total = 0
        for line_no in range(1, rng.randint(1, 4) + 1):
            p = items[rng.randrange(len(items))]
            qty = rng.randint(1, 3)
            cents = int(round(p["price"] * 100))
            total += qty * cents
            lines.append((o, line_no, p["product_id"], qty, cents))
        orders.append((o, rng.randint(1, 800), rng.choice(statuses),
                       placed.strftime("%Y-%m-%d %H:%M:%S"), total, "USD"))
    db.executemany("INSERT INTO orders VALUES (?,?,?,?,?,?)", orders)
    db.executemany("INSERT INTO order_items VALUES (?,?,?,?,?)", lines)


INVENTORY_SCHEMA = """
CREATE TABLE warehouses (
    warehouse_id INTEGER PRIMARY KEY,
    code         TEXT NOT NULL UNIQUE,
    city         TEXT NOT NULL
);
CREATE TABLE products (
    product_id TEXT PRIMARY KEY,
    sku        TEXT NOT NULL UNIQUE,
    name       TEXT NOT NULL
);
CREATE TABLE stock_levels (
    warehouse_id INTEGER NOT NULL REFERENCES warehouses(warehouse_id),
    product_id   TEXT NOT NULL REFERENCES products(product_id),
    on_hand      INTEGER NOT NULL CHECK (on_hand >= 0),
    reserved     INTEGER NOT NULL DEFAULT 0,
    updated_at   TEXT NOT NULL,
    PRIMARY KEY (warehouse_id, product_id)
);
CREATE TABLE stock_movements (
    movement_id  INTEGER PRIMARY KEY,
    warehouse_id INTEGER NOT NULL REFERENCES warehouses(warehouse_id),
    product_id   TEXT NOT NULL REFERENCES products(product_id),
    delta        INTEGER NOT NULL,
    reason       TEXT NOT NULL,
    moved_at     TEXT NOT NULL
);
CREATE INDEX stock_movements_by_product ON stock_movements(product_id, moved_at);
"""


def fill_inventory(db, items):
    rng = random.Random(4001)
    warehouses = [(1, "SHA-01", "Shanghai"), (2, "HGH-01", "Hangzhou"), (3, "SIN-01", "Singapore")]
    db.executemany("INSERT INTO warehouses VALUES (?,?,?)", warehouses)
    db.executemany("INSERT INTO products VALUES (?,?,?)",
                   [(p["product_id"], p["sku"], p["name"]) for p in items])
    levels = []
    for wh, _, _ in warehouses:
        for p in items:
            if rng.random() < 0.8:
                stamp = datetime(2024, 3, 7) - timedelta(minutes=rng.randint(0, 20000))
                levels.append((wh, p["product_id"], rng.randint(0, 900), rng.randint(0, 20),
                               stamp.strftime("%Y-%m-%d %H:%M:%S")))
    db.executemany("INSERT INTO stock_levels VALUES (?,?,?,?,?)", levels)
    reasons = ["receipt", "sale", "sale", "sale", "return", "adjustment", "transfer"]
    moves = []
    for m in range(1, 3001):
        reason = rng.choice(reasons)
        delta = rng.randint(1, 50) * (-1 if reason in ("sale", "transfer") else 1)
        at = datetime(2024, 2, 1) + timedelta(minutes=rng.randint(0, 60 * 24 * 35))
        moves.append((m, rng.randint(1, 3), items[rng.randrange(len(items))]["product_id"], delta,
                      reason, at.strftime("%Y-%m-%d %H:%M:%S")))
    db.executemany("INSERT INTO stock_movements VALUES (?,?,?,?,?,?)", moves)


# ---- product images (object bucket) ------------------------------------------------------------
def png(width, height, pixel):
    """An 8-bit RGB PNG; pixel(x, y) gives (r, g, b)."""
    raw = bytearray()
    for y in range(height):
        raw.append(0)  # filter type: none
        for x in range(width):
            raw.extend(pixel(x, y))

    def chunk(kind, body):
        return (struct.pack(">I", len(body)) + kind + body +
                struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) +
            chunk(b"IDAT", zlib.compress(bytes(raw), 9)) + chunk(b"IEND", b""))


def write_images(root, items):
    rng = random.Random(5001)
    for p in items[:48]:
        base = (rng.randint(40, 215), rng.randint(40, 215), rng.randint(40, 215))
        stripe = rng.randint(4, 12)

        def pixel(x, y, base=base, stripe=stripe):
            shade = 30 if ((x + y) // stripe) % 2 else 0
            cx, cy = x - 48, y - 48
            if cx * cx + cy * cy < 24 * 24:  # the "product": a disc in the middle
                return (255 - base[0], 255 - base[1], 255 - base[2])
            return (min(255, base[0] + shade), min(255, base[1] + shade), min(255, base[2] + shade))

        folder = os.path.join(root, "products", p["product_id"])
        write_bytes(os.path.join(folder, "main.png"), png(96, 96, pixel))
        write_bytes(os.path.join(folder, "thumb.png"),
                    png(24, 24, lambda x, y, f=pixel: f(x * 4, y * 4)))


# ---- recommendation model (safetensors) --------------------------------------------------------
def write_model(root):
    rng = random.Random(6001)
    dim = 32
    shapes = [("item_embeddings", [300, dim]), ("user_embeddings", [400, dim]),
              ("item_bias", [300]), ("tower.dense.weight", [dim, dim]), ("tower.dense.bias", [dim])]
    header = {"__metadata__": {"format": "pt", "model": "retail-recommender", "version": "3",
                               "trained_on": "2024-02-29"}}
    blobs, offset = [], 0
    for name, shape in shapes:
        count = 1
        for n in shape:
            count *= n
        values = [rng.gauss(0.0, 0.1) for _ in range(count)]
        blob = struct.pack(f"<{count}f", *values)
        header[name] = {"dtype": "F32", "shape": shape, "data_offsets": [offset, offset + len(blob)]}
        blobs.append(blob)
        offset += len(blob)
    text = json.dumps(header, sort_keys=True, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)  # pad so the tensor data starts 8-byte aligned
    write_bytes(os.path.join(root, "recommender-v3.safetensors"),
                struct.pack("<Q", len(text)) + text + b"".join(blobs))
    write_text(os.path.join(root, "config.json"), json.dumps({
        "architecture": "two-tower", "embedding_dim": dim, "items": 300, "users": 400,
        "weights": "recommender-v3.safetensors", "metrics": {"recall_at_20": 0.231, "ndcg_at_20": 0.118},
    }, indent=2, sort_keys=True) + "\n")


def generate(root):
    items = products()
    write_catalogue(os.path.join(root, "catalogue"), items)
    write_behaviour_logs(os.path.join(root, "behaviour-logs"), items)
    build_sqlite(os.path.join(root, "orders.sqlite"), ORDERS_SCHEMA,
                 lambda db: fill_orders(db, items))
    build_sqlite(os.path.join(root, "inventory.sqlite"), INVENTORY_SCHEMA,
                 lambda db: fill_inventory(db, items))
    write_images(os.path.join(root, "product-images"), items)
    write_model(os.path.join(root, "recommendation-model"))


if not force and up_to_date():
    print(f"Demo sample data in {source_dir} is up to date.")
    sys.exit(0)

os.makedirs(data_dir, exist_ok=True)
staging = os.path.join(data_dir, f".source-{os.getpid()}")
retired = os.path.join(data_dir, f".source-old-{os.getpid()}")
shutil.rmtree(staging, ignore_errors=True)
try:
    generate(staging)
    files = manifest(staging)
    with open(os.path.join(staging, ".stamp.json"), "w", encoding="utf-8") as f:
        json.dump({"generator": generator_hash, "files": files}, f, indent=1, sort_keys=True)
        f.write("\n")
    # Swap the finished folder in, so an interrupted run never leaves half the data behind.
    if os.path.exists(source_dir):
        os.rename(source_dir, retired)
    os.rename(staging, source_dir)
    shutil.rmtree(retired, ignore_errors=True)
except BaseException:
    shutil.rmtree(staging, ignore_errors=True)
    raise
total = sum(size for size, _ in files.values())
print(f"Wrote {len(files)} demo sample files ({total / 1024:.0f} KiB) to {source_dir}.")
PYTHON
