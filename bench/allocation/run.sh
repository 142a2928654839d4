#!/usr/bin/env bash
# Side-by-side benchmark of the allocation engine against OR-Tools SimpleMinCostFlow and the same
# problem as an LP in HiGHS (scipy), on the same generated instances, optimal costs checked equal.
#
#   bench/allocation/run.sh                 # PCM and x100 scales, seed 1
#   SCALES=pcm SEED=7 bench/allocation/run.sh
#   HIGHS_X100=0 bench/allocation/run.sh    # skip the (slow) HiGHS run at x100 scale
#
# Creates bench/.venv (git-ignored) and installs the peers with pip; writes bench/out/ (git-ignored).
set -euo pipefail
cd "$(dirname "$0")/../.."

SEED="${SEED:-1}"
SCALES="${SCALES:-pcm x100}"
HIGHS_X100="${HIGHS_X100:-1}"
HIGHS_TIMEOUT="${HIGHS_TIMEOUT:-1200}"   # seconds per HiGHS run before it is recorded as timed out
OUT="$PWD/bench/out"
mkdir -p "$OUT"

if [ ! -x bench/.venv/bin/python ]; then
    python3 -m venv bench/.venv
fi
bench/.venv/bin/pip install --quiet --disable-pip-version-check ortools scipy numpy
PY=bench/.venv/bin/python

for scale in $SCALES; do
    case "$scale" in
        x100) reps=5; peer_reps=3 ;;
        *) reps=11; peer_reps=5 ;;
    esac
    echo "== $scale (seed $SEED)"
    cargo bench --quiet -p entente-allocation --bench allocation -- --scale "$scale" --seed "$SEED" --reps "$reps" --out "$OUT"
    net="$OUT/$scale-$SEED.net"
    "$PY" bench/allocation/peers.py "$net" ortools "$peer_reps" > "$OUT/$scale-$SEED.ortools.json"
    if [ "$scale" != x100 ] || [ "$HIGHS_X100" = 1 ]; then
        highs_reps=3
        [ "$scale" = x100 ] && highs_reps=1
        if ! timeout "$((HIGHS_TIMEOUT * highs_reps))" "$PY" bench/allocation/peers.py "$net" highs "$highs_reps" > "$OUT/$scale-$SEED.highs.json"; then
            echo "{\"solver\": \"highs\", \"timed_out_s\": $HIGHS_TIMEOUT}" > "$OUT/$scale-$SEED.highs.json"
        fi
    fi
done

"$PY" bench/allocation/compare.py "$OUT" "$SEED" $SCALES
