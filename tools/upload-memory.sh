#!/usr/bin/env bash
# The server's memory while documents are uploaded at once: starts the demo on a local port, signs
# in as the staff officer and sends N (default 6) documents of SIZE MiB (default 19) to one meeting
# concurrently, then prints the server's resident memory before and its peak (VmHWM) after.
# FILES_DIR=DIR keeps the documents in a directory instead of the database.
#
#   tools/upload-memory.sh
#   N=12 SIZE=19 FILES_DIR=/tmp/entente-files tools/upload-memory.sh
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${PORT:-18791}
N=${N:-6}
SIZE=${SIZE:-19}
cargo build --locked -q --bin entente
DIR=$(mktemp -d)
LOG="$DIR/demo.log"
if [ -n "${FILES_DIR:-}" ]; then export ENTENTE_FILES_DIR=$FILES_DIR; fi
ENTENTE_PORT=$PORT target/debug/entente demo --data-dir "$DIR" >"$LOG" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true; wait $PID 2>/dev/null || true; rm -rf "$DIR"' EXIT
for _ in $(seq 1 300); do grep -q "running at" "$LOG" && break; kill -0 $PID 2>/dev/null || break; sleep 1; done
grep -q "running at" "$LOG" || { cat "$LOG"; echo "the demo did not start"; exit 1; }
BASE="http://127.0.0.1:$PORT"
JAR="$DIR/jar"
pw=$(awk '$1 == "staff.officer" { print $4; exit }' "$LOG")
csrf=$(curl -sf -c "$JAR" -b "$JAR" "$BASE/login" | grep -o 'name="csrf" value="[^"]*"' | head -1 | sed 's/.*value="//;s/"//')
curl -sf -c "$JAR" -b "$JAR" -o /dev/null -d "csrf=$csrf&username=staff.officer&password=$pw&next=/" "$BASE/login"
# A meeting whose page offers the document form.
meeting=""
for m in $(curl -sf -b "$JAR" "$BASE/meetings" | grep -o 'href="/meetings/[0-9]*"' | sed 's/.*meetings\///;s/"//' | sort -u); do
  page=$(curl -sf -b "$JAR" "$BASE/meetings/$m")
  if grep -q "/meetings/$m/documents" <<<"$page"; then
    meeting=$m
    csrf=$(grep -o 'name="csrf" value="[^"]*"' <<<"$page" | head -1 | sed 's/.*value="//;s/"//')
    break
  fi
done
[ -n "$meeting" ] || { echo "no meeting offers the document form"; exit 1; }
{ printf '%%PDF-1.7\n'; head -c $((SIZE * 1024 * 1024 - 9)) /dev/urandom; } >"$DIR/big.pdf"
rss() { awk -v k="$1:" '$1 == k { print int($2 / 1024) }' "/proc/$PID/status"; }
before=$(rss VmRSS)
# Count the peak from here (writing 5 to clear_refs resets VmHWM).
echo 5 >"/proc/$PID/clear_refs" 2>/dev/null || echo "(could not reset the peak: it may include start-up)"
start=$(date +%s.%N)
pids=()
for i in $(seq 1 "$N"); do
  curl -s -o /dev/null -w '%{http_code}\n' -b "$JAR" \
    -F audience=staff -F "title=upload $i" -F "file=@$DIR/big.pdf;filename=big-$i.pdf" \
    "$BASE/meetings/$meeting/documents?csrf=$csrf" >"$DIR/status-$i" &
  pids+=($!)
done
wait "${pids[@]}"
end=$(date +%s.%N)
ok=$(cat "$DIR"/status-* | grep -c '^303$' || true)
echo "storage: ${FILES_DIR:-database}; $N uploads of $SIZE MiB to meeting $meeting: $ok accepted in $(echo "$end - $start" | bc) s"
echo "server resident memory: ${before} MiB before, peak $(rss VmHWM) MiB (VmHWM), now $(rss VmRSS) MiB"
