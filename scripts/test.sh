#!/usr/bin/env bash
# The one test command (npm test): installs what a fresh clone lacks, builds the app, runs the
# static checks and every Vitest project, and ends with the line "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
export TZ=Asia/Shanghai

fail() { echo "$1" >&2; echo "0 passed, 1 failed"; exit 1; }

[[ -d node_modules/.bin ]] || npm ci --no-audit --no-fund || fail "npm ci failed"
bash scripts/ensure-browser.sh || fail "Chromium is missing (see the command above)"
npm run --silent demo-data || fail "could not generate the demo data"
npx vite build --logLevel warn || fail "vite build failed"

checks_failed=0
if npm run --silent check; then echo "static checks: ok"; else checks_failed=1; echo "static checks: FAILED"; fi

mkdir -p tests/.out
rm -f tests/.out/vitest.json
npx vitest run --reporter=default --reporter=json --outputFile.json=tests/.out/vitest.json "$@"
vitest_status=$?

node -e '
  const fs = require("fs");
  const f = "tests/.out/vitest.json";
  const r = fs.existsSync(f) ? JSON.parse(fs.readFileSync(f, "utf8")) : { numPassedTests: 0, numFailedTests: 1 };
  const checks = Number(process.argv[1]);
  const passed = r.numPassedTests + (checks ? 0 : 1);
  const failed = r.numFailedTests + checks + (r.numTotalTests === 0 ? 1 : 0);
  console.log(`${passed} passed, ${failed} failed`);
' "$checks_failed"
[[ $vitest_status -eq 0 && $checks_failed -eq 0 ]]
