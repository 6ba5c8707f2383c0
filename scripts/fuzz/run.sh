#!/usr/bin/env bash
# Fuzz Roster's live SCIM API with Schemathesis, driven by services/ingress/openapi/scim.yaml.
#
#   bash scripts/fuzz/run.sh [extra schemathesis run options, e.g. --include-path-regex '^/Groups']
#
# What it does, in order:
#   1. a Python venv in .local/fuzz-venv with a pinned Schemathesis (reused while the pin holds);
#   2. Redis + the store via scripts/services.sh (reused when already running, else started and
#      stopped again at the end), a fresh database and queue prefix just for this run;
#   3. a fresh account `fuzz-<random>` and a token for it (the `roster` CLI);
#   4. one ingress (loopback, $PORT) and one worker process; waits for GET /readyz = 200;
#   5. schemathesis run (examples, coverage, fuzzing, stateful phases; checks below) with a
#      bounded number of examples per operation, under a time budget; scripts/fuzz/hooks.py
#      mixes SCIM-grammar filters, attribute paths and PATCH operations into the generated data;
#   6. a summary (scripts/fuzz/summarize.py) of operations, test cases and every failure;
#   7. stops everything it started (EXIT trap) and drops the run's database.
#
# Output: .local/fuzz/<UTC timestamp>/ with schemathesis.log (the CLI output), junit.xml,
# events.ndjson.gz, report.json, summary.txt, ingress.log, worker.log. .local/fuzz/latest points at it.
# Exit status: 0 when no 5xx and no crash was found (response schema violations are reported
# but do not fail the run unless FUZZ_STRICT=1), 1 when one was, 2 when the campaign could not run
# or left operations untested (engine errors other than a known Schemathesis flake).
#
# Environment (all optional):
#   FUZZ_EXAMPLES=200     Schemathesis --max-examples (test cases per operation and phase)
#   FUZZ_BUDGET=600       seconds for the whole script; Schemathesis gets what setup leaves,
#                         minus FUZZ_TEARDOWN_RESERVE (30) for stopping everything
#   FUZZ_WORKERS=2        concurrent Schemathesis workers (2 cores: more only adds contention)
#   FUZZ_CHECKS=not_a_server_error,response_schema_conformance
#   FUZZ_PHASES=examples,coverage,fuzzing,stateful
#   FUZZ_MODE=all         positive, negative or all (Schemathesis --mode)
#   FUZZ_SEED=<random>    reproduce a run with the seed its summary prints
#   FUZZ_HOOKS=1          0: no grammar-aware data (scripts/fuzz/hooks.py), only what the spec allows
#   FUZZ_STRICT=0         1: schema violations also make the exit status non-zero
#   FUZZ_KEEP_DATA=0      1: keep the run's database (roster_fuzz_<random>) for inspection
#   FUZZ_KEEP_RUNS=5      report directories kept in .local/fuzz (older ones are deleted)
#   FUZZ_SPEC=services/ingress/openapi/scim.yaml   the OpenAPI document to drive the campaign
#   PORT=18080            ingress port (loopback only; 18080 so `npm start` on 8080 can keep running)
#   SCHEMATHESIS_VERSION  override the pin below
# shellcheck disable=SC2317 # the cleanup functions run from the EXIT trap; shellcheck cannot see that
set -euo pipefail

LOG_TAG=fuzz
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
cd "$ROSTER_ROOT"

