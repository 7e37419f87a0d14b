#!/usr/bin/env bash
# Builds Ferry's .deb and .tar.gz with CPack from a finished build tree, then checks that they work
# where a user would put them:
#   1. the .deb unpacked into a fresh root: files in place, desktop entry and AppStream metadata
#      valid, man page readable, ferry-cli runs from there and finds its own data;
#   2. the .tar.gz unpacked anywhere: the same, relocated;
#   3. as root, when no Ferry package is installed yet: `dpkg -i`, then /usr/bin/ferry-cli
#      --version, `ferry-cli validate` on the installed demo, `ferry` offscreen for a second and a
#      screenshot of it, then `dpkg -r` (always, even when a check fails).
# Usage: test-package.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build="$(cd "$1" && pwd)"
source_dir="$(cd "$2" && pwd)"
work="$(mktemp -d)"
installed=0
cleanup() {
    if [ "$installed" = 1 ]; then
        dpkg -r ferry >/dev/null 2>&1 || echo "warning: dpkg -r ferry failed" >&2
    fi
    rm -rf "$work"
}
trap cleanup EXIT

fail() { echo "FAIL: $*" >&2; exit 1; }
step() { echo "--- $*"; }

version="$(sed -n 's/^project(Ferry VERSION \([0-9.]*\).*/\1/p' "$source_dir/CMakeLists.txt")"
[ -n "$version" ] || fail "cannot read the version from CMakeLists.txt"

step "cpack (DEB and TGZ) into $work/out"
(cd "$build" && cpack -B "$work/out" >"$work/cpack.log" 2>&1) || { cat "$work/cpack.log"; fail "cpack failed"; }
deb="$(ls "$work"/out/ferry_*.deb)"
tgz="$(ls "$work"/out/ferry-*.tar.gz)"
echo "$deb"; echo "$tgz"

step "package metadata"
dpkg-deb --info "$deb" >"$work/info"
cat "$work/info"
grep -q "^ Package: ferry$" "$work/info" || fail "package name"
grep -q "^ Version: $version$" "$work/info" || fail "package version is not $version"
depends="$(sed -n 's/^ Depends: //p' "$work/info")"
# dpkg-shlibdeps computed these from the binaries; none of them is listed by hand.
for lib in libqt6widgets6 libqt6gui6 libsqlite3 libcurl libssl libc6; do
    echo "$depends" | grep -q "$lib" || fail "Depends lacks $lib (dpkg-shlibdeps not run?): $depends"
done

check_tree() { # ROOT PREFIX: the installed files under ROOT/PREFIX
    local root="$1" prefix="$2" p
    p="$root$prefix"
    for f in bin/ferry bin/ferry-cli \
        share/ferry/pricing/aws.json share/ferry/pricing/aliyun.json share/ferry/schema/ferry-project.schema.json \
        share/ferry/demo/retail-demo.json share/ferry/translations/ferry_zh_CN.qm \
        share/applications/org.example.ferry.desktop share/metainfo/org.example.ferry.metainfo.xml \
        share/mime/packages/org.example.ferry.xml share/icons/hicolor/scalable/apps/org.example.ferry.svg \
        share/icons/hicolor/48x48/apps/org.example.ferry.png share/icons/hicolor/256x256/apps/org.example.ferry.png \
        share/man/man1/ferry-cli.1.gz share/doc/ferry/README.md; do
        [ -e "$p/$f" ] || fail "missing $prefix/$f"
    done
    desktop-file-validate "$p/share/applications/org.example.ferry.desktop" || fail "desktop entry invalid"
    appstreamcli validate --no-net "$p/share/metainfo/org.example.ferry.metainfo.xml" || fail "metainfo invalid"
    grep -q 'glob pattern="\*.ferry"' "$p/share/mime/packages/org.example.ferry.xml" || fail "MIME glob"
    grep -q "^MimeType=application/x-ferry-project;" "$p/share/applications/org.example.ferry.desktop" || fail "desktop MimeType"
    # The man page covers every command of the binary it came with.
    zcat "$p/share/man/man1/ferry-cli.1.gz" >"$work/ferry-cli.1"
    MANWIDTH=100 man -l "$work/ferry-cli.1" >"$work/man.txt" 2>"$work/man.err" || fail "man page does not render"
    [ ! -s "$work/man.err" ] || { cat "$work/man.err"; fail "man page has warnings"; }
    for c in new import-inventory validate convert plan cost simulate forecast compare report copy run resume verify status; do
        grep -q "ferry-cli $c\$" "$work/man.txt" || fail "man page lacks the command $c"
    done
    file "$p/bin/ferry-cli" | grep -q "stripped" && ! file "$p/bin/ferry-cli" | grep -q "not stripped" \
        || fail "ferry-cli is not stripped"
}

