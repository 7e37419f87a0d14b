#!/usr/bin/env bash
# Installs the Debian packages Ferry needs to build, test, benchmark and package.
# Idempotent: only packages that are missing are installed; nothing is upgraded.
# Usage: installer/deps-debian.sh [--check]   (--check lists what is missing and exits 1 if any)
set -euo pipefail

PACKAGES=(
    # toolchain
    build-essential cmake ninja-build ccache pkg-config git file dpkg-dev
    # Qt 6: base, charts, svg, translation and designer tools, platform plugins
    qt6-base-dev qt6-base-dev-tools qt6-charts-dev qt6-svg-dev qt6-tools-dev
    qt6-tools-dev-tools qt6-l10n-tools qt6-qpa-plugins libqt6opengl6-dev libgl-dev
    libxkbcommon-dev libvulkan-dev
    # libraries
    libsqlite3-dev sqlite3 nlohmann-json3-dev libcurl4-openssl-dev libssl-dev catch2
    libcli11-dev libpugixml-dev libzstd-dev libpq-dev libbenchmark-dev
    # automatic canvas layout
    graphviz
    # test servers and tools: Node.js for the S3 test server, PostgreSQL, Xvfb
    nodejs postgresql xvfb xauth
    # fonts so Chinese text renders
    fonts-noto-cjk fonts-dejavu-core
    # reports, packaging checks, reference readers used by tests and benchmarks
    poppler-utils poppler-data appstream python3 python3-numpy rclone pgloader time
    # packages: dpkg-shlibdeps, desktop entry and man page checks
    dpkg-dev desktop-file-utils man-db file
    # the zstd command-line tool: the zstd transform tests decode its output with it
    zstd
)

missing=()
for p in "${PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$p")
    fi
done
# npm ships inside some Node.js builds; install Debian's only when the command is absent.
if ! command -v npm >/dev/null 2>&1; then
    missing+=(npm)
fi

if [[ ${#missing[@]} -eq 0 ]]; then
    echo "deps-debian: all ${#PACKAGES[@]} packages present"
    exit 0
fi
if [[ "${1:-}" == "--check" ]]; then
    echo "deps-debian: missing: ${missing[*]}"
    exit 1
fi

SUDO=""
if [[ $(id -u) -ne 0 ]]; then
    if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
        echo "deps-debian: missing ${missing[*]}; run this script as root or install sudo" >&2
        exit 1
    fi
fi
echo "deps-debian: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# Refresh the package lists only when they are absent or older than a day.
if [[ -z "$(find /var/lib/apt/lists -maxdepth 1 -name '*Packages*' -mmin -1440 2>/dev/null | head -1)" ]]; then
    $SUDO apt-get update -qq
fi
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
