#!/usr/bin/env bash
# The dashboard summary at N items: for each N (default 100000 and 1000000) creates a scratch
# database on the server of ADMIN_URL, migrates it, loads the demo seed and N generated items
# (bench/ledger-plans/generate.sql with its count replaced, then extra.sql), measures
# (measure.ts) and drops the database. Prints Markdown on stdout, progress on stderr.
#   nice bash bench/dashboard-summary/run.sh > /tmp/dashboard-summary.md
#   SIZES="100000" RUNS=31 bash bench/dashboard-summary/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
source bench/lib/scratch-db.sh
SIZES=${SIZES:-100000 1000000}
for N in $SIZES; do
  echo "== $N items" >&2
  scratch_db_create dashboard_bench
  generate_items "$N" bench/dashboard-summary/extra.sql
  apps/api/node_modules/.bin/tsx bench/dashboard-summary/measure.ts "$URL"
  scratch_db_drop
done
