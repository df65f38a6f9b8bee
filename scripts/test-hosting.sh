#!/usr/bin/env bash
# The nginx and Apache recipes of docs/hosting.md, taken from the page as they are written,
# run for real on loopback (Debian's nginx and apache2) over the bundled site served under
# /research-career/: the redirect to the trailing slash, checklist .txt downloads in UTF-8, the
# security and caching headers, the 404 page, and the dot-file never served.
#
# Usage: scripts/test-hosting.sh   (CAREERGUIDE_BIN: the program; default the debug build)
# Needs: nginx, apache2 (with mod_headers) and curl: apt-get install nginx apache2 curl
set -euo pipefail
cd "$(dirname "$0")/.."

fail() { echo "test-hosting: FAILED: $*" >&2; exit 1; }
for tool in nginx apache2 curl; do
  command -v "$tool" >/dev/null || [ -x "/usr/sbin/$tool" ] ||
    fail "$tool is not installed (apt-get install nginx apache2 curl)"
done
export PATH="$PATH:/usr/sbin"
BIN="${CAREERGUIDE_BIN:-${CARGO_TARGET_DIR:-target}/debug/careerguide}"
[ -x "$BIN" ] || cargo build >&2

work="$(mktemp -d)"
chmod 755 "$work" # the servers' workers do not run as the user who made it
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null ||
    node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

