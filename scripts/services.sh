#!/usr/bin/env bash
# Local Redis + MongoDB-compatible store for Roster: up | down [redis|mongo] | status | env |
# install | store-binary. The launcher is scripts/devstack/ (TypeScript, run with tsx);
# `scripts/services.sh help` lists the commands, the order of preference and the knobs.
#
# Usage from a shell:  eval "$(scripts/services.sh up)"
set -euo pipefail

LOG_TAG=services
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_node_deps # tsx runs the launcher: a fresh clone may not have it yet
exec_ts scripts/devstack/cli.ts "$@"
