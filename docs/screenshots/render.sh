#!/usr/bin/env bash
# Renders the README screenshots of Ferry's main window (English and Simplified Chinese, at
# 1280x800 and 1920x1080) on a virtual X display.
#
#   docs/screenshots/render.sh [build-dir]     (default: build)
#
# Needs Xvfb (or xvfb-run) and the CJK fonts installed by installer/deps-debian.sh.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
build="${1:-$root/build}"
ferry="$build/app/ferry"
demo="$root/resources/demo/retail-demo.json"

if [[ ! -x "$ferry" ]]; then
    echo "render.sh: $ferry is missing; build it first (cmake --build $build --target ferry)." >&2
    exit 2
fi
if ! command -v Xvfb >/dev/null; then
    echo "render.sh: Xvfb is missing; install the xvfb package." >&2
    exit 2
fi

# A display of our own, so the pictures never depend on the desktop they are made on.
display=99
while [[ -e "/tmp/.X11-unix/X$display" || -e "/tmp/.X$display-lock" ]]; do
    display=$((display + 1))
done
Xvfb ":$display" -screen 0 1920x1080x24 -nolisten tcp >/dev/null 2>&1 &
xvfb_pid=$!
trap 'kill "$xvfb_pid" 2>/dev/null || true' EXIT
for _ in $(seq 50); do
    [[ -e "/tmp/.X11-unix/X$display" ]] && break
    sleep 0.1
done

# Fixed settings: no user configuration, the same font scale everywhere.
scratch="$(mktemp -d)"
trap 'kill "$xvfb_pid" 2>/dev/null || true; rm -rf "$scratch"' EXIT
export DISPLAY=":$display" QT_QPA_PLATFORM=xcb XDG_CONFIG_HOME="$scratch/config" \
    XDG_DATA_HOME="$scratch/data" QT_SCALE_FACTOR=1 QT_AUTO_SCREEN_SCALE_FACTOR=0 LANG=C.UTF-8

render() { # name size [lang] [plan view]
    local name="$1" size="$2" lang="${3:-en}" view="${4:-}"
    "$ferry" --screenshot "$here/$name.png" --size "$size" --lang "$lang" ${view:+--view "$view"} "$demo"
}

render main-window-en-1280x800 1280x800 en
render main-window-zh_CN-1280x800 1280x800 zh_CN
render main-window-en-1920x1080 1920x1080 en
render main-window-zh_CN-1920x1080 1920x1080 zh_CN
# The plan panel's views, once the plan is worked out.
for view in waves timeline cost forecast scenarios; do
    render "plan-$view-en-1280x800" 1280x800 en "$view"
done
render plan-cost-zh_CN-1280x800 1280x800 zh_CN cost
render plan-timeline-zh_CN-1280x800 1280x800 zh_CN timeline
# The run monitor a few seconds into the demo migration (slowed to 0.1 MiB/s), from a clean target.
rm -rf "$root/resources/demo/data/target" "$root/resources/demo/.ferry-runs"
render run-monitor-en-1280x800 1280x800 en run
rm -rf "$root/resources/demo/data/target" "$root/resources/demo/.ferry-runs"
render run-monitor-zh_CN-1280x800 1280x800 zh_CN run
rm -rf "$root/resources/demo/data/target" "$root/resources/demo/.ferry-runs"
