# shellcheck shell=bash
# Shared helpers for scripts/*.sh. Source it; it does not change shell options.

ROSTER_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ROSTER_LOCAL="$ROSTER_ROOT/.local"
export ROSTER_ROOT ROSTER_LOCAL

# Log to stderr so that stdout stays machine-readable (services.sh prints export lines there).
log() { printf '[%s] %s\n' "${LOG_TAG:-roster}" "$*" >&2; }
die() {
	log "error: $*"
	exit 1
}

# Install npm dependencies when node_modules is missing or older than package-lock.json.
ensure_node_deps() {
	command -v node >/dev/null 2>&1 || die "node is not installed (need Node.js >= 20.19; see package.json engines)"
	command -v npm >/dev/null 2>&1 || die "npm is not installed (it ships with Node.js)"
	local lock="$ROSTER_ROOT/package-lock.json"
	local marker="$ROSTER_ROOT/node_modules/.package-lock.json"
	if [[ ! -d $ROSTER_ROOT/node_modules || ! -f $marker || $lock -nt $marker ]]; then
		log "installing npm dependencies (npm ci)"
		# npm's output goes to stderr: stdout of `services.sh up` is for `eval`.
		(cd "$ROSTER_ROOT" && npm ci --no-audit --no-fund </dev/null >&2) || die "npm ci failed"
	fi
}

# Replaces this shell with a TypeScript entry point of the repo (path relative to the root),
# run with tsx from the caller's working directory: `node --import tsx` would look for tsx in
# that directory, so the loader is named by its path. Call ensure_node_deps first.
exec_ts() {
	local entry=$1
	shift
	exec node --import "$ROSTER_ROOT/node_modules/tsx/dist/loader.mjs" "$ROSTER_ROOT/$entry" "$@"
}

# Tell the user how to install a system package, in the words of their package manager.
install_hint() {
	local debian=$1 brew=$2
	if command -v apt-get >/dev/null 2>&1; then
		printf 'sudo apt-get update && sudo apt-get install -y %s' "$debian"
	elif command -v brew >/dev/null 2>&1; then
		printf 'brew install %s' "$brew"
	else
		printf 'install %s with your package manager' "$debian"
	fi
}

# Stops the services that a `services.sh up` run listed in <file> (its ROSTER_STARTED_FILE),
# and only those; removes the file. Safe to call twice.
stop_started_services() {
	local file=$1 started
	[[ -f $file ]] || return 0
	started=$(tr '\n' ' ' <"$file")
	rm -f "$file"
	if [[ -n ${started// /} ]]; then
		log "stopping the services this run started: $started"
		# shellcheck disable=SC2086 # word splitting of the service names is intended
		bash "$ROSTER_ROOT/scripts/services.sh" down $started || true
	fi
}

# Sends SIGTERM to the PIDs, waits up to 10 s for them to exit, then SIGKILLs the rest.
# Callers `wait` each PID afterwards for its exit status.
terminate_pids() {
	local pid alive deadline=$((SECONDS + 10))
	(($#)) || return 0
	for pid in "$@"; do kill -TERM "$pid" 2>/dev/null || true; done
	while :; do
		alive=0
		for pid in "$@"; do kill -0 "$pid" 2>/dev/null && alive=1; done
		((alive && SECONDS < deadline)) || break
		sleep 0.1
	done
	for pid in "$@"; do
		if kill -0 "$pid" 2>/dev/null; then
			log "pid $pid did not stop within 10 s: SIGKILL"
			kill -KILL "$pid" 2>/dev/null || true
		fi
	done
}
