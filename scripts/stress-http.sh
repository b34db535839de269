#!/usr/bin/env bash
# HTTP under test and load (issue 13): schemathesis against the running server with openapi.yaml
# (once as a sales rep, once as an admin), then wrk at 256 connections on a read route and on
# order intake. Builds nothing: O2C=path/to/o2c (default .build/debug/o2c).
#   scripts/stress-http.sh [--json]
# Environment: HTTP_EXAMPLES (schemathesis examples per operation, default 100), WRK_SECONDS
# (default 60), WRK_CONNECTIONS (default 256), KEEP_LOGS=1 (keep the temporary folder and its logs).
# Prints the figures; with --json its last stdout line is {"check":"http","passed":...,"figures":{...}}.
# Exits non-zero when a check fails. The server is always stopped.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
JSON=0; [ "${1:-}" = "--json" ] && JSON=1
O2C=$(realpath "${O2C:-.build/debug/o2c}")
EXAMPLES=${HTTP_EXAMPLES:-100}
WRK_SECONDS=${WRK_SECONDS:-60}
CONNECTIONS=${WRK_CONNECTIONS:-256}
SCHEMATHESIS_VERSION=4.32.5
say() { if [ $JSON = 1 ]; then echo "$@" >&2; else echo "$@"; fi; }
[ -x "$O2C" ] || { echo "no o2c at $O2C (build it, or set O2C=path/to/o2c)" >&2; exit 2; }

# What it needs: wrk (Debian) and schemathesis (PyPI, in .venv-stress/).
if ! command -v wrk >/dev/null; then
  [ "$(id -u)" = 0 ] || { echo "wrk is missing: sudo apt-get install wrk" >&2; exit 2; }
  (apt-get install -y -qq wrk || (apt-get update -qq && apt-get install -y -qq wrk)) >/dev/null 2>&1 || { echo "apt-get install wrk failed" >&2; exit 2; }
