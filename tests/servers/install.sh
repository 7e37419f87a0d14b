#!/usr/bin/env bash
# Installs the Node.js packages of Ferry's test servers (s3rver, the AWS SDK signer) into
# tests/servers/node_modules, exactly as package-lock.json pins them. Does nothing when they are
# already installed and match the lock, so it is safe to run before every test run, offline too.
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v npm >/dev/null 2>&1; then
    echo "tests/servers/install.sh: npm is missing; run installer/deps-debian.sh first" >&2
    exit 1
fi

# A stamp holding the lock file's hash marks a tree installed from exactly this lock.
stamp=node_modules/.ferry-lock.sha256
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" && -d node_modules/s3rver ]]; then
    exit 0
fi
echo "tests/servers: installing the test servers' npm packages (npm ci)"
npm ci --no-audit --no-fund --loglevel=error
echo "$want" > "$stamp"
