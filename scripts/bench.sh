#!/usr/bin/env bash
# `npm run bench -- [--users N] [--clients N] [--prefill N]`: the Entra-style replay
# (scripts/bench/entra-replay.ts) through scripts/devstack/npm-bench.ts, on the local services
# (started here when none are configured, and stopped again afterwards).
set -euo pipefail

LOG_TAG=bench
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_node_deps
exec_ts scripts/devstack/npm-bench.ts "$@"
