#!/usr/bin/env bash
# Installs the Python tools the test suite runs (schemathesis, which checks the JSON API against its OpenAPI
# document) when they are missing: into a virtual environment under .build/tools, so neither the system's Python
# (which Debian 12 marks as externally managed) nor the user's is changed. The tests look there and in $PATH.
set -euo pipefail
cd "$(dirname "$0")/.."
tools=.build/tools
schemathesis_version=4.32.5

if command -v schemathesis >/dev/null 2>&1 || [ -x "$tools/bin/schemathesis" ]; then exit 0; fi
if ! python3 -m venv --help >/dev/null 2>&1; then
    scripts/install-deps.sh python3-venv
fi
echo "installing schemathesis $schemathesis_version into $tools" >&2
python3 -m venv "$tools"
"$tools/bin/pip" install -q "schemathesis==$schemathesis_version"
