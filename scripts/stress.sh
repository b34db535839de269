#!/usr/bin/env bash
# make stress: build o2c and o2c-stress (debug; O2C_BUILD=release for release), run the stress
# drivers in order — crash, faults, hostile (when built), the HTTP script (when present) — and
# print one summary table from the JSON line each prints last. Exit 1 when one that ran failed.
# Knobs: STRESS_CRASH_ORDERS (default 2000), STRESS_CRASH_KILLS (20), STRESS_SEED (1).
set -uo pipefail
cd "$(dirname "$0")/.."
config=${O2C_BUILD:-debug}
flags=()
[ "$config" = release ] && flags=(-c release)
echo "building o2c and o2c-stress ($config)..."
swift build "${flags[@]}" --product o2c >/dev/null 2>&1 && swift build "${flags[@]}" --product o2c-stress >/dev/null 2>&1 || {
  echo "build failed: run swift build ${flags[*]} to see why" >&2; exit 1; }
bin=$(swift build "${flags[@]}" --show-bin-path 2>/dev/null)
export PATH="$bin:$PATH"
logs=.build/stress
mkdir -p "$logs"
summary="$logs/summary.jsonl"
: > "$summary"

# run NAME COMMAND...: runs it, keeps its output in .build/stress/NAME.log, records its last line and time.
run() {
  local name=$1; shift
  echo "== $name: $*"
  local start end line rc
  start=$(date +%s.%N)
  "$@" > "$logs/$name.log" 2> "$logs/$name.err"
  rc=$?
  end=$(date +%s.%N)
  line=$(tail -n 1 "$logs/$name.log")
  python3 - "$name" "$rc" "$start" "$end" "$line" >> "$summary" <<'PY'
import json, sys
name, rc, start, end, line = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), sys.argv[5]
try:
    obj = json.loads(line)
    assert isinstance(obj, dict)
except Exception:
    obj = {"check": name, "passed": False, "figures": {"error": "no JSON summary line (exit %d)" % rc}}
if rc != 0: obj["passed"] = False
obj["seconds"] = round(end - start, 1)
obj["ran"] = True
print(json.dumps(obj))
PY
  tail -n 3 "$logs/$name.err" 2>/dev/null | sed 's/^/   /'
}
skip() { echo "== $1: skipped (not built)"; echo "{\"check\": \"$1\", \"ran\": false}" >> "$summary"; }

run crash o2c-stress crash --orders "${STRESS_CRASH_ORDERS:-2000}" --kills "${STRESS_CRASH_KILLS:-20}" --seed "${STRESS_SEED:-1}" --json
for driver in faults hostile; do
  # 'help NAME' of a subcommand that is not built prints the root help (exit 0): look for its usage line.
  if o2c-stress help "$driver" 2>/dev/null | grep -q "USAGE: o2c-stress $driver"; then run "$driver" o2c-stress "$driver" --json; else skip "$driver"; fi
done
if [ -x scripts/stress-http.sh ]; then run http scripts/stress-http.sh --json; else skip http; fi

python3 - "$summary" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
print()
print("%-10s %-8s %8s  %s" % ("check", "passed", "seconds", "figures"))
failed = False
for r in rows:
    if not r.get("ran"):
        print("%-10s %-8s %8s  %s" % (r["check"], "-", "-", "skipped (not built)"))
        continue
    ok = r.get("passed") is True
    failed |= not ok
    figs = r.get("figures", {})
    text = ", ".join("%s=%s" % (k, v) for k, v in list(figs.items())[:9])
    print("%-10s %-8s %8.1f  %s" % (r.get("check", "?"), "yes" if ok else "NO", r.get("seconds", 0), text))
print()
print("logs: .build/stress/*.log")
sys.exit(1 if failed else 0)
PY
