#!/usr/bin/env bash
# The whole test suite: Rust unit and integration tests (engine, search, serve, check),
# then the browser suite (accessibility, checklists, print, search) in headless Chromium,
# then docs/hosting.md's nginx and Apache recipes served for real, then the download
# (scripts/package) unpacked and run where there is no cargo.
# Needs: Rust, Node 20+, Debian's chromium, poppler-utils, nginx, apache2 and curl (see
# .ci/run for the installs).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo test --workspace
bash scripts/browser-tests.sh
bash scripts/test-hosting.sh
bash scripts/test-bundle.sh