# 4.32.5: the newest release when this was written; it installs on Python 3.11 (and 3.9+). The
# 3.x line (last 3.39.16) installs too but is in maintenance only; 4.x brings the coverage phase,
# stateful testing from OpenAPI links and the --phases/--report options used below.
SCHEMATHESIS_VERSION=${SCHEMATHESIS_VERSION:-4.32.5}
OPENAPI_SPEC_VALIDATOR_VERSION=0.9.0
SPEC=${FUZZ_SPEC:-services/ingress/openapi/scim.yaml}
VENV=$ROSTER_LOCAL/fuzz-venv
PORT=${PORT:-18080}
FUZZ_EXAMPLES=${FUZZ_EXAMPLES:-200}
FUZZ_BUDGET=${FUZZ_BUDGET:-600}
FUZZ_TEARDOWN_RESERVE=${FUZZ_TEARDOWN_RESERVE:-30}
FUZZ_WORKERS=${FUZZ_WORKERS:-2}
FUZZ_CHECKS=${FUZZ_CHECKS:-not_a_server_error,response_schema_conformance}
FUZZ_PHASES=${FUZZ_PHASES:-examples,coverage,fuzzing,stateful}
FUZZ_MODE=${FUZZ_MODE:-all}
FUZZ_SEED=${FUZZ_SEED:-$(((RANDOM << 15) | RANDOM))}
FUZZ_STRICT=${FUZZ_STRICT:-0}
FUZZ_HOOKS=${FUZZ_HOOKS:-1}
FUZZ_KEEP_DATA=${FUZZ_KEEP_DATA:-0}
FUZZ_KEEP_RUNS=${FUZZ_KEEP_RUNS:-5}

for var in PORT FUZZ_EXAMPLES FUZZ_BUDGET FUZZ_TEARDOWN_RESERVE FUZZ_WORKERS FUZZ_SEED FUZZ_KEEP_RUNS; do
	[[ ${!var} =~ ^[0-9]+$ ]] || die "$var must be a non-negative integer (got '${!var}')"
done
((FUZZ_EXAMPLES >= 1)) || die "FUZZ_EXAMPLES must be at least 1"
((FUZZ_WORKERS >= 1 && FUZZ_WORKERS <= 64)) || die "FUZZ_WORKERS must be 1-64"
((FUZZ_KEEP_RUNS >= 1)) || die "FUZZ_KEEP_RUNS must be at least 1"
[[ -f $SPEC ]] || die "$SPEC is missing"
command -v python3 >/dev/null 2>&1 || die "python3 is needed for Schemathesis ($(install_hint python3 python3))"
command -v curl >/dev/null 2>&1 || die "curl is needed ($(install_hint curl curl))"

