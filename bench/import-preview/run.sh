#!/usr/bin/env bash
# The import preview of a 10,000-row ledger workbook: creates a scratch database on the server of
# ADMIN_URL, migrates it, loads the demo seed, measures (measure.ts: loads 5,000 items through the
# import, then times the preview of 10,000 rows against a bare streaming read) and drops the
# database. Prints Markdown on stdout, progress on stderr.
#   nice bash bench/import-preview/run.sh > /tmp/import-preview.md
#   RUNS=11 bash bench/import-preview/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
ADMIN_URL=${ADMIN_URL:-postgres://postgres@127.0.0.1:5432/postgres}
DB=import_bench_$(date +%s)
URL=${ADMIN_URL%/*}/$DB
echo "== database $DB" >&2
psql "$ADMIN_URL" -qc "CREATE DATABASE $DB" >&2
trap 'psql "$ADMIN_URL" -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >&2' EXIT
DATABASE_URL=$URL pnpm --reporter silent db:migrate >&2
DATABASE_URL=$URL pnpm --reporter silent db:seed >&2
apps/api/node_modules/.bin/tsx bench/import-preview/measure.ts "$URL"
