#!/usr/bin/env bash
# Stop what deploy/run_local.sh started in RUN_DIR: nginx (by its pid file) and each replica (by its pid).
set -uo pipefail
RUN_DIR="${1:?usage: deploy/stop_local.sh RUN_DIR}"
NGINX_BIN="${NGINX_BIN:-$(command -v nginx || echo /usr/sbin/nginx)}"
if [ -f "$RUN_DIR/nginx.pid" ]; then
  "$NGINX_BIN" -q -p "$RUN_DIR" -c "$RUN_DIR/nginx.conf" -s quit 2>/dev/null || kill "$(cat "$RUN_DIR/nginx.pid")" 2>/dev/null
fi
for pidfile in "$RUN_DIR"/replica-*.pid; do
  [ -f "$pidfile" ] || continue
  kill "$(cat "$pidfile")" 2>/dev/null
  rm -f "$pidfile"
done
exit 0