run_cli() { # PREFIX_DIR: ferry-cli from there finds its own pricing catalog and demo
    local p="$1"
    [ "$("$p/bin/ferry-cli" --version)" = "ferry-cli $version" ] || fail "ferry-cli --version"
    cp -r "$p/share/ferry/demo" "$work/demo-copy"
    "$p/bin/ferry-cli" validate "$p/share/ferry/demo/retail-demo.json" >"$work/validate.txt" \
        || { cat "$work/validate.txt"; fail "validate on the installed demo"; }
    "$p/bin/ferry-cli" cost "$work/demo-copy/retail-demo.json" >"$work/cost.txt" 2>&1 \
        || { cat "$work/cost.txt"; fail "cost on a copy of the installed demo"; }
    # The pricing catalog must come from the package, not from the source tree it was built in:
    # spoil the unpacked copy and the command must fail, naming it.
    cp "$p/share/ferry/pricing/aws.json" "$work/aws.json.good"
    echo "{" >"$p/share/ferry/pricing/aws.json"
    local rc=0
    "$p/bin/ferry-cli" cost "$work/demo-copy/retail-demo.json" >"$work/cost.txt" 2>&1 || rc=$?
    cp "$work/aws.json.good" "$p/share/ferry/pricing/aws.json"
    [ "$rc" = 2 ] && grep -q "$p/share/ferry/pricing/aws.json" "$work/cost.txt" \
        || { cat "$work/cost.txt"; fail "ferry-cli did not read the packaged pricing catalog (exit $rc)"; }
    rm -rf "$work/demo-copy"
}

step "the .deb in a fresh root"
mkdir "$work/root"
dpkg-deb -x "$deb" "$work/root"
check_tree "$work/root" /usr
run_cli "$work/root/usr"

step "the .tar.gz unpacked elsewhere"
mkdir "$work/tgz"
tar -xzf "$tgz" -C "$work/tgz"
top="$(ls -d "$work"/tgz/ferry-*)"
check_tree "$top" ""
run_cli "$top"

step "dpkg -i, run, dpkg -r"
if [ "$(id -u)" != 0 ]; then
    echo "SKIP dpkg -i: not root (the fresh-root checks above ran)"
    exit 0
fi
if dpkg -s ferry >/dev/null 2>&1; then
    echo "SKIP dpkg -i: a ferry package is installed on this machine already; not touching it"
    exit 0
fi
installed=1
dpkg -i "$deb" >"$work/dpkg.log" 2>&1 || { cat "$work/dpkg.log"; fail "dpkg -i"; }
dpkg -s ferry | grep -q "^Status: install ok installed" || fail "dpkg -s after install"
[ "$(/usr/bin/ferry-cli --version)" = "ferry-cli $version" ] || fail "installed ferry-cli --version"
/usr/bin/ferry-cli validate /usr/share/ferry/demo/retail-demo.json || fail "installed validate"
/usr/bin/ferry-cli --json validate /usr/share/ferry/demo/retail-demo.json >/dev/null || fail "installed validate --json"
# The desktop application starts offscreen and keeps running (timeout ends it after a second).
rc=0
QT_QPA_PLATFORM=offscreen timeout 1 /usr/bin/ferry /usr/share/ferry/demo/retail-demo.json \
    >"$work/ferry.log" 2>&1 || rc=$?
[ "$rc" = 124 ] || { cat "$work/ferry.log"; fail "ferry exited with $rc within a second (expected to be still running)"; }
# ...and renders the demo.
QT_QPA_PLATFORM=offscreen /usr/bin/ferry --screenshot "$work/shot.png" --size 1280x800 \
    /usr/share/ferry/demo/retail-demo.json >"$work/ferry.log" 2>&1 || { cat "$work/ferry.log"; fail "ferry --screenshot"; }
[ "$(stat -c %s "$work/shot.png")" -gt 20000 ] || fail "the screenshot is (nearly) empty"
dpkg -r ferry >"$work/dpkg.log" 2>&1 || { cat "$work/dpkg.log"; fail "dpkg -r"; }
installed=0
[ ! -e /usr/bin/ferry-cli ] || fail "/usr/bin/ferry-cli left after dpkg -r"
[ ! -e /usr/share/ferry/pricing/aws.json ] || fail "/usr/share/ferry left after dpkg -r"
echo "PASS: package $deb installs, runs and removes cleanly"
