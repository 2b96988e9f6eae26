#!/usr/bin/env bash
# Runs the Dockerfile's build steps as a plain script, for machines without a Docker engine:
# a clean copy of the repository, npm install, the production builds, npm prune --omit=dev,
# then the pruned result started in production mode against a PostgreSQL server, checked
# through /api/health and the web app's index page.
# Usage: docker/check-image-steps.sh [postgres://…]   (default: a temporary database on the local
# server, dropped afterwards)
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
port=3077
if [ -n "${1:-}" ]; then
  url="$1"
else
  db="suivi_image_check_$$"
  psql -h 127.0.0.1 -U postgres -d postgres -qc "CREATE DATABASE $db"
  url="postgres://postgres@127.0.0.1:5432/$db"
fi
cleanup() {
  kill "${pid:-0}" 2>/dev/null || true
  sleep 1
  [ -n "${db:-}" ] && psql -h 127.0.0.1 -U postgres -d postgres -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)"
  rm -rf "$work"
}
trap cleanup EXIT

git -C "$repo" archive HEAD | tar -x -C "$work"
cd "$work"
export CI=true NX_NO_CLOUD=true NX_DAEMON=false NX_TUI=false
t0=$(date +%s)
npm install --no-audit --no-fund >/dev/null
npx nx run-many -t build -p api web --parallel=2 --skip-nx-cache >/dev/null
npm prune --omit=dev --no-audit --no-fund >/dev/null
echo "build steps: $(( $(date +%s) - t0 )) s; node_modules after prune: $(du -sh node_modules | cut -f1)"

NODE_ENV=production PORT=$port DATABASE_URL="$url" WEB_DIR="$work/dist/apps/web/browser" \
  JWT_SECRET="$(head -c 48 /dev/urandom | base64)" PSEUDONYM_KEY="$(head -c 48 /dev/urandom | base64)" \
  node dist/apps/api/main.js > "$work/api.log" 2>&1 &
pid=$!
for _ in $(seq 1 60); do curl -sf "localhost:$port/api/health" >/dev/null && break; sleep 0.5; done
curl -sf "localhost:$port/api/health"; echo
curl -sf "localhost:$port/commitments" | grep -q '<suivi-root' && echo "web app served on a deep link"
curl -sf "localhost:$port/api/info" | grep -q '"demo":false' && echo "production: no demo data"
echo "image steps: OK"
