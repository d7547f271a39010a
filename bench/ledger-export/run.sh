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
source bench/lib/scratch-db.sh
SIZES=${SIZES:-10000 50000 100000}
pnpm --reporter silent --filter @ledger/api build >&2
for N in $SIZES; do
  echo "== $N items" >&2
  scratch_db_create ledger_export_bench
  generate_items "$N" bench/ledger-export/extra.sql
  apps/api/node_modules/.bin/tsx bench/ledger-export/measure.ts "$URL"
  scratch_db_drop
done
