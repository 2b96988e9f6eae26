#!/usr/bin/env bash
# Run once by the postgres image when it creates its data directory (/docker-entrypoint-initdb.d):
# the login role the API connects as. It is a member of suivi_api, the role the migrations grant
# the application's rights to (created here so the membership can be granted now; the migration
# keeps it). POSTGRES_USER owns the tables and runs the migrations; the API never gets its password.
set -euo pipefail
: "${SUIVI_APP_PASSWORD:?set SUIVI_APP_PASSWORD}"
psql -v ON_ERROR_STOP=1 -v app_password="$SUIVI_APP_PASSWORD" \
  --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" <<'SQL'
CREATE ROLE suivi_api NOLOGIN;
CREATE ROLE suivi_app LOGIN PASSWORD :'app_password' IN ROLE suivi_api;
SQL
