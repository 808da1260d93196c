#!/usr/bin/env bash
# The README's test command: on a fresh Debian machine, install everything the tests need
# (Debian's chromium, Node's npm, a Python virtual environment with the test extra, the npm test
# tools), lint (ruff and eslint), then run the whole suite. .ci/run calls exactly this.
#
# Usage: bash tools/test.sh                   everything
#        bash tools/test.sh -m "not browser"  pytest arguments are passed on (the fast path)
# Exit status: non-zero when an install, the lint or a test fails (and when no test ran).
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
apt_updated=""
apt_install() {
  export DEBIAN_FRONTEND=noninteractive
  if [ -z "$apt_updated" ]; then as_root apt-get update -qq; apt_updated=1; fi
  as_root apt-get install -y -qq "$@" >/dev/null
}

echo "== system packages (Debian chromium for the browser tests, Node.js and npm for the test tools)"
if [ ! -x "${GUTWIDGETS_CHROMIUM:-/usr/bin/chromium}" ]; then apt_install chromium; fi
if ! command -v npm >/dev/null 2>&1; then apt_install nodejs npm; fi
"${GUTWIDGETS_CHROMIUM:-/usr/bin/chromium}" --version
echo "node $(node --version), npm $(npm --version)"

echo "== python environment (.venv, pip, the test extra)"
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e ".[test]"
.venv/bin/python -m pip list 2>/dev/null | grep -iE "^(voila|ipywidgets|anywidget|jupyter_server|numpy|playwright|ruff) " || true

echo "== test tools from npm (axe-core, eslint, ...: never served to users)"
npm install --prefix tests/browser/npm --no-audit --no-fund --loglevel=error
test -f tests/browser/npm/node_modules/axe-core/axe.min.js
echo "== the static copy's widget renderer build (esbuild; the suite checks the committed bundle is current)"
npm ci --prefix tools/widget_manager --no-audit --no-fund --loglevel=error

export PATH="$PWD/.venv/bin:$PATH"
echo "== lint: ruff (Python), eslint (the widgets' ES modules and the templates' scripts)"
python -m ruff check .
npm run --silent lint --prefix tests/browser/npm

echo "== tests: python -m pytest $*"
set +e
python -m pytest --durations=25 "$@"   # the slowest 25, for whoever trims the run time
status=$?
set -e
if [ "$status" -eq 5 ]; then
  echo "no tests were collected: failing" >&2
  exit 1
fi
exit "$status"
