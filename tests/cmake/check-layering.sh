#!/usr/bin/env bash
# The configure-time layering check must refuse a model that links Qt, even indirectly,
# and accept one that does not.
set -u
src="$1"; work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
if ! cmake -S "$src/tests/cmake/layering" -B "$work/ok" -DFERRY_SOURCE_DIR="$src" -DVIOLATE=OFF >"$work/ok.log" 2>&1; then
    echo "clean configuration was refused:"; cat "$work/ok.log"; exit 1
fi
if cmake -S "$src/tests/cmake/layering" -B "$work/bad" -DFERRY_SOURCE_DIR="$src" -DVIOLATE=ON >"$work/bad.log" 2>&1; then
    echo "a model linking Qt was accepted"; exit 1
fi
grep -q "Layering violation: fake_model links Qt6::Core" "$work/bad.log" || { cat "$work/bad.log"; exit 1; }
echo "layering check refuses Qt in the model and accepts a clean tree"