fi
if [ ! -x .venv-stress/bin/schemathesis ]; then
  (python3 -m venv .venv-stress && .venv-stress/bin/pip install -q --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION") >/dev/null 2>&1 \
    || { echo "could not install schemathesis into .venv-stress (needs python3-venv and PyPI)" >&2; exit 2; }
fi
PY=$ROOT/.venv-stress/bin/python

TMP=$(mktemp -d /tmp/o2c-stress-http.XXXXXX)
SERVER=""
stop() {
  if [ -n "$SERVER" ] && kill -0 "$SERVER" 2>/dev/null; then
    kill -TERM "$SERVER" 2>/dev/null
    for _ in $(seq 50); do kill -0 "$SERVER" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$SERVER" 2>/dev/null
    wait "$SERVER" 2>/dev/null
  fi
  SERVER=""
}
trap 'stop; [ -n "${KEEP_LOGS:-}" ] && echo "logs kept in $TMP" >&2 || rm -rf "$TMP"' EXIT
trap 'exit 130' INT TERM

DB=$TMP/ledger.sqlite
# The home folder: a copy of the shipped policy (guardrails, agents, prompts, dunning levels), so
# that o2c serve and its worker write (outbox) into the temporary folder, not into the checkout.
cp -r guardrails agents prompts dunning "$TMP"/
export O2C_HOME=$TMP
cd "$TMP"
jfield() { "$PY" -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
"$O2C" init --demo --db "$DB" > /dev/null || { echo "o2c init --demo failed" >&2; exit 1; }
REP=$("$O2C" customers show C-001 --json --db "$DB" | jfield 'd["owner"]')
REP_TOKEN=$("$O2C" users token "$REP" --json --db "$DB" | jfield 'd["token"]')
ADMIN_TOKEN=$("$O2C" users add stress-admin --role admin --json --db "$DB" | jfield 'd["token"]')
ORDER=$("$O2C" orders list --json --db "$DB" | jfield 'next(o["id"] for o in d if o["customer_id"] == "C-001")')
[ -n "$REP_TOKEN" ] && [ -n "$ADMIN_TOKEN" ] && [ -n "$ORDER" ] || { echo "could not set up users and an order" >&2; exit 1; }

"$O2C" serve --port 0 --rate-limit 0 --db "$DB" > "$TMP/serve.log" 2>&1 &
SERVER=$!
URL=""
for _ in $(seq 100); do
  URL=$(grep -o 'http://[^ ]*' "$TMP/serve.log" | head -1)
  [ -n "$URL" ] && break
  kill -0 "$SERVER" 2>/dev/null || break
  sleep 0.2
done
[ -n "$URL" ] || { cat "$TMP/serve.log" >&2; echo "o2c serve did not start" >&2; exit 1; }
say "server: $URL (ledger $DB, rep $REP, order $ORDER)"

# schemathesis: every operation but POST /v1/ask (it needs a model; without one it is the
# documented 503 no_model), as the rep and as the admin.
fuzz_api() {
  local who=$1 token=$2
  "$ROOT/.venv-stress/bin/schemathesis" run "$ROOT/openapi.yaml" --url "$URL" -H "Authorization: Bearer $token" \
    --checks not_a_server_error,response_schema_conformance,status_code_conformance,content_type_conformance \
    --exclude-path /v1/ask --max-examples "$EXAMPLES" --seed 13 --workers 2 --no-color --suppress-health-check all \
    --report junit --report-junit-path "$TMP/$who.xml" > "$TMP/schemathesis-$who.log" 2>&1
  # Failures per check, from the JUnit report.
  "$PY" - "$TMP/$who.xml" <<'PYEOF'
import sys, re, json, xml.etree.ElementTree as ET
counts = {}
try:
    root = ET.parse(sys.argv[1]).getroot()
    for case in root.iter("testcase"):
        for f in case.iter("failure"):
            titles = set(re.findall(r"^- (?:ST\d+ )?(.+?)\s*$", f.text or "", re.M)) or {"other"}
            for t in titles: counts[t] = counts.get(t, 0) + 1
        for f in case.iter("error"):
            # The tool's own errors (not a response of the server) are counted apart.
            counts["schemathesis error (not a failure)"] = counts.get("schemathesis error (not a failure)", 0) + 1
except Exception as e:
    counts["report unreadable"] = 1
print(json.dumps(counts))
PYEOF
}
say "schemathesis as the sales rep ($EXAMPLES examples per operation) ..."
REP_FAILS=$(fuzz_api rep "$REP_TOKEN")
say "  failures: $REP_FAILS (log: schemathesis-rep.log)"
say "schemathesis as the admin ..."
ADMIN_FAILS=$(fuzz_api admin "$ADMIN_TOKEN")
say "  failures: $ADMIN_FAILS"

load() {
  local name=$1 method=$2 path=$3 body=${4:-}
  O2C_TOKEN=$REP_TOKEN O2C_METHOD=$method O2C_PATH=$path O2C_BODY=$body O2C_RUN=$$ \
    wrk -t2 -c"$CONNECTIONS" -d"${WRK_SECONDS}s" --timeout 10s -s "$ROOT/scripts/stress-http.lua" "$URL" > "$TMP/wrk-$name.log" 2>&1
  grep '^{' "$TMP/wrk-$name.log" | tail -1
}
say "wrk: GET /v1/orders/$ORDER, $CONNECTIONS connections, ${WRK_SECONDS}s ..."
READ=$(load read GET "/v1/orders/$ORDER")
say "  $READ"
say "wrk: POST /v1/orders, $CONNECTIONS connections, ${WRK_SECONDS}s ..."
WRITE=$(load intake POST /v1/orders '{"customer_id":"C-001","lines":[{"sku":"WID-100","quantity":1}]}')
say "  $WRITE"
kill -0 "$SERVER" 2>/dev/null; ALIVE=$?
stop

SUMMARY=$("$PY" - "$REP_FAILS" "$ADMIN_FAILS" "${READ:-{\}}" "${WRITE:-{\}}" "$ALIVE" <<'PYEOF'
import json, sys
rep, admin, read, write = (json.loads(a or "{}") for a in sys.argv[1:5])
tool = "schemathesis error (not a failure)"
failures = lambda counts: {k: v for k, v in counts.items() if k != tool}
alive = sys.argv[5] == "0"
def clean(w): return bool(w) and w.get("non_2xx", 1) == 0 and w.get("socket_errors", 1) == 0
passed = not failures(rep) and not failures(admin) and clean(read) and clean(write) and alive
print(json.dumps({"check": "http", "passed": passed, "figures": {
    "schemathesis_rep_failures": rep, "schemathesis_admin_failures": admin,
    "read": read, "intake": write, "server_alive_after_load": alive}}))
PYEOF
)
if [ $JSON = 0 ]; then
  echo "$SUMMARY" | "$PY" -c '
import json, sys
d = json.load(sys.stdin); f = d["figures"]
print("schemathesis failures (rep):", f["schemathesis_rep_failures"] or 0)
print("schemathesis failures (admin):", f["schemathesis_admin_failures"] or 0)
for k in ("read", "intake"):
    w = f[k]
    print("wrk %s: %s req/s, p99 %s ms, non-2xx %s, socket errors %s" % (k, w.get("requests_per_second"), w.get("p99_ms"), w.get("non_2xx"), w.get("socket_errors")))
print("passed" if d["passed"] else "FAILED")'
else
  echo "$SUMMARY"
fi
echo "$SUMMARY" | grep -q '"passed": true'
