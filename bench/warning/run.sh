#!/usr/bin/env bash
# GDELT pipeline benchmark: entente vs Polars vs DuckDB on the same generated GDELT 2.0 files,
# from warm page cache, 2 threads each; counts are checked identical; medians of RUNS runs.
# Then the detection benchmark (250 countries x 10 categories x 20 years, all detectors).
#
# Usage: bench/warning/run.sh [SIZES]     SIZES defaults to "1 10" (GB); e.g. "1" for a quick run.
# Env:   RUNS (default 3), THREADS (default 2), OUT (default bench/out/warning), KEEP=1 keeps the files.
set -euo pipefail
cd "$(dirname "$0")/../.."
SIZES="${1:-1 10}"
RUNS="${RUNS:-3}"
THREADS="${THREADS:-2}"
OUT="${OUT:-bench/out/warning}"
mkdir -p "$OUT"

if [ ! -x bench/.venv/bin/python ]; then
  python3 -m venv bench/.venv
fi
bench/.venv/bin/pip install --quiet --disable-pip-version-check polars duckdb
PY=bench/.venv/bin/python

cargo build --release -p entente-cli --quiet
BIN=target/release/entente

echo "machine: $(nproc) cpu, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr), $(rustc --version)"
echo "peers: polars $($PY -c 'import polars; print(polars.__version__)'), duckdb $($PY -c 'import duckdb; print(duckdb.__version__)')"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"

median() { sort -g | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }

# time_cmd LABEL CMD...: appends "wall user+sys maxrss_kb" to $OUT/LABEL.times
time_cmd() {
  local label=$1; shift
  /usr/bin/time -f "%e %U %S %M" -o "$OUT/.t" "$@" 2>>"$OUT/$label.log" >/dev/null
  awk '{printf "%s %.2f %s\n", $1, $2+$3, $4}' "$OUT/.t" >> "$OUT/$label.times"
}

for gb in $SIZES; do
  f="$OUT/gdelt2_${gb}g.CSV"
  rows=$(( gb * 2470000 ))
  if [ ! -f "$f" ]; then
    echo "generating $f ($rows rows)"
    $BIN events generate --format gdelt2 --rows "$rows" --seed 2026 --from 2024-01-01 --days 366 -o "$f" --threads "$THREADS"
  fi
  size=$(stat -c %s "$f")
  cat "$f" > /dev/null   # warm the page cache
  for e in entente polars duckdb; do rm -f "$OUT/${e}_${gb}.times"; done
  for r in $(seq "$RUNS"); do
    time_cmd "entente_${gb}" $BIN events count "$f" --format gdelt2 --threads "$THREADS" -o "$OUT/entente_${gb}.csv"
    time_cmd "polars_${gb}" $PY bench/warning/peers.py polars "$f" "$OUT/polars_${gb}.csv" "$THREADS"
    time_cmd "duckdb_${gb}" $PY bench/warning/peers.py duckdb "$f" "$OUT/duckdb_${gb}.csv" "$THREADS"
  done
  for e in polars duckdb; do
    if cmp -s "$OUT/entente_${gb}.csv" "$OUT/${e}_${gb}.csv"; then
      echo "${gb} GB: counts identical: entente = $e ($(($(wc -l < "$OUT/entente_${gb}.csv") - 1)) groups)"
    else
      echo "${gb} GB: COUNTS DIFFER between entente and $e" >&2
      diff <(head -20 "$OUT/entente_${gb}.csv") <(head -20 "$OUT/${e}_${gb}.csv") >&2 || true
      exit 1
    fi
  done
  ew=$(cut -d' ' -f1 "$OUT/entente_${gb}.times" | median)
  printf "%-8s %6s %10s %10s %10s %12s\n" "${gb}GB" engine "wall s" "GB/s" "cpu s" "max RSS MiB"
  for e in entente polars duckdb; do
    w=$(cut -d' ' -f1 "$OUT/${e}_${gb}.times" | median)
    c=$(cut -d' ' -f2 "$OUT/${e}_${gb}.times" | median)
    m=$(cut -d' ' -f3 "$OUT/${e}_${gb}.times" | median)
    printf "%-8s %6s %10s %10.3f %10s %12.0f   x%.2f vs entente\n" "" "$e" "$w" "$(echo "$size / $w / 1000000000" | bc -l)" "$c" "$(echo "$m / 1024" | bc -l)" "$(echo "$w / $ew" | bc -l)"
  done
done

echo "detection benchmark:"
cargo bench -p entente-warning --bench detection --quiet 2>/dev/null | grep -v '^$'

if [ "${KEEP:-0}" != 1 ]; then
  rm -f "$OUT"/gdelt2_*g.CSV
fi
