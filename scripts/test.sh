#!/usr/bin/env bash
# `npm test`: install deps if needed, bring up Redis + the store (scripts/services.sh),
# run `npm run check` (typecheck, lint, format), then `vitest run` (extra arguments go to vitest),
# and stop the services that this run started.
#
#   npm test -- packages/scim       run part of the suite
#   ROSTER_SKIP_CHECKS=1 npm test   skip typecheck + lint
set -euo pipefail

LOG_TAG="test"
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROSTER_ROOT"

ensure_node_deps

STARTED_FILE=$(mktemp "${TMPDIR:-/tmp}/roster-test-services.XXXXXX")
cleanup() {
	local rc=$?
	trap - EXIT INT TERM
	stop_started_services "$STARTED_FILE"
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

env_lines=$(ROSTER_STARTED_FILE="$STARTED_FILE" bash "$ROSTER_ROOT/scripts/services.sh" up)
eval "$env_lines"
export REDIS_URL MONGO_URL
# Fault tests start, kill and restart a store of their own from this binary.
ROSTER_STORE_BINARY=$(bash "$ROSTER_ROOT/scripts/services.sh" store-binary 2>/dev/null || true)
export ROSTER_STORE_BINARY
log "REDIS_URL=$REDIS_URL MONGO_URL=$MONGO_URL"

if [[ ${ROSTER_SKIP_CHECKS:-0} != 1 ]]; then
	log "npm run check (typecheck, lint, format)"
	npm run check
fi

log "npx vitest run $*"
npx vitest run "$@"