# The code block of docs/hosting.md that starts with the given line (a comment or the first
# directive), with the documented paths swapped for this test's.
recipe() {
  awk -v first="$1" '
    /^```/ { if (inside) { if (found) exit; inside = 0 } else { inside = 1; n = 0 }; next }
    inside && n == 0 { n = 1; if (index($0, first) == 1) found = 1 }
    inside && found { print }
  ' docs/hosting.md |
    sed -e "s|/var/www/careerguide/public|$work/www/public|g" \
        -e "s|snippets/careerguide-headers.conf|$work/nginx/careerguide-headers.conf|g"
}

mkdir -p "$work/www" "$work/nginx" "$work/apache/run" "$work/apache/lock" "$work/apache/log"
nginx_port="$(free_port)"
apache_port="$(free_port)"

check_server() { # NAME PORT
  local name="$1" base="http://127.0.0.1:$2/research-career"
  local h="$work/headers" b="$work/body"
  get() { curl --silent --show-error --max-time 10 -D "$h" -o "$b" "$1" || fail "$name: no answer for $1"; }
  status() { head -n 1 "$h" | tr -d '\r' | cut -d ' ' -f 2; }
  header() { grep -i "^$1:" "$h" | head -n 1 | cut -d ':' -f 2- | tr -d '\r' | sed 's/^ *//'; }

  get "$base"
  [ "$(status)" = 301 ] || fail "$name: /research-career answered $(status), not a redirect"
  case "$(header Location)" in
    */research-career/) ;;
    *) fail "$name: /research-career redirects to $(header Location)" ;;
  esac

  get "$base/"
  [ "$(status)" = 200 ] || fail "$name: /research-career/ answered $(status)"
  grep -q 'Building a research career' "$b" || fail "$name: /research-career/ is not the home page"
  header Content-Security-Policy | grep -q "frame-ancestors 'self'" || fail "$name: no CSP header on a page"
  [ "$(header X-Content-Type-Options)" = nosniff ] || fail "$name: no nosniff on a page"
  [ "$(header Cache-Control)" = no-cache ] || fail "$name: a page's Cache-Control is '$(header Cache-Control)'"

  get "$base/checklists/getting-started/getting-started.txt"
  [ "$(status)" = 200 ] || fail "$name: the checklist download answered $(status)"
  header Content-Type | grep -qi '^text/plain; *charset=utf-8$' ||
    fail "$name: the checklist download is sent as '$(header Content-Type)', not UTF-8 text"
  grep -q $'\xe2\x80\x99' "$b" || fail "$name: the checklist download has no curly apostrophe to test with"

  get "$base/assets/css/site.css"
  [ "$(status)" = 200 ] || fail "$name: site.css answered $(status)"
  [ "$(header Cache-Control)" = "public, max-age=3600" ] || fail "$name: site.css Cache-Control is '$(header Cache-Control)'"
  header Content-Security-Policy | grep -q "default-src 'self'" || fail "$name: no CSP header on an asset"

  get "$base/.careerguide-output"
  [ "$(status)" = 404 ] || fail "$name: .careerguide-output answered $(status)"

  get "$base/no-such-page/"
  [ "$(status)" = 404 ] || fail "$name: a missing page answered $(status)"
  grep -qi 'not found' "$b" || fail "$name: a missing page does not show the guide's 404 page"

  echo "test-hosting: $name recipe ok (port $2)" >&2
}

"$BIN" build --root . --output "$work/www/public" > "$work/build.log" 2>&1 ||
  { cat "$work/build.log" >&2; fail "careerguide build"; }

# nginx: the documented snippet and location blocks in a server of their own.
recipe "# /etc/nginx/snippets/careerguide-headers.conf" > "$work/nginx/careerguide-headers.conf"
[ -s "$work/nginx/careerguide-headers.conf" ] || fail "no nginx headers snippet in docs/hosting.md"
{
  echo "pid $work/nginx/nginx.pid; error_log $work/nginx/error.log; daemon off;"
  echo "events { worker_connections 64; }"
  echo "http { include /etc/nginx/mime.types; default_type application/octet-stream;"
  echo "  access_log off; client_body_temp_path $work/nginx; proxy_temp_path $work/nginx;"
  echo "  fastcgi_temp_path $work/nginx; uwsgi_temp_path $work/nginx; scgi_temp_path $work/nginx;"
  echo "  server { listen 127.0.0.1:$nginx_port;"
  recipe "# in the server { } block of intranet.example.nhs.uk"
  echo "  } }"
} > "$work/nginx/nginx.conf"
grep -q 'location /research-career/' "$work/nginx/nginx.conf" || fail "no nginx location block in docs/hosting.md"
nginx -t -q -c "$work/nginx/nginx.conf" || fail "nginx does not accept the recipe"
nginx -c "$work/nginx/nginx.conf" &
pids+=($!)

# Apache: the documented block in a minimal server of its own.
recipe "Alias /research-career /var/www/careerguide/public" > "$work/apache/recipe.conf"
grep -q '<Directory' "$work/apache/recipe.conf" || fail "no Apache recipe in docs/hosting.md"
modules=/usr/lib/apache2/modules
{
  echo "ServerRoot $work/apache"
  echo "ServerName 127.0.0.1"
  echo "Listen 127.0.0.1:$apache_port"
  echo "PidFile $work/apache/run/httpd.pid"
  echo "ErrorLog $work/apache/log/error.log"
  echo "Mutex file:$work/apache/lock default"
  for m in mpm_event authz_core alias dir mime headers; do
    echo "LoadModule ${m}_module $modules/mod_$m.so"
  done
  echo "TypesConfig /etc/mime.types"
  echo "DocumentRoot $work/www"
  cat "$work/apache/recipe.conf"
} > "$work/apache/httpd.conf"
apache2 -t -f "$work/apache/httpd.conf" 2> "$work/apache/syntax.log" ||
  { cat "$work/apache/syntax.log" >&2; fail "Apache does not accept the recipe"; }
apache2 -f "$work/apache/httpd.conf" -DFOREGROUND &
pids+=($!)

wait_for() { # PORT
  for _ in $(seq 1 100); do
    curl --silent --max-time 1 -o /dev/null "http://127.0.0.1:$1/" && return 0
    sleep 0.1
  done
  fail "no server on port $1"
}
wait_for "$nginx_port"
wait_for "$apache_port"
check_server nginx "$nginx_port"
check_server Apache "$apache_port"
echo "test-hosting: ok (the nginx and Apache recipes of docs/hosting.md)" >&2
