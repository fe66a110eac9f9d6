#!/usr/bin/env bash
# Start CBE Dash as it would be deployed, on loopback only: REPLICAS Streamlit processes behind nginx,
# with the static edition at /site/. Everything (config, pids, logs, cache, the built site) lives in one
# folder, so no root paths are needed.
#
#   deploy/run_local.sh                 # foreground; Ctrl-C stops everything
#   DETACH=1 deploy/run_local.sh        # returns once all answer; stop with deploy/stop_local.sh RUN_DIR
#
# Settings (environment): PORT (nginx, default 8080), BASE_PORT (first replica, default 8601), REPLICAS
# (default 2), RUN_DIR (default: a new temp folder), SITE_DIR (a built static site; default: built here).
set -euo pipefail
REPO="$(cd "$(dirname "$0")/.." && pwd)"
NGINX_BIN="${NGINX_BIN:-$(command -v nginx || echo /usr/sbin/nginx)}"
PORT="${PORT:-8080}"
BASE_PORT="${BASE_PORT:-8601}"
REPLICAS="${REPLICAS:-2}"
RUN_DIR="${RUN_DIR:-$(mktemp -d -t cbe-dash-deploy-XXXXXX)}"
mkdir -p "$RUN_DIR/tmp" "$RUN_DIR/cache"
chmod 755 "$RUN_DIR"  # nginx workers run as an unprivileged user when started as root

if [ -z "${SITE_DIR:-}" ]; then
  SITE_DIR="$RUN_DIR/site"
  (cd "$REPO" && python3 -m cbe_dash build-site "$SITE_DIR" >"$RUN_DIR/build-site.log")
fi
chmod -R a+rX "$SITE_DIR"

upstreams=""
for i in $(seq 0 $((REPLICAS - 1))); do
  port=$((BASE_PORT + i))
  (cd "$REPO" && exec python3 -m streamlit run app.py --server.headless=true --server.address=127.0.0.1 \
     --server.port="$port" --browser.gatherUsageStats=false) >"$RUN_DIR/replica-$i.log" 2>&1 &
  echo $! >"$RUN_DIR/replica-$i.pid"
  upstreams+="        server 127.0.0.1:${port} max_fails=2 fail_timeout=5s;"$'\n'
done

python3 - "$REPO/deploy/nginx.conf.template" "$RUN_DIR/nginx.conf" "$RUN_DIR" "$PORT" "$SITE_DIR" "$upstreams" <<'PY'
import sys
template, out, prefix, port, site, upstreams = sys.argv[1:]
text = open(template, encoding="utf-8").read()
for key, value in {"@PREFIX@": prefix, "@PORT@": port, "@SITE@": site, "@UPSTREAMS@": upstreams.rstrip("\n")}.items():
    text = text.replace(key, value)
open(out, "w", encoding="utf-8").write(text)
PY
"$NGINX_BIN" -t -q -p "$RUN_DIR" -c "$RUN_DIR/nginx.conf"
"$NGINX_BIN" -p "$RUN_DIR" -c "$RUN_DIR/nginx.conf" </dev/null >>"$RUN_DIR/nginx-start.log" 2>&1

python3 - "$PORT" "$BASE_PORT" "$REPLICAS" <<'PY'
import sys, time, urllib.request
port, base, n = map(int, sys.argv[1:])
urls = [f"http://127.0.0.1:{base + i}/_stcore/health" for i in range(n)] + [f"http://127.0.0.1:{port}/_stcore/health"]
deadline = time.monotonic() + 90
for url in urls:
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.read().strip() == b"ok":
                    break
        except OSError:
            pass
        if time.monotonic() > deadline:
            sys.exit(f"no answer from {url}")
        time.sleep(0.1)
PY
echo "CBE Dash: http://127.0.0.1:${PORT}/  static edition: http://127.0.0.1:${PORT}/site/  run dir: ${RUN_DIR}"
if [ -z "${DETACH:-}" ]; then
  trap '"$(dirname "$0")/stop_local.sh" "$RUN_DIR"' EXIT INT TERM
  wait
fi
