#!/usr/bin/env bash
# Renders resources/icons/ferry.svg into the PNG sizes of the hicolor icon theme
# (resources/icons/hicolor/<N>x<N>/apps/ferry.png). Run it after changing the SVG and commit the
# PNGs; the build itself does not need rsvg-convert (Debian package librsvg2-bin).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
svg="$root/resources/icons/ferry.svg"
command -v rsvg-convert >/dev/null || { echo "rsvg-convert is missing: apt-get install librsvg2-bin" >&2; exit 2; }
for size in 16 24 32 48 64 128 256 512; do
    out="$root/resources/icons/hicolor/${size}x${size}/apps/ferry.png"
    mkdir -p "$(dirname "$out")"
    rsvg-convert -w "$size" -h "$size" "$svg" -o "$out"
done
echo "icons written to $root/resources/icons/hicolor"

# Windows .ico and macOS .icns, both made of the PNGs above (PNG entries are valid in both).
python3 - "$root" <<'PYTHON'
import struct, sys, pathlib
root = pathlib.Path(sys.argv[1])
png = lambda n: (root / f"resources/icons/hicolor/{n}x{n}/apps/ferry.png").read_bytes()

sizes = [16, 24, 32, 48, 64, 128, 256]
images = [png(n) for n in sizes]
header = struct.pack("<HHH", 0, 1, len(images))
offset = 6 + 16 * len(images)
entries = b""
for n, data in zip(sizes, images):
    entries += struct.pack("<BBBBHHII", n % 256, n % 256, 0, 0, 1, 32, len(data), offset)
    offset += len(data)
(root / "installer/windows/ferry.ico").write_bytes(header + entries + b"".join(images))

chunks = b""
for kind, n in [(b"icp4", 16), (b"icp5", 32), (b"icp6", 64), (b"ic07", 128), (b"ic08", 256), (b"ic09", 512)]:
    data = png(n)
    chunks += kind + struct.pack(">I", 8 + len(data)) + data
(root / "installer/macos/Ferry.icns").write_bytes(b"icns" + struct.pack(">I", 8 + len(chunks)) + chunks)
PYTHON
echo "installer/windows/ferry.ico and installer/macos/Ferry.icns written"
