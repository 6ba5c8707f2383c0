#!/usr/bin/env bash
# `npm test`: install deps if needed, then scripts/devstack/npm-test.ts brings up Redis + the
# store, runs `npm run check` and `vitest run` (extra arguments go to vitest), and stops the
# services this run started. ROSTER_SKIP_CHECKS=1 skips typecheck + lint.
set -euo pipefail

LOG_TAG="test"
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_node_deps
exec_ts scripts/devstack/npm-test.ts "$@"
