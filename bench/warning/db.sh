#!/usr/bin/env bash
# Event data in the database, end to end: a 20-year GDELT 2.0 history imported into a fresh SQLite
# database and into PostgreSQL (import time, the write transaction's time, stored bytes per GB),
# then `entente events detect` over it (detection as the server runs it: load, detect, record),
# median of RUNS runs, wall time and max RSS from /usr/bin/time.
#
# Usage: bench/warning/db.sh [sqlite|postgres|both]      (default both)
# Env:   ROWS (default 5000000: ~2 GB), DAYS (default 7301: 1,043 weeks), RUNS (default 3),
#        OUT (default bench/out/warning-db), BIN (default: the release build, built here),
#        PG_ADMIN_URL (default postgres://entente_ci:entente_ci@127.0.0.1:5432/postgres; loopback,
#        the user may CREATE DATABASE), PG_DB (default entente_bench_detect, dropped and created),
#        KEEP=1 keeps the generated file and both databases.
# Also timed, for comparison: the query detection ran before weekly sums were stored (a GROUP BY
# over every daily counter), through sqlite3 and psql, on the same data.
# Local only: nothing is downloaded; PostgreSQL must already run (pg_ctlcluster 15 main start).
set -euo pipefail
cd "$(dirname "$0")/../.."
WHICH="${1:-both}"
ROWS="${ROWS:-5000000}"
DAYS="${DAYS:-7301}"
RUNS="${RUNS:-3}"
OUT="${OUT:-bench/out/warning-db}"
PG_ADMIN_URL="${PG_ADMIN_URL:-postgres://entente_ci:entente_ci@127.0.0.1:5432/postgres}"
PG_DB="${PG_DB:-entente_bench_detect}"
PG_URL="${PG_ADMIN_URL%/*}/$PG_DB"
mkdir -p "$OUT"

if [ -z "${BIN:-}" ]; then
  cargo build --release -p entente-cli --quiet
  BIN="${CARGO_TARGET_DIR:-target}/release/entente"
fi

echo "machine: $(nproc) cpu, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr)"
echo "binary: $BIN ($(cd "$(dirname "$0")" && git rev-parse --short HEAD 2>/dev/null || echo '?'))"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"

median() { sort -g | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }

# The history: ROWS GDELT 2.0 events over DAYS days ending in 2025, the same bytes every time.
f="$OUT/gdelt2_history_${ROWS}.CSV"
if [ ! -f "$f" ]; then
  echo "generating $f ($ROWS rows over $DAYS days)"
  "$BIN" events generate --format gdelt2 --rows "$ROWS" --seed 2026 --from 2005-01-03 --days "$DAYS" -o "$f"
fi
size=$(stat -c %s "$f")
gb=$(awk -v s="$size" 'BEGIN {printf "%.3f", s / 1e9}')
echo "history: $f, $size bytes ($gb GB)"
cat "$f" > /dev/null   # warm the page cache

