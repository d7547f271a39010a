#!/usr/bin/env bash
# The import preview of a 10,000-row ledger workbook: creates a scratch database on the server of
# ADMIN_URL, migrates it, loads the demo seed, measures (measure.ts: loads 5,000 items through the
# import, then times the preview of 10,000 rows against a bare streaming read) and drops the
# database. Prints Markdown on stdout, progress on stderr.
#   nice bash bench/import-preview/run.sh > /tmp/import-preview.md
#   RUNS=11 bash bench/import-preview/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
source bench/lib/scratch-db.sh
scratch_db_create import_bench
apps/api/node_modules/.bin/tsx bench/import-preview/measure.ts "$URL"
