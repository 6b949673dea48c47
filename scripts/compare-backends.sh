#!/usr/bin/env bash
# Times every available backend on the shared MPS instances and on small Iris training runs, and prints a Markdown
# table (docs/benchmarks.md's). Usage: scripts/compare-backends.sh [TIME_LIMIT_SECONDS] (default 600). Runs one solve at a
# time, so timings are not disturbed by each other. Until `milpnet bench --suite backends` exists, this is it.
set -euo pipefail
cd "$(dirname "$0")/.."
limit="${1:-600}"
backends=(ortools-scip ortools-cbc ortools-highs lpsolve ojalgo)
instances=(afiro p0033 egout stein27 flugpl)
runs=(
  "iris8 dense:1|--data examples/iris-train-8-per-class.csv --arch dense:1"
  "iris8 dense:2, margin 0.1|--data examples/iris-train-8-per-class.csv --arch dense:2 --margin 0.1"
  "iris8 dense:2|--data examples/iris-train-8-per-class.csv --arch dense:2"
)
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
./milpnet solvers >/dev/null # builds the jar once, outside the timings

cell() { # status objective seconds -> "objective (seconds s)" or "STATUS after seconds s"
  python3 -c '
import json,sys
try:
    d=json.load(open(sys.argv[1]))
except (OSError, ValueError):
    print("failed (no summary)"); sys.exit(0)
sec=d.get("solveSeconds", d.get("seconds"))
obj=d.get("objective")
status=d["status"]
if status=="OPTIMAL": print(f"{obj:.10g} ({sec:.1f} s)")
elif status=="FEASIBLE": print(f"FEASIBLE {obj:.10g}, no proof in {sec:.0f} s")
else: print(f"{status} after {sec:.0f} s")' "$1"
}

printf '| instance |'; for b in "${backends[@]}"; do printf ' %s |' "$b"; done; echo
printf '|---|'; for b in "${backends[@]}"; do printf -- '---|'; done; echo
for i in "${instances[@]}"; do
  printf '| %s |' "$i"
  for b in "${backends[@]}"; do
    rm -f "$tmp/s.json"
    ./milpnet solve "core/src/test/resources/mps/$i.mps" --backend "$b" --time-limit "$limit" --gap 1e-9 --json \
      >"$tmp/s.json" 2>/dev/null || true
    printf ' %s |' "$(cell "$tmp/s.json")"
  done
  echo
done
for r in "${runs[@]}"; do
  name="${r%%|*}"; args="${r#*|}"
  printf '| %s |' "$name"
  for b in "${backends[@]}"; do
    # shellcheck disable=SC2086
    ./milpnet train $args --backend "$b" --time-limit "$limit" --gap 0 --out "$tmp/run" >/dev/null 2>&1 || true
    printf ' %s |' "$(cell "$tmp/run/summary.json")"
    rm -rf "$tmp/run"
  done
  echo
done
