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
	local rc=$?
	stop_started_services "$STARTED_FILE"
	exit "$rc"
}
trap cleanup EXIT

env_lines=$(ROSTER_STARTED_FILE="$STARTED_FILE" bash "$ROSTER_ROOT/scripts/services.sh" up)
eval "$env_lines"
export REDIS_URL MONGO_URL
node --import tsx scripts/bench/entra-replay.ts "$@"
