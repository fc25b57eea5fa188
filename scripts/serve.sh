#!/usr/bin/env bash
# Serves the app with one background worker; stopping the server stops the worker.
set -euo pipefail
py=.venv/bin/python
port=${HUIKUAN_PORT:-8000}
$py -m huikuan scheduler-start
$py -m huikuan db_worker --queue-name '*' --no-reload &
worker=$!
# The evidence log's sequencer: integrates pending entries in batches at most 1 s apart.
$py -m huikuan log sequence --loop &
sequencer=$!
trap 'kill $worker $sequencer 2>/dev/null || true' EXIT INT TERM
echo "Serving on http://127.0.0.1:$port (Ctrl+C stops the server and its worker)"
$py -m huikuan runserver "127.0.0.1:$port" --noreload