START=$SECONDS
RUN_ID=$(date -u +%Y%m%dT%H%M%SZ)
SUFFIX=$(printf '%04x%04x' "$RANDOM" "$RANDOM")
OUT=$ROSTER_LOCAL/fuzz/$RUN_ID
# Keep the newest FUZZ_KEEP_RUNS-1 earlier runs (each holds ~15 MB of compressed events).
mapfile -t old_runs < <(find "$ROSTER_LOCAL/fuzz" -mindepth 1 -maxdepth 1 -type d -name '20*T*Z' 2>/dev/null | sort)
for ((i = 0; i < ${#old_runs[@]} - (FUZZ_KEEP_RUNS - 1); i++)); do rm -rf "${old_runs[i]}"; done
mkdir -p "$OUT"
ln -sfn "$RUN_ID" "$ROSTER_LOCAL/fuzz/latest"

STARTED_FILE=$(mktemp "${TMPDIR:-/tmp}/roster-fuzz-services.XXXXXX")
PIDS=()
NAMES=()
FUZZ_DB_URL=""

stop_children() {
	local pid
	((${#PIDS[@]})) || return 0
	terminate_pids "${PIDS[@]}"
	for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
	PIDS=()
	NAMES=()
}

drop_database() {
	[[ -n $FUZZ_DB_URL && $FUZZ_KEEP_DATA != 1 ]] || return 0
	timeout 30 node -e '
const { MongoClient } = require("mongodb");
const client = new MongoClient(process.argv[1], { serverSelectionTimeoutMS: 3000 });
client.connect()
  .then(() => client.db().dropDatabase())
  .then(() => client.close())
  .then(() => process.exit(0), (e) => { console.error(e.message); process.exit(1); });
' "$FUZZ_DB_URL" >/dev/null 2>&1 || log "could not drop the run database (left in place)"
}

cleanup() {
	local rc=$?
	trap - EXIT INT TERM
	stop_children
	drop_database
	stop_started_services "$STARTED_FILE"
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---------------------------------------------------------------- 1. venv

ensure_venv() {
	local have=""
	if [[ -x $VENV/bin/schemathesis ]]; then
		have=$("$VENV/bin/python" -c 'import importlib.metadata as m; print(m.version("schemathesis"))' 2>/dev/null || true)
	fi
	if [[ $have == "$SCHEMATHESIS_VERSION" ]] && "$VENV/bin/python" -c 'import openapi_spec_validator' 2>/dev/null; then
		return 0
	fi
	log "installing schemathesis==$SCHEMATHESIS_VERSION into $VENV (pip)"
	[[ -x $VENV/bin/python ]] || python3 -m venv "$VENV" ||
		die "python3 -m venv failed ($(install_hint python3-venv python3))"
	{
		"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip &&
			"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
				"schemathesis==$SCHEMATHESIS_VERSION" "openapi-spec-validator==$OPENAPI_SPEC_VALIDATOR_VERSION"
	} </dev/null >&2 || die "pip install schemathesis==$SCHEMATHESIS_VERSION failed"
}
ensure_venv
"$VENV/bin/openapi-spec-validator" "$SPEC" >&2 || die "$SPEC is not a valid OpenAPI document"
ensure_node_deps

# ---------------------------------------------------------------- 2. services

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
port_free "$PORT" || die "port $PORT is in use on 127.0.0.1 (set PORT to a free one)"

services_up() { ROSTER_STARTED_FILE="$STARTED_FILE" bash "$ROSTER_ROOT/scripts/services.sh" up; }
# One retry: a store another process is stopping on the same port can fail the first start.
env_lines=$(services_up) || {
	log "scripts/services.sh up failed; retrying once in 5 s"
	sleep 5
	env_lines=$(services_up)
} || die "scripts/services.sh up failed"
eval "$env_lines"
export REDIS_URL MONGO_URL

# A database and a queue prefix of our own: nothing of a running `npm start` is touched, and
# the users the fuzzer creates go away with the database.
[[ $MONGO_URL =~ ^(mongodb(\+srv)?://[^/?]+)(/[^?]*)?(\?.*)?$ ]] || die "cannot parse MONGO_URL"
FUZZ_DB_URL="${BASH_REMATCH[1]}/roster_fuzz_$SUFFIX${BASH_REMATCH[4]}"
export MONGO_URL=$FUZZ_DB_URL
export QUEUE_PREFIX="{roster-fuzz-$SUFFIX}"
export PORT HOST=127.0.0.1 PUBLIC_BASE_URL="http://127.0.0.1:$PORT"
export LOG_LEVEL=${LOG_LEVEL:-warn} NODE_ENV=development

# ---------------------------------------------------------------- 3. account + token

ACCOUNT=fuzz-$SUFFIX
node services/admin/bin/roster.js account create "$ACCOUNT" --name "Fuzz $RUN_ID" >&2 </dev/null ||
	die "roster account create failed"
token_json=$(node services/admin/bin/roster.js token create "$ACCOUNT" --json </dev/null) ||
	die "roster token create failed"
BASE_URL=$(jq -r .baseUrl <<<"$token_json")
TOKEN=$(jq -r .token <<<"$token_json")
unset token_json
[[ $BASE_URL == "http://127.0.0.1:$PORT/scim/v2/$ACCOUNT" ]] || die "unexpected baseUrl '$BASE_URL'"

# ---------------------------------------------------------------- 4. ingress + worker

start_child() { # name logfile cmd...
	local name=$1 logfile=$2
	shift 2
	"$@" </dev/null >"$logfile" 2>&1 &
	PIDS+=("$!")
	NAMES+=("$name")
	log "$name: pid $! (log $logfile)"
}
start_child worker "$OUT/worker.log" node --import tsx services/worker/src/main.ts
start_child ingress "$OUT/ingress.log" node --import tsx services/ingress/src/main.ts

children_alive() {
	local i
	for i in "${!PIDS[@]}"; do
		if ! kill -0 "${PIDS[i]}" 2>/dev/null; then
			DEAD="${NAMES[i]} (pid ${PIDS[i]})"
			return 1
		fi
	done
}

deadline=$((SECONDS + 90))
until [[ $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/readyz" || true) == 200 ]]; do
	DEAD=""
	children_alive || { tail -n 30 "$OUT"/*.log >&2 || true; die "$DEAD exited during start-up"; }
	((SECONDS < deadline)) || die "ingress did not report ready within 90 s (see $OUT/ingress.log)"
	sleep 0.5
done
log "ready: $BASE_URL (account $ACCOUNT, database roster_fuzz_$SUFFIX) after $((SECONDS - START)) s"

# ---------------------------------------------------------------- 5. schemathesis

remaining=$((FUZZ_BUDGET - (SECONDS - START) - FUZZ_TEARDOWN_RESERVE))
((remaining >= 30)) || die "FUZZ_BUDGET=$FUZZ_BUDGET s leaves only $remaining s for fuzzing"
log "schemathesis $SCHEMATHESIS_VERSION: $FUZZ_PHASES, checks $FUZZ_CHECKS, $FUZZ_EXAMPLES examples/operation, seed $FUZZ_SEED, at most $remaining s"

st_args=(
	run "$SPEC"
	--url "$BASE_URL"
	--header "Authorization: Bearer $TOKEN"
	--checks "$FUZZ_CHECKS"
	--phases "$FUZZ_PHASES"
	--mode "$FUZZ_MODE"
	--max-examples "$FUZZ_EXAMPLES"
	--workers "$FUZZ_WORKERS"
	--seed "$FUZZ_SEED"
	--request-timeout 35
	--generation-database none
	--suppress-health-check all
	--report 'junit,ndjson,json'
	--report-dir "$OUT"
	--report-junit-path "$OUT/junit.xml"
	--report-ndjson-path "$OUT/events.ndjson"
	--report-json-path "$OUT/report.json"
	--no-color
	"$@"
)
hooks=()
if [[ $FUZZ_HOOKS == 1 ]]; then hooks=(SCHEMATHESIS_HOOKS="$ROSTER_ROOT/scripts/fuzz/hooks.py"); fi
st_rc=0
# SIGINT first: Schemathesis then stops, prints its summary and writes the reports.
env "${hooks[@]}" SCHEMATHESIS_TELEMETRY=false timeout --signal=INT --kill-after=20 "$remaining" \
	"$VENV/bin/schemathesis" "${st_args[@]}" </dev/null 2>&1 | tee "$OUT/schemathesis.log" || st_rc=${PIPESTATUS[0]}
TIMED_OUT=0
if ((st_rc == 124 || st_rc == 130 || st_rc == 137)); then
	TIMED_OUT=1
	log "schemathesis was stopped by the time budget ($remaining s): the summary covers what ran"
fi

DEAD=""
children_alive || true

# ---------------------------------------------------------------- 6. summary

summary_rc=0
"$VENV/bin/python" "$ROSTER_ROOT/scripts/fuzz/summarize.py" \
	--events "$OUT/events.ndjson" \
	--json-report "$OUT/report.json" \
	--ingress-log "$OUT/ingress.log" \
	--worker-log "$OUT/worker.log" \
	--schemathesis-version "$SCHEMATHESIS_VERSION" \
	--seed "$FUZZ_SEED" \
	--timed-out "$TIMED_OUT" \
	--dead "$DEAD" \
	--strict "$FUZZ_STRICT" \
	>"$OUT/summary.txt" || summary_rc=$?
cat "$OUT/summary.txt"
gzip -f "$OUT/events.ndjson" 2>/dev/null || true
log "reports in $OUT"
exit "$summary_rc"
