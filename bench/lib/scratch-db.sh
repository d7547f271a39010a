# A scratch database for a benchmark, on the PostgreSQL server of ADMIN_URL: sourced by the
# bench/*/run.sh scripts (from the repository's root, with `set -euo pipefail`).
#   scratch_db_create NAME   creates NAME_<timestamp>, migrates it and loads the demo seed; sets DB
#                            and URL, and drops the database when the script exits, however it ends
#   generate_items N [SQL]   adds N generated items (bench/ledger-plans/generate.sql, its count
#                            replaced), then runs the benchmark's own SQL file, if named
#   scratch_db_drop          drops it now (the next scratch_db_create may follow)
# BENCH_KEEP_DATABASE=1 keeps the database when the script exits (its URL is printed), so that a
# slow generation (1M items: half an hour) serves several measurements (BENCH_DATABASE_URL).
ADMIN_URL=${ADMIN_URL:-postgres://postgres@127.0.0.1:5432/postgres}
GENERATE=bench/ledger-plans/generate.sql

scratch_db_create() {
  DB=$1_$(date +%s)
  URL=${ADMIN_URL%/*}/$DB
  echo "== database $DB" >&2
  psql "$ADMIN_URL" -qc "CREATE DATABASE $DB" >&2
  if [ "${BENCH_KEEP_DATABASE:-}" = 1 ]; then
    trap 'echo "== kept database $DB: BENCH_DATABASE_URL=$URL" >&2' EXIT
  else
    trap 'psql "$ADMIN_URL" -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >&2' EXIT
  fi
  DATABASE_URL=$URL pnpm --reporter silent db:migrate >&2
  DATABASE_URL=$URL pnpm --reporter silent db:seed >&2
}

scratch_db_drop() {
  psql "$ADMIN_URL" -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >&2
  trap - EXIT
}

generate_items() {
  grep -q 'generate_series(1, 1000000)' "$GENERATE" || {
    echo "$GENERATE no longer generates 1000000 items as expected" >&2
    exit 1
  }
  sed "s/generate_series(1, 1000000)/generate_series(1, $1)/" "$GENERATE" | psql "$URL" -q -v ON_ERROR_STOP=1 -f - >&2
  if [ $# -gt 1 ]; then psql "$URL" -q -v ON_ERROR_STOP=1 -f "$2" >&2; fi
}