# bench BACKEND URL: import into an empty database, then detect RUNS times.
bench() {
  local be=$1 url=$2 log="$OUT/$1.log"
  : > "$log"
  "$BIN" --database "$url" --data-dir "$OUT/data-$be" migrate >> "$log" 2>&1
  local empty=0
  if [ "$be" = sqlite ]; then
    sqlite3 "${url#sqlite://}" "PRAGMA wal_checkpoint(TRUNCATE);" > /dev/null
    empty=$(stat -c %s "${url#sqlite://}")
  fi
  /usr/bin/time -f "%e s %M KB" -o "$OUT/.t" \
    "$BIN" --database "$url" --data-dir "$OUT/data-$be" events import "$f" --format gdelt2 >> "$log" 2>&1
  local imp_s imp_kb write_s
  read -r imp_s _ imp_kb _ < "$OUT/.t"
  write_s=$(grep -o 'seconds=[0-9.]*' "$log" | tail -1 | cut -d= -f2)
  local stored
  if [ "$be" = sqlite ]; then
    sqlite3 "${url#sqlite://}" "PRAGMA wal_checkpoint(TRUNCATE);" > /dev/null
    stored=$(( $(stat -c %s "${url#sqlite://}") - empty ))
  else
    stored=$(psql -qtA "$url" -c "SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c
      JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind = 'r' AND n.nspname = 'public'
        AND (c.relname LIKE 'event\_%' OR c.relname LIKE 'alert%')")
  fi
  echo "$be import: $imp_s s wall ($(awk -v s="$size" -v t="$imp_s" 'BEGIN {printf "%.0f", s / 1e6 / t}') MB/s), \
max RSS $((imp_kb / 1024)) MiB, write transaction ${write_s:-?} s \
($(awk -v w="${write_s:-0}" -v g="$gb" 'BEGIN {printf "%.1f", w / g}') s/GB), \
stored $((stored / 1000000)) MB ($(awk -v s="$stored" -v g="$gb" 'BEGIN {printf "%.0f", s / 1e6 / g}') MB per GB imported)"
  local rows
  rows=$(grep -o '[0-9]* accepted' "$log" | head -1)
  echo "$be import: $rows rows"
  rm -f "$OUT/$be.detect" "$OUT/$be.groupby"
  local groupby="SELECT cell_id, week, SUM(events), SUM(fatalities) FROM event_count GROUP BY cell_id, week"
  for _ in $(seq "$RUNS"); do
    if [ "$be" = sqlite ]; then
      /usr/bin/time -f "%e s %M KB %U %S" -o "$OUT/.t" sqlite3 "${url#sqlite://}" "$groupby" > /dev/null
    else
      /usr/bin/time -f "%e s %M KB %U %S" -o "$OUT/.t" psql -qtA "$url" -c "$groupby" > /dev/null
    fi
    cat "$OUT/.t" >> "$OUT/$be.groupby"
  done
  echo "$be former GROUP BY alone (client: sqlite3/psql): median $(awk '{print $1}' "$OUT/$be.groupby" | median) s wall"
  for _ in $(seq "$RUNS"); do
    /usr/bin/time -f "%e s %M KB %U %S" -o "$OUT/.t" \
      "$BIN" --database "$url" --data-dir "$OUT/data-$be" events detect > "$OUT/$be.detect.out" 2>> "$log"
    cat "$OUT/.t" >> "$OUT/$be.detect"
  done
  local s kb
  s=$(awk '{print $1}' "$OUT/$be.detect" | median)
  kb=$(awk '{print $3}' "$OUT/$be.detect" | median)
  echo "$be detect: median $s s wall, $((${kb%.*} / 1024)) MiB max RSS, $(awk '{print $5 + $6}' "$OUT/$be.detect" | median) CPU s (runs: $(awk '{printf "%s s/%d MiB/%.2f CPU s  ", $1, $3/1024, $5+$6}' "$OUT/$be.detect"))"
  echo "$be detect: $(tail -1 "$OUT/$be.detect.out")"
}

if [ "$WHICH" = sqlite ] || [ "$WHICH" = both ]; then
  rm -rf "$OUT/data-sqlite" && mkdir -p "$OUT/data-sqlite"
  bench sqlite "sqlite://$OUT/data-sqlite/bench.db"
  [ "${KEEP:-0}" = 1 ] || rm -rf "$OUT/data-sqlite"
fi
if [ "$WHICH" = postgres ] || [ "$WHICH" = both ]; then
  psql -q "$PG_ADMIN_URL" -c "DROP DATABASE IF EXISTS $PG_DB" -c "CREATE DATABASE $PG_DB"
  bench postgres "$PG_URL"
  [ "${KEEP:-0}" = 1 ] || psql -q "$PG_ADMIN_URL" -c "DROP DATABASE IF EXISTS $PG_DB"
fi
[ "${KEEP:-0}" = 1 ] || rm -f "$f"
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
