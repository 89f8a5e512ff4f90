#!/usr/bin/env bash
# The one test command (npm test): installs what a fresh clone lacks, builds the app, runs every
# Vitest project and the static checks, and ends with the line "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
export TZ=Asia/Shanghai

fail() { echo "$1" >&2; echo "0 passed, 1 failed"; exit 1; }

[[ -d node_modules/.bin ]] || npm ci --no-audit --no-fund || fail "npm ci failed"
bash scripts/ensure-browser.sh || fail "Chromium is missing (see the command above)"
npm run --silent demo-data || fail "could not generate the demo data"
npx vite build --logLevel warn || fail "vite build failed"

mkdir -p tests/.out
rm -f tests/.out/vitest-*.json tests/.out/e2e*.log tests/.out/sql-late.log
# The browser tests (one file at a time: each drives its own Chromium) run beside the others,
# one after the other they took twice as long. They run in a Vitest run in the background while
# the SQL tests take most of the machine, then the files of `late` once it ends; the files of
# `after_checks` run in the foreground once the SQL tests and the static checks end, beside `late`
# (a stream that ends early leaves a core idle: the SQL stream ended two minutes before the
# browser tests when it had nothing after the checks).
# The SQL files of `sql_late` run in the background stream after `late`: without them it ended
# four minutes before the foreground one, a core idle meanwhile.
late=(tests/e2e/policy.test.ts tests/e2e/selection.test.ts)
after_checks=(tests/e2e/briefing.test.ts tests/e2e/flows.test.ts)
sql_late=(tests/sql/native.test.ts tests/sql/cohorts.test.ts)
split=()
sql_split=()
if [[ $# -eq 0 ]]; then
  for f in "${late[@]}" "${after_checks[@]}"; do split+=(--exclude "$f"); done
  for f in "${sql_late[@]}"; do sql_split+=(--exclude "$f"); done
fi
reporters=(--reporter=default --reporter=json --passWithNoTests)
# A run after the first shares its cache of CLI reports (tests/e2e/global-setup.ts).
e2e_run() {
  local name=$1
  shift
  E2E_LATE=1 npx vitest run --project e2e "${reporters[@]}" \
    --outputFile.json="tests/.out/vitest-$name.json" "$@" > "tests/.out/$name.log" 2>&1
}
(
  npx vitest run --project e2e "${split[@]}" "${reporters[@]}" \
    --outputFile.json=tests/.out/vitest-e2e.json "$@" > tests/.out/e2e.log 2>&1
  first=$?
  late_status=0
  sql_late_status=0
  if [[ $# -eq 0 ]]; then
    e2e_run e2e-late "${late[@]}"
    late_status=$?
    npx vitest run --project sql "${reporters[@]}" --outputFile.json=tests/.out/vitest-sql-late.json \
      "${sql_late[@]}" > tests/.out/sql-late.log 2>&1
    sql_late_status=$?
  fi
  [[ $first -eq 0 && $late_status -eq 0 && $sql_late_status -eq 0 ]]
) &
e2e_pid=$!
npx vitest run --project sql --project unit --project components "${sql_split[@]}" "${reporters[@]}" \
  --outputFile.json=tests/.out/vitest-rest.json "$@"
rest_status=$?
if npm run --silent check > tests/.out/checks.log 2>&1; then checks_failed=0; else checks_failed=1; fi
after_status=0
if [[ $# -eq 0 ]]; then
  e2e_run e2e-after "${after_checks[@]}"
  after_status=$?
fi
wait "$e2e_pid"
e2e_status=$?
cat tests/.out/checks.log
if [[ $checks_failed -eq 0 ]]; then echo "static checks: ok"; else echo "static checks: FAILED"; fi
echo "--- browser tests (e2e) ---"
cat tests/.out/e2e.log
if [[ $# -eq 0 ]]; then
  echo "--- browser tests (e2e), second run ---"
  cat tests/.out/e2e-late.log
  echo "--- browser tests (e2e), after the static checks ---"
  cat tests/.out/e2e-after.log
  echo "--- SQL tests run beside the browser tests ---"
  cat tests/.out/sql-late.log
fi

node -e '
  const fs = require("fs");
  const files = ["tests/.out/vitest-rest.json", "tests/.out/vitest-e2e.json"];
  if (process.argv[2] === "split")
    files.push(
      "tests/.out/vitest-e2e-late.json",
      "tests/.out/vitest-e2e-after.json",
      "tests/.out/vitest-sql-late.json",
    );
  const runs = files.map((f) => (fs.existsSync(f) ? JSON.parse(fs.readFileSync(f, "utf8")) : null));
  const checks = Number(process.argv[1]);
  let passed = checks ? 0 : 1;
  let failed = checks;
  for (const r of runs) {
    if (!r) failed += 1;
    else {
      passed += r.numPassedTests;
      failed += r.numFailedTests;
    }
  }
  if (runs.every((r) => r && r.numTotalTests === 0)) failed += 1;
  console.log(`${passed} passed, ${failed} failed`);
 ' "$checks_failed" "$([[ $# -eq 0 ]] && echo split)"
[[ $rest_status -eq 0 && $e2e_status -eq 0 && $after_status -eq 0 && $checks_failed -eq 0 ]]
