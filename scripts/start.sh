#!/usr/bin/env bash
# `npm start`: install deps if needed, then scripts/devstack/npm-start.ts brings up Redis + the
# store and runs the worker(s) and ingress in the foreground (PORT=8080, WORKERS=1). Ctrl-C
# stops them and the services this run started, never ones that were already running.
set -euo pipefail

LOG_TAG=start
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_node_deps
exec_ts scripts/devstack/npm-start.ts "$@"
