#!/usr/bin/env bash
# Fetches the axe-core accessibility checker once, for the browser journeys' accessibility pass
# (tests/browser/mobile.rs). axe-core is published on npm; its minified build also ships inside the
# PyPI package axe-playwright-python, which is what this takes (no Node needed): the wheel is
# downloaded with pip, without its dependencies, and only axe.min.js is kept, in target/axe/.
#
#   tools/axe.sh            # prints the path of axe.min.js
set -euo pipefail
cd "$(dirname "$0")/.."
DIR=target/axe
JS="$DIR/axe.min.js"
if [ ! -s "$JS" ]; then
  mkdir -p "$DIR/wheel"
  if [ ! -x "$DIR/venv/bin/pip" ]; then python3 -m venv "$DIR/venv"; fi
  "$DIR/venv/bin/pip" download -q --no-deps -d "$DIR/wheel" 'axe-playwright-python==0.1.8'
  python3 - "$DIR" <<'PY'
import glob, sys, zipfile
d = sys.argv[1]
wheel = sorted(glob.glob(f"{d}/wheel/axe_playwright_python-*.whl"))[-1]
with zipfile.ZipFile(wheel) as z:
    data = z.read("axe_playwright_python/axe.min.js")
assert data.startswith(b"/*! axe v4."), "not axe-core 4"
open(f"{d}/axe.min.js", "wb").write(data)
PY
fi
realpath "$JS"
