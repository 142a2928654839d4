#!/usr/bin/env bash
# Network import benchmark: generates network files of N rows (CRLF, like data/nato_network.csv) and
# times `entente network import --dry-run` on them with the release binary, twice per size:
#   empty     — dry run into an empty (migrated) SQLite database: every nation and period is new;
#   reimport  — dry run of the same file over a database that already holds it: every row is diffed.
# Prints the median wall time of RUNS runs and rows/s for each.
#
# Usage: bench/import/run.sh [ROWS...]     ROWS defaults to "7500 15000 30000 60000".
# Env:   RUNS (default 3), CASES (default "empty reimport"), OUT (default bench/out/import),
#        BIN (default target/release/entente, built).
set -euo pipefail
cd "$(dirname "$0")/../.."
SIZES="${*:-7500 15000 30000 60000}"
RUNS="${RUNS:-3}"
CASES="${CASES:-empty reimport}"
OUT="${OUT:-bench/out/import}"
mkdir -p "$OUT"
if [ -z "${BIN:-}" ]; then
  cargo build --release -p entente-cli --quiet
  BIN=target/release/entente
fi

echo "machine: $(nproc) cpu, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr), $(rustc --version)"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"

# generate ROWS FILE: four periods per nation (two in PfP, one in the Mediterranean Dialogue, one in
# the partners across the globe), codes AAA, AAB, … (17,576 three-letter codes: up to 70,304 rows).
generate() {
  awk -v rows="$1" 'BEGIN {
    ORS = "\r\n"
    print "code,name,kind,framework,joined,left,region,note"
    L = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    n = 0
    for (i = 0; n < rows; i++) {
      if (i >= 26 * 26 * 26) { print "too many rows for three-letter codes" > "/dev/stderr"; exit 1 }
      c = substr(L, int(i / 676) % 26 + 1, 1) substr(L, int(i / 26) % 26 + 1, 1) substr(L, i % 26 + 1, 1)
      name = "Nation " c; region = "Region " (i % 20)
      m = sprintf("%02d", i % 12 + 1); d = sprintf("%02d", i % 28 + 1)
      row[0] = c "," name ",partner_state,PFP,1994-" m "-" d ",2001-01-01," region ",first period"
      row[1] = c "," name ",partner_state,PFP,2005-" m ",," region ",\"second period, after a gap\""
      row[2] = c "," name ",partner_state,MD,1995-" m "-" d ",2015," region ","
      row[3] = c "," name ",partner_state,PAG,2016,," region ",partner across the globe"
      for (k = 0; k < 4 && n < rows; k++) { print row[k]; n++ }
    }
  }' > "$2"
}

median() { sort -g | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }

# dry_run LABEL DB FILE: one timed dry run, wall seconds appended to $OUT/LABEL.times
dry_run() {
  /usr/bin/time -f "%e" -o "$OUT/.t" "$BIN" network import --dry-run "$3" --database "$2" --log warn \
    >"$OUT/$1.log" 2>&1 || { cat "$OUT/$1.log" >&2; exit 1; }
  cat "$OUT/.t" >> "$OUT/$1.times"
}

printf '%8s  %-10s %10s %12s\n' rows case "median s" "rows/s"
for n in $SIZES; do
  f="$OUT/network_$n.csv"
  [ -f "$f" ] || generate "$n" "$f"
  for case in $CASES; do
    label="${case}_$n"
    rm -f "$OUT/$label.times"
    db="$OUT/$label.db"
    rm -f "$db" "$db-wal" "$db-shm"
    "$BIN" migrate --database "sqlite://$db" --log warn >/dev/null
    if [ "$case" = reimport ]; then
      "$BIN" network import "$f" --database "sqlite://$db" --log warn >/dev/null
    fi
    for _ in $(seq "$RUNS"); do dry_run "$label" "sqlite://$db" "$f"; done
    s=$(median < "$OUT/$label.times")
    printf '%8s  %-10s %10s %12s\n' "$n" "$case" "$s" "$(awk -v n="$n" -v s="$s" 'BEGIN { printf "%.0f", n / s }')"
  done
done
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
