#!/usr/bin/env bash
# `npm run bench -- [--users N] [--clients N] [--prefill N]`: the Entra-style replay
# (scripts/bench/entra-replay.ts) against one ingress and one worker process on the local
# services (started here when none are configured, and stopped again afterwards).
set -euo pipefail

LOG_TAG=bench
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROSTER_ROOT"
ensure_node_deps

STARTED_FILE=$(mktemp "${TMPDIR:-/tmp}/roster-bench-services.XXXXXX")
cleanup() {
	local rc=$? started
	started=$(tr '\n' ' ' <"$STARTED_FILE" 2>/dev/null || true)
	rm -f "$STARTED_FILE"
	if [[ -n ${started// /} ]]; then
		# shellcheck disable=SC2086 # word splitting of the service names is intended
		bash "$ROSTER_ROOT/scripts/services.sh" down $started || true
	fi
	exit "$rc"
}
trap cleanup EXIT

env_lines=$(ROSTER_STARTED_FILE="$STARTED_FILE" bash "$ROSTER_ROOT/scripts/services.sh" up)
eval "$env_lines"
export REDIS_URL MONGO_URL
node --import tsx scripts/bench/entra-replay.ts "$@"
