#!/usr/bin/env bash
# Runs the Dockerfile's build steps as a plain script, for machines without a Docker engine:
# a clean copy of the repository, npm install, the production builds, npm prune --omit=dev,
# then, as the compose file does, the migrate step as the tables' owner and the pruned API started
# in production mode as the application role, checked through /api/health and the web app's
# index page (and refusing to start as the owner).
# Usage: docker/check-image-steps.sh [OWNER_URL APP_URL]   (default: a temporary database on the
# local server, dropped afterwards: owner postgres, application role suivi_app, a member of
# suivi_api without a password, as the local server trusts 127.0.0.1)
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
port=3077
if [ -n "${1:-}" ]; then
  owner_url="$1"
  app_url="${2:?give the application role's URL after the owner's}"
else
  db="suivi_image_check_$$"
  psql -h 127.0.0.1 -U postgres -d postgres -qc "CREATE DATABASE $db"
  # Roles belong to the server: created once, kept (the migration creates suivi_api if absent).
  psql -h 127.0.0.1 -U postgres -d postgres -qc "DO \$\$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'suivi_api') THEN CREATE ROLE suivi_api NOLOGIN; END IF;
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'suivi_app') THEN CREATE ROLE suivi_app LOGIN IN ROLE suivi_api; END IF;
    END \$\$"
  owner_url="postgres://postgres@127.0.0.1:5432/$db"
  app_url="postgres://suivi_app@127.0.0.1:5432/$db"
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

secrets=(JWT_SECRET="$(head -c 48 /dev/urandom | base64)" PSEUDONYM_KEY="$(head -c 48 /dev/urandom | base64)" PUBLIC_URL="http://localhost:$port" MAIL_OUTBOX_DIR="$work/outbox")
NODE_ENV=production MIGRATION_DATABASE_URL="$owner_url" node dist/apps/api/main.js migrate
set +e
timeout 60 env NODE_ENV=production PORT=$port DATABASE_URL="$owner_url" "${secrets[@]}" node dist/apps/api/main.js > "$work/owner.log" 2>&1
code=$?
set -e
[ "$code" = 1 ] || { echo "as the tables' owner the API must refuse to start (exit $code)"; cat "$work/owner.log"; exit 1; }
echo "as the owner, refused: $(cat "$work/owner.log")"

env NODE_ENV=production PORT=$port DATABASE_URL="$app_url" WEB_DIR="$work/dist/apps/web/browser" "${secrets[@]}" \
  node dist/apps/api/main.js > "$work/api.log" 2>&1 &
pid=$!
for _ in $(seq 1 60); do curl -sf "localhost:$port/api/health" >/dev/null && break; sleep 0.5; done
curl -sf "localhost:$port/api/health" || { cat "$work/api.log"; exit 1; }; echo
curl -sf "localhost:$port/commitments" | grep -q '<suivi-root' && echo "web app served on a deep link"
curl -sf "localhost:$port/api/info" | grep -q '"demo":false' && echo "production: no demo data"
echo "image steps: OK"
