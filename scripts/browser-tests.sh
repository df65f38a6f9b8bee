#!/usr/bin/env bash
# Browser test suite: builds the bundled site, serves it under a subpath with a strict CSP and
# checks every page in headless Chromium (axe WCAG 2.2 AA with target size, reflow at 320 px,
# skip link, visible focus, forced colours, text spacing, 200 % text, reduced motion,
# console/CSP errors, links and fragments, content without JavaScript).
# Also proves the checks catch breakage (tests/browser/fixtures/broken), and drives the
# `careerguide serve` editing loop (reload on save, the build-problem panel; serve.test.mjs).
# Every tests/browser/*.test.mjs runs (node --test picks them up from the folder).
#
# Usage: scripts/browser-tests.sh [extra node --test arguments]
# Environment: CAREERGUIDE_BIN, CAREERGUIDE_SITE_DIR, CHROMIUM_PATH, BROWSER_CONCURRENCY,
#              BROWSER_REPORT (see tests/browser/a11y.test.mjs).
set -euo pipefail
cd "$(dirname "$0")/.."

CHROMIUM_PATH="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ ! -x "$CHROMIUM_PATH" ]; then
  echo "error: Chromium not found at $CHROMIUM_PATH (Playwright cannot download browsers here)." >&2
  echo "Install Debian's: apt-get update && apt-get install -y chromium poppler-utils" >&2
  exit 1
fi
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "error: node and npm are needed (Node 20 or later)." >&2
  exit 1
fi
if [ ! -d node_modules/playwright-core ] || [ ! -d node_modules/axe-core ]; then
  npm ci --no-audit --no-fund
fi

BIN="${CAREERGUIDE_BIN:-target/debug/careerguide}"
if [ -z "${CAREERGUIDE_SITE_DIR:-}" ] && [ ! -x "$BIN" ]; then
  if [ -n "${CAREERGUIDE_BIN:-}" ]; then
    echo "error: CAREERGUIDE_BIN=$CAREERGUIDE_BIN is not an executable file." >&2
    exit 1
  fi
  cargo build
fi

export CHROMIUM_PATH
exec node --test "$@" tests/browser/
