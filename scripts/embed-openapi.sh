#!/usr/bin/env bash
# Writes openapi/pairwatch-api.json (the API's document, edited by hand) into the Swift source the daemon serves it
# from, so the installed binary needs no resource files. `make openapi` runs it; a test fails when the two differ.
set -euo pipefail
cd "$(dirname "$0")/.."
source=openapi/pairwatch-api.json
target=Sources/Exporter/API/OpenAPIDocumentText.swift
python3 -c 'import json, sys; json.load(open(sys.argv[1]))' "$source"
if grep -q '"##' "$source"; then echo "$source holds \"##, which would end the Swift raw string" >&2; exit 1; fi
{
    echo '// SPDX-License-Identifier: Apache-2.0'
    echo "// Generated from $source by scripts/embed-openapi.sh (make openapi); edit the JSON file, not this one."
    echo
    echo 'extension OpenAPIDocument {'
    echo '    static let text = ##"""'
    sed 's/^/        /' "$source"
    echo '        """##'
    echo '}'
} >"$target"
echo "wrote $target"
