#!/usr/bin/env bash
# The ledger list's query plans at a million items: creates a scratch database on the server of
# ADMIN_URL, migrates it, loads the demo seed's units and 1M generated items, prints the plans
# as Markdown on stdout, and drops the database again. About 30 minutes on 2 CPUs.
#   bash bench/ledger-plans/run.sh > /tmp/ledger-plans.md
set -euo pipefail
cd "$(dirname "$0")/../.."
ADMIN_URL=${ADMIN_URL:-postgres://postgres@127.0.0.1:5432/postgres}
DB=ledger_plans_$(date +%s)
URL=${ADMIN_URL%/*}/$DB
psql "$ADMIN_URL" -qc "CREATE DATABASE $DB" >&2
trap 'psql "$ADMIN_URL" -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >&2' EXIT
DATABASE_URL=$URL pnpm --reporter silent db:migrate >&2
DATABASE_URL=$URL pnpm --reporter silent db:seed >&2
psql "$URL" -v ON_ERROR_STOP=1 -f bench/ledger-plans/generate.sql >&2
psql "$URL" -Atc "SELECT 'LedgerItem: ' || pg_size_pretty(pg_table_size('\"LedgerItem\"')) || ' table, '
  || string_agg(indexrelname || ' ' || pg_size_pretty(pg_relation_size(indexrelid)), ', ' ORDER BY indexrelname)
  FROM pg_stat_user_indexes WHERE relname = 'LedgerItem'" >&2
apps/api/node_modules/.bin/tsx bench/ledger-plans/explain.ts "$URL"
