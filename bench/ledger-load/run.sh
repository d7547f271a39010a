#!/usr/bin/env bash
# `pnpm bench`: the ledger list and a mixed load at N items (default 100000; `pnpm bench 1000000`
# or BENCH_ITEMS=1000000). Builds the API (tsup), creates a scratch database on the server of
# ADMIN_URL, migrates it, loads the demo seed and N generated items (bench/ledger-plans/generate.sql
# with its count replaced), measures with the built server (measure.ts) and drops the database,
# however the run ends. Prints Markdown on stdout, progress on stderr.
#   pnpm bench > /tmp/ledger-load.md
#   BENCH_LOAD_SECONDS=20 BENCH_CONNECTIONS=50 RUNS=31 pnpm bench 1000000
# Generate once, measure several times (the load's writes stay in the kept database):
#   BENCH_KEEP_DATABASE=1 pnpm bench 1000000      # prints BENCH_DATABASE_URL=… at the end
#   BENCH_DATABASE_URL=postgres://…/ledger_load_… pnpm bench
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${1:-${BENCH_ITEMS:-100000}}
[[ $N =~ ^[0-9]+$ ]] || { echo "usage: pnpm bench [items], e.g. pnpm bench 1000000" >&2; exit 2; }
BENCH_LOADAVG_START=$(cut -d' ' -f1-3 /proc/loadavg)
export BENCH_LOADAVG_START
source bench/lib/scratch-db.sh
flock /tmp/build.lock pnpm --reporter silent --filter @ledger/api build >&2
if [ -n "${BENCH_DATABASE_URL:-}" ]; then
  URL=$BENCH_DATABASE_URL
  echo "== measuring the existing database $URL (not generated, not dropped)" >&2
  DATABASE_URL=$URL pnpm --reporter silent db:migrate >&2
else
  scratch_db_create ledger_load
  echo "== generating $N items" >&2
  started=$(date +%s)
  generate_items "$N"
  BENCH_GENERATE_SECONDS=$(($(date +%s) - started))
  export BENCH_GENERATE_SECONDS
fi
apps/api/node_modules/.bin/tsx bench/ledger-load/measure.ts "$URL"
