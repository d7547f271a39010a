#!/usr/bin/env bash
# The ledger workbook export at N items: builds the API (tsup), then for each N (default 10000,
# 50000 and 100000) creates a scratch database on the server of ADMIN_URL, migrates it, loads the
# demo seed and N generated items (bench/ledger-plans/generate.sql with its count replaced, then
# extra.sql), runs the built server on it and measures (measure.ts), and drops the database.
# Prints Markdown on stdout, progress on stderr.
#   nice bash bench/ledger-export/run.sh > /tmp/ledger-export.md
#   SIZES="100000" RUNS=9 bash bench/ledger-export/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
ADMIN_URL=${ADMIN_URL:-postgres://postgres@127.0.0.1:5432/postgres}
SIZES=${SIZES:-10000 50000 100000}
GENERATE=bench/ledger-plans/generate.sql
grep -q 'generate_series(1, 1000000)' "$GENERATE" || { echo "$GENERATE no longer generates 1000000 items as expected" >&2; exit 1; }
pnpm --reporter silent --filter @ledger/api build >&2
for N in $SIZES; do
  DB=ledger_export_bench_$(date +%s)
  URL=${ADMIN_URL%/*}/$DB
  echo "== $N items: database $DB" >&2
  psql "$ADMIN_URL" -qc "CREATE DATABASE $DB" >&2
  trap 'psql "$ADMIN_URL" -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >&2' EXIT
  DATABASE_URL=$URL pnpm --reporter silent db:migrate >&2
  DATABASE_URL=$URL pnpm --reporter silent db:seed >&2
  sed "s/generate_series(1, 1000000)/generate_series(1, $N)/" "$GENERATE" | psql "$URL" -q -v ON_ERROR_STOP=1 -f - >&2
  psql "$URL" -q -v ON_ERROR_STOP=1 -f bench/ledger-export/extra.sql >&2
  apps/api/node_modules/.bin/tsx bench/ledger-export/measure.ts "$URL"
  psql "$ADMIN_URL" -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >&2
  trap - EXIT
done
