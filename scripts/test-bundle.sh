#!/usr/bin/env bash
# The download as someone without Rust gets it: makes this machine's bundle with
# scripts/package (or takes an archive made already), unpacks it into an empty folder and,
# with no cargo or rustc on PATH and nothing from the repository in reach, runs
# `careerguide build`, `careerguide check` and `careerguide serve` there (serve on a free
# loopback port: one page fetched over HTTP, then stopped with Ctrl+C's signal).
#
# Usage: scripts/test-bundle.sh [ARCHIVE.tar.gz]
set -euo pipefail
cd "$(dirname "$0")/.."

fail() { echo "test-bundle: FAILED: $*" >&2; exit 1; }

if [ $# -gt 0 ]; then
  archive="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
else
  archive="$(bash scripts/package | tail -n 1)"
fi
[ -f "$archive" ] || fail "no archive at $archive"
case "$archive" in *.tar.gz) ;; *) fail "this test unpacks a .tar.gz (this machine's bundle), not $archive" ;; esac
name="$(basename "$archive" .tar.gz)"

work="$(mktemp -d)"
serve_pid=""
cleanup() {
  if [ -n "$serve_pid" ]; then kill "$serve_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
mkdir "$work/empty" "$work/home"
tar -C "$work/empty" -xzf "$archive"
[ "$(ls -A "$work/empty")" = "$name" ] || fail "the archive should hold one folder, $name; it holds: $(ls -A "$work/empty")"
bundle="$work/empty/$name"
for f in careerguide START-HERE.txt config.yaml README.md CHANGELOG.md SECURITY.md \
         content/index.md themes/default/templates/base.html docs/hosting.md docs/upgrading.md; do
  [ -e "$bundle/$f" ] || fail "$f is missing from the bundle"
done
grep -q '^    \./careerguide serve$' "$bundle/START-HERE.txt" || fail "START-HERE.txt does not say how to run ./careerguide serve"
if grep -q '@[A-Z]*@\|^#if\|^#endif\|careerguide\.exe\|PowerShell' "$bundle/START-HERE.txt"; then
  fail "START-HERE.txt has a placeholder or another system's instructions"
fi

# The Windows and Mac instructions, which cannot be tried on this machine, read right.
windows="$(bash scripts/package --target x86_64-pc-windows-msvc --start-here)"
mac="$(bash scripts/package --target aarch64-apple-darwin --start-here)"
grep -qxF $'    .\\careerguide.exe serve\r' <<< "$windows" || fail "the Windows START-HERE.txt does not say .\\careerguide.exe serve"
grep -q 'Extract All' <<< "$windows" || fail "the Windows START-HERE.txt does not say to unzip"
grep -q 'type   powershell' <<< "$windows" || fail "the Windows START-HERE.txt does not say how to open PowerShell"
if grep -v $'\r$' <<< "$windows" | grep -q .; then fail "the Windows START-HERE.txt has lines without CRLF"; fi
if grep -q '\./careerguide\|Terminal\|^#' <<< "$windows"; then fail "the Windows START-HERE.txt has another system's instructions"; fi
grep -q '^    \./careerguide serve$' <<< "$mac" || fail "the Mac START-HERE.txt does not say ./careerguide serve"
grep -q 'Privacy & Security' <<< "$mac" || fail "the Mac START-HERE.txt does not say how to allow the program"
if grep -q 'careerguide\.exe\|PowerShell\|tar xzf\|^#' <<< "$mac"; then fail "the Mac START-HERE.txt has another system's instructions"; fi

# No Rust: only the folders of PATH that hold neither cargo nor rustc, and a home without one.
clean_path=""
IFS=: read -r -a dirs <<< "$PATH"
for d in "${dirs[@]}"; do
  if [ -z "$d" ] || [ ! -d "$d" ] || [ -e "$d/cargo" ] || [ -e "$d/rustc" ]; then continue; fi
  clean_path="${clean_path:+$clean_path:}$d"
done
run() { (cd "$bundle" && env -i PATH="$clean_path" HOME="$work/home" LANG=C.UTF-8 NO_COLOR=1 "$@"); }
if run bash -c 'command -v cargo || command -v rustc' >/dev/null; then
  fail "cargo is still on PATH for the test"
fi

echo "test-bundle: build in $bundle (no cargo on PATH)" >&2
run ./careerguide build > "$work/build.log" 2>&1 || { cat "$work/build.log" >&2; fail "careerguide build exited with an error"; }
[ -f "$bundle/public/index.html" ] || fail "build wrote no public/index.html"
grep -q 'Building a research career' "$bundle/public/index.html" || fail "public/index.html is not the guide's home page"
[ -f "$bundle/public/guide/index.html" ] || fail "build wrote no guide/index.html"

run ./careerguide check > "$work/check.log" 2>&1 || { cat "$work/check.log" >&2; fail "careerguide check found errors in the bundled guide"; }

echo "test-bundle: serve on a free loopback port" >&2
(cd "$bundle" && exec env -i PATH="$clean_path" HOME="$work/home" LANG=C.UTF-8 NO_COLOR=1 \
  ./careerguide serve --port 0 > "$work/serve.out" 2> "$work/serve.err") &
serve_pid=$!
url=""
for _ in $(seq 1 600); do
  url="$(sed -n 's|^Serving the guide at \(http://127\.0\.0\.1:[0-9]*/\)$|\1|p' "$work/serve.out")"
  [ -n "$url" ] && break
  kill -0 "$serve_pid" 2>/dev/null || { cat "$work/serve.err" >&2; fail "serve stopped before it was ready"; }
  sleep 0.1
done
[ -n "$url" ] || { cat "$work/serve.err" >&2; fail "serve printed no address within a minute"; }
port="${url#http://127.0.0.1:}"
port="${port%/}"

# One request over plain TCP (no curl needed): the guide's contents page.
exec 3<>"/dev/tcp/127.0.0.1/$port"
printf 'GET /guide/ HTTP/1.1\r\nHost: 127.0.0.1:%s\r\nConnection: close\r\n\r\n' "$port" >&3
response="$(cat <&3)"
exec 3<&-
status="$(printf '%s' "$response" | head -n 1 | tr -d '\r')"
[ "$status" = "HTTP/1.1 200 OK" ] || fail "GET /guide/ answered \"$status\""
printf '%s' "$response" | grep -qi '^content-type: text/html; charset=utf-8' || fail "GET /guide/ was not sent as UTF-8 HTML"
printf '%s' "$response" | grep -q '<h1' || fail "GET /guide/ sent no page"

kill -INT "$serve_pid"
for _ in $(seq 1 100); do kill -0 "$serve_pid" 2>/dev/null || break; sleep 0.1; done
if kill -0 "$serve_pid" 2>/dev/null; then fail "serve did not stop on Ctrl+C's signal within 10 s"; fi
wait "$serve_pid" || fail "serve exited with status $? after Ctrl+C"
serve_pid=""
grep -q 'Stopped\.' "$work/serve.err" || fail "serve did not say it stopped"

echo "test-bundle: ok ($(basename "$archive"): build, check and serve without cargo)" >&2
