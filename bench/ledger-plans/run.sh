#!/usr/bin/env bash
# The ledger list's query plans at a million items: creates a scratch database on the server of
# ADMIN_URL, migrates it, loads the demo seed's units and 1M generated items, prints the plans
# as Markdown on stdout, and drops the database again. About 30 minutes on 2 CPUs.
#   bash bench/ledger-plans/run.sh > /tmp/ledger-plans.md
set -euo pipefail
cd "$(dirname "$0")/../.."
source bench/lib/scratch-db.sh
scratch_db_create ledger_plans
psql "$URL" -v ON_ERROR_STOP=1 -f bench/ledger-plans/generate.sql >&2
psql "$URL" -Atc "SELECT 'LedgerItem: ' || pg_size_pretty(pg_table_size('\"LedgerItem\"')) || ' table, '
  || string_agg(indexrelname || ' ' || pg_size_pretty(pg_relation_size(indexrelid)), ', ' ORDER BY indexrelname)
  FROM pg_stat_user_indexes WHERE relname = 'LedgerItem'" >&2
apps/api/node_modules/.bin/tsx bench/ledger-plans/explain.ts "$URL"
