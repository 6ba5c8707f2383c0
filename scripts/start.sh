#!/usr/bin/env bash
# `npm start`: install deps if needed, bring up Redis + the store (scripts/services.sh),
# then run the worker(s) and ingress in the foreground with prefixed output.
#
#   PORT=8080     ingress port (read by the ingress itself; passed through)
#   WORKERS=1     number of worker processes
#
# Ctrl-C / SIGTERM, or either child exiting, stops the children (SIGTERM, 10 s, SIGKILL) and
# then the local services that this run started (never ones that were already running).
# Exit status: 0 after a clean stop, non-zero when a child crashed.
# shellcheck disable=SC2317 # functions below run from traps; shellcheck cannot see that
set -euo pipefail

LOG_TAG=start
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROSTER_ROOT"

INGRESS_MAIN=services/ingress/src/main.ts
WORKER_MAIN=services/worker/src/main.ts
WORKERS=${WORKERS:-1}
[[ $WORKERS =~ ^[1-9][0-9]*$ ]] || die "WORKERS must be a positive integer (got '$WORKERS')"

for f in "$INGRESS_MAIN" "$WORKER_MAIN"; do
	[[ -f $f ]] || die "$f does not exist"
done

ensure_node_deps

PIDS=()
NAMES=()
SIGNAL=""
EXIT_CODE=0
STARTED_FILE=$(mktemp "${TMPDIR:-/tmp}/roster-start-services.XXXXXX")

stop_children() {
	local i pid status
	((${#PIDS[@]})) || return 0
	terminate_pids "${PIDS[@]}"
	for i in "${!PIDS[@]}"; do
		pid=${PIDS[i]}
		status=0
		wait "$pid" 2>/dev/null || status=$?
		case $status in
		0 | 130 | 143) ;; # clean exit, or ended by the SIGINT/SIGTERM we (or the terminal) sent
		137)
			log "${NAMES[i]} had to be killed"
			((EXIT_CODE)) || EXIT_CODE=1
			;;
		*)
			log "${NAMES[i]} exited with status $status while stopping"
			((EXIT_CODE)) || EXIT_CODE=$status
			;;
		esac
	done
	PIDS=()
	NAMES=()
}

cleanup() {
	local rc=$?
	trap - EXIT INT TERM
	((EXIT_CODE)) || EXIT_CODE=$rc
	stop_children
	stop_started_services "$STARTED_FILE"
	exit "$EXIT_CODE"
}
trap cleanup EXIT
trap 'SIGNAL=INT' INT
trap 'SIGNAL=TERM' TERM

env_lines=$(ROSTER_STARTED_FILE="$STARTED_FILE" bash "$ROSTER_ROOT/scripts/services.sh" up)
eval "$env_lines"
export REDIS_URL MONGO_URL

[[ -z $SIGNAL ]] || exit 0

# Line-by-line prefixing; ignores INT/TERM so the last lines of a stopping child are kept.
# GNU sed -u reads and writes unbuffered (Debian's mawk would buffer its input);
# elsewhere (macOS) awk + fflush() does the job.
if sed --version 2>/dev/null | grep -q GNU; then
	prefix() {
		trap '' INT TERM
		exec sed -u "s/^/[$1] /"
	}
else
	prefix() {
		trap '' INT TERM
		exec awk -v p="[$1] " '{ print p $0; fflush() }'
	}
fi

start_child() { # name cmd...
	local name=$1
	shift
	"$@" </dev/null > >(prefix "$name") 2>&1 &
	PIDS+=("$!")
	NAMES+=("$name")
	log "$name: pid $! ($*)"
}

for ((n = 1; n <= WORKERS; n++)); do
	if ((WORKERS == 1)); then name=worker; else name=worker-$n; fi
	start_child "$name" node --import tsx "$WORKER_MAIN"
done
start_child ingress node --import tsx "$INGRESS_MAIN"
log "ingress listens on port ${PORT:-8080} (REDIS_URL=$REDIS_URL MONGO_URL=$MONGO_URL); Ctrl-C stops everything"

while [[ -z $SIGNAL ]]; do
	for i in "${!PIDS[@]}"; do
		pid=${PIDS[i]}
		kill -0 "$pid" 2>/dev/null && continue
		status=0
		wait "$pid" 2>/dev/null || status=$?
		log "${NAMES[i]} (pid $pid) exited with status $status: stopping the rest"
		EXIT_CODE=$status
		unset 'PIDS[i]' 'NAMES[i]'
		break 2
	done
	sleep 0.5 &
	wait $! 2>/dev/null || true # returns at once when a trapped signal arrives
done
[[ -n $SIGNAL ]] && log "got SIG$SIGNAL: stopping"
exit "$EXIT_CODE" # the EXIT trap stops children and services
