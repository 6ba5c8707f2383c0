#!/usr/bin/env bash
# Local Redis + MongoDB-compatible store for Roster.
#
#   scripts/services.sh up       start what is missing, wait until ready, print `export` lines on stdout
#   scripts/services.sh down [redis|mongo ...]   stop what this script started (by PID file / marker)
#   scripts/services.sh status   report (exit 0 when both answer, 1 otherwise)
#   scripts/services.sh env      print `export REDIS_URL=… MONGO_URL=…` lines
#   scripts/services.sh install  only make sure the binaries exist (redis-server, mongod or ferretdb)
#   scripts/services.sh store-binary  print "ferretdb <path>" or "mongod <path>" (for fault tests)
#
# Usage from a shell:  eval "$(scripts/services.sh up)"
#
# Per service, in order of preference:
#   1. REDIS_URL / MONGO_URL already set        -> use it, start nothing
#   2. a copy this script started is running    -> reuse it
#   3. a Docker engine answers                  -> docker compose up -d --wait mongo redis
#   4. local binaries                           -> redis-server; mongod if on PATH, else FerretDB (SQLite)
# Ports: Redis 127.0.0.1:6479, store 127.0.0.1:27417. All state lives under <repo>/.local/.
#
# Environment knobs:
#   ROSTER_STARTED_FILE       `up` writes the names of the services it started (one per line) there
#   ROSTER_USE_DOCKER=0       never use Docker, even if an engine answers
#   ROSTER_STORE=ferretdb     use FerretDB even when mongod is on PATH
#   ROSTER_SERVICES_TIMEOUT   seconds to wait for readiness (default 60)
#   ROSTER_REDIS_PORT / ROSTER_MONGO_PORT   override the ports (default 6479 / 27417)
set -euo pipefail

LOG_TAG=services
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

REDIS_PORT=${ROSTER_REDIS_PORT:-6479}
STORE_PORT=${ROSTER_MONGO_PORT:-27417}
TIMEOUT=${ROSTER_SERVICES_TIMEOUT:-60}
FERRETDB_MOD=github.com/FerretDB/FerretDB
FERRETDB_VERSION=v1.24.2
COMPOSE_FILE="$ROSTER_ROOT/docker-compose.yml"

REDIS_DIR="$ROSTER_LOCAL/redis"
REDIS_PID="$REDIS_DIR/redis.pid"
REDIS_LOG="$REDIS_DIR/redis.log"
FDB_DIR="$ROSTER_LOCAL/ferretdb"
FDB_PID="$FDB_DIR/ferretdb.pid"
FDB_LOG="$FDB_DIR/ferretdb.log"
MONGOD_DIR="$ROSTER_LOCAL/mongod"
MONGOD_PID="$MONGOD_DIR/mongod.pid"
MONGOD_LOG="$MONGOD_DIR/mongod.log"
DOCKER_DIR="$ROSTER_LOCAL/docker" # markers: <svc>.in-use (URL choice), <svc>.started (ours to stop)
LAST_STARTED="$ROSTER_LOCAL/last-up-started"

# ---------------------------------------------------------------- helpers

now_ms() {
	if [[ -n ${EPOCHREALTIME:-} ]]; then
		local t=${EPOCHREALTIME/[.,]/}
		echo $((t / 1000))
	else
		echo $((SECONDS * 1000))
	fi
}
elapsed_s() { # start_ms -> "1.23"
	local d=$(($(now_ms) - $1))
	printf '%d.%02d' $((d / 1000)) $((d % 1000 / 10))
}

with_timeout() { # seconds cmd...
	local s=$1
	shift
	if command -v timeout >/dev/null 2>&1; then timeout "$s" "$@"; else "$@"; fi
}

sq() { printf "'%s'" "${1//\'/\'\\\'\'}"; }

local_redis_url() { echo "redis://127.0.0.1:$REDIS_PORT"; }
local_mongo_url() { echo "mongodb://127.0.0.1:$STORE_PORT/roster"; }
# The compose replica set advertises its member as mongo:27017, which the host cannot resolve:
# talk to the published port directly instead of following the replica-set topology.
docker_mongo_url() { echo "mongodb://127.0.0.1:$STORE_PORT/roster?directConnection=true"; }

redis_url() {
	if [[ -n ${REDIS_URL:-} ]]; then echo "$REDIS_URL"; else local_redis_url; fi
}
mongo_url() {
	if [[ -n ${MONGO_URL:-} ]]; then
		echo "$MONGO_URL"
	elif [[ -f $DOCKER_DIR/mongo.in-use ]]; then
		docker_mongo_url
	else
		local_mongo_url
	fi
}

print_env() {
	printf 'export REDIS_URL=%s\n' "$(sq "$(redis_url)")"
	printf 'export MONGO_URL=%s\n' "$(sq "$(mongo_url)")"
}

read_pid() { # pidfile -> pid on stdout
	[[ -s $1 ]] || return 1
	local pid
	pid=$(<"$1")
	pid=${pid//[[:space:]]/}
	[[ $pid =~ ^[0-9]+$ ]] || return 1
	echo "$pid"
}

# pid_alive pidfile: the PID in the file is alive. Used while a service starts: until it has
# exec'd, its process name is still that of the launcher (nohup, setsid), not the program's.
pid_alive() {
	local pid
	pid=$(read_pid "$1") || return 1
	kill -0 "$pid" 2>/dev/null
}

# pid_running pidfile name: the PID in the file is alive and is (still) the named program.
pid_running() {
	local pid comm
	pid=$(read_pid "$1") || return 1
	kill -0 "$pid" 2>/dev/null || return 1
	if command -v ps >/dev/null 2>&1; then
		comm=$(ps -p "$pid" -o comm= 2>/dev/null) || return 1
		[[ $comm == *"$2"* ]] || return 1
	fi
}

stop_pidfile() { # pidfile name label
	local pidfile=$1 name=$2 label=$3 pid i
	if ! pid_running "$pidfile" "$name"; then
		rm -f "$pidfile"
		return 1
	fi
	pid=$(read_pid "$pidfile")
	log "$label: stopping pid $pid"
	kill -TERM "$pid" 2>/dev/null || true
	for ((i = 0; i < 100; i++)); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	if kill -0 "$pid" 2>/dev/null; then
		log "$label: still running after 10 s, sending SIGKILL"
		kill -KILL "$pid" 2>/dev/null || true
	fi
	rm -f "$pidfile"
}

tcp_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

redis_ping() { # port
	local port=$1 reply line
	if command -v redis-cli >/dev/null 2>&1; then
		reply=$(with_timeout 3 redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null) || return 1
		[[ $reply == PONG ]]
	else
		# shellcheck disable=SC2030
		(
			exec 3<>"/dev/tcp/127.0.0.1/$port" || exit 1
			printf 'PING\r\n' >&3
			IFS= read -r -t 2 line <&3 || exit 1
			[[ $line == +PONG* ]]
		) 2>/dev/null
	fi
}

have_mongo_driver() {
	command -v node >/dev/null 2>&1 && [[ -f $ROSTER_ROOT/node_modules/mongodb/package.json ]]
}

# A real MongoDB `ping` through the driver (only when node_modules has it).
mongo_ping() { # url
	(cd "$ROSTER_ROOT" && with_timeout 10 node -e '
const { MongoClient } = require("mongodb");
const client = new MongoClient(process.argv[1], { serverSelectionTimeoutMS: 2000, connectTimeoutMS: 2000 });
client.connect()
  .then(() => client.db("admin").command({ ping: 1 }))
  .then(() => client.close())
  .then(() => process.exit(0), (e) => { if (process.env.ROSTER_PING_VERBOSE) console.error(e.message); process.exit(1); });
' "$1")
}

store_ready() { # port url
	tcp_open "$1" || return 1
	if have_mongo_driver; then mongo_ping "$2"; else return 0; fi
}

log_tail() { # file
	if [[ -s $1 ]]; then
		log "last lines of $1:"
		tail -n 25 "$1" | sed 's/^/    /' >&2
	fi
}

# ---------------------------------------------------------------- installs

apt_install() {
	log "apt-get install -y $*"
	{
		DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
			DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@"
	} </dev/null >&2
}

ensure_redis_binary() {
	command -v redis-server >/dev/null 2>&1 && return 0
	if is_root && command -v apt-get >/dev/null 2>&1; then
		apt_install redis-server || die "apt-get install redis-server failed"
		command -v redis-server >/dev/null 2>&1 && return 0
	fi
	die "redis-server is not installed. Install it with: $(install_hint redis-server redis)  (or set REDIS_URL, or start a Docker engine)"
}

go_at_least() { # major minor
	command -v go >/dev/null 2>&1 || return 1
	local v
	v=$(go env GOVERSION 2>/dev/null) || return 1
	[[ $v =~ ^go([0-9]+)\.([0-9]+) ]] || return 1
	((BASH_REMATCH[1] > $1 || (BASH_REMATCH[1] == $1 && BASH_REMATCH[2] >= $2)))
}

# A plain `go install …/cmd/ferretdb@v1.24.2` builds a binary that panics at start
# ("Invalid build/version/version.txt file content"): the module zip lacks the generated
# build/version/version.txt. So every candidate is checked with `--version`, and when none
# works we build from a copy of the module source with version.txt written in, into a
# per-user cache that survives fresh clones (and CI runs on the same machine).
#
# The build also fixes two upstream bugs unless ROSTER_FERRETDB_PATCH=0 (docs/ferretdb.md):
# - v1.24.2's SQLite backend queries `_id` as `_ferretdb_sjson->'$._id'` while its unique
#   index is on `_ferretdb_sjson->"_id"`, so SQLite never uses the index and every `{_id: …}`
#   lookup scans the whole collection (EXPLAIN QUERY PLAN: SCAN vs SEARCH USING INDEX). The
#   fix makes the query use the index's expression.
# - an `update` command keeps every matched statement's query open until the command ends,
#   one SQLite connection each, from a pool of 100 per database: an update command of 100
#   matching statements waits forever for a 101st connection and the database stops
#   answering everyone (scripts/ferretdb/update-releases-each-statement.patch).
if [[ ${ROSTER_FERRETDB_PATCH:-1} == 1 ]]; then FERRETDB_FLAVOUR=patched2; else FERRETDB_FLAVOUR=vanilla; fi
FERRETDB_PATCHES_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/ferretdb"
FERRETDB_CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/roster/ferretdb-$FERRETDB_VERSION-$FERRETDB_FLAVOUR"
FERRETDB_ID_COLUMN_FILE=internal/backends/sqlite/metadata/metadata.go

ferretdb_works() { [[ -x $1 ]] && with_timeout 10 "$1" --version </dev/null >/dev/null 2>&1; }

find_ferretdb() {
	local p gobin="" gopath="" candidates=()
	[[ -n ${ROSTER_FERRETDB:-} ]] && candidates+=("$ROSTER_FERRETDB")
	if p=$(command -v ferretdb 2>/dev/null); then candidates+=("$p"); fi
	if command -v go >/dev/null 2>&1; then
		gobin=$(go env GOBIN 2>/dev/null || true)
		gopath=$(go env GOPATH 2>/dev/null || true)
	fi
	[[ -n $gobin ]] && candidates+=("$gobin/ferretdb")
	[[ -n $gopath ]] && candidates+=("${gopath%%:*}/bin/ferretdb")
	candidates+=("$HOME/go/bin/ferretdb" "$FERRETDB_CACHE/ferretdb")
	local seen=" "
	# A copy built by this script wins over others only when nothing else was asked for.
	if [[ -z ${ROSTER_FERRETDB:-} ]] && ferretdb_works "$FERRETDB_CACHE/ferretdb" &&
		! { p=$(command -v ferretdb 2>/dev/null) && ferretdb_works "$p"; }; then
		echo "$FERRETDB_CACHE/ferretdb"
		return 0
	fi
	for p in "${candidates[@]}"; do
		[[ -x $p && $seen != *" $p "* ]] || continue
		seen+="$p "
		if ferretdb_works "$p"; then
			echo "$p"
			return 0
		fi
		log "ignoring $p: \`$p --version\` fails (a plain \`go install\` build panics: no version.txt)"
	done
	return 1
}

build_ferretdb() {
	local dir work t rc=0
	t=$(now_ms)
	log "building FerretDB $FERRETDB_VERSION from source into $FERRETDB_CACHE (first time takes a few minutes)"
	work=$(mktemp -d "${TMPDIR:-/tmp}/roster-ferretdb.XXXXXX")
	dir=$(cd "$work" && GOWORK=off GOFLAGS='' go mod download -json "$FERRETDB_MOD@$FERRETDB_VERSION" </dev/null |
		sed -n 's/^[[:space:]]*"Dir":[[:space:]]*"\(.*\)",\{0,1\}[[:space:]]*$/\1/p') || true
	if [[ -z $dir || ! -d $dir/cmd/ferretdb ]]; then
		rm -rf "$work"
		die "go mod download $FERRETDB_MOD@$FERRETDB_VERSION failed"
	fi
	cp -R "$dir/." "$work/src"
	chmod -R u+w "$work/src"
	printf '%s\n' "$FERRETDB_VERSION" >"$work/src/build/version/version.txt"
	if [[ $FERRETDB_FLAVOUR != vanilla ]]; then
		# shellcheck disable=SC2016 # the $ is part of SQLite's JSON path, not a shell variable
		sed -i 's|IDColumn = DefaultColumn + "->'"'"'\$\._id'"'"'"|IDColumn = DefaultColumn + "->\\"_id\\""|' \
			"$work/src/$FERRETDB_ID_COLUMN_FILE"
		grep -q 'IDColumn = DefaultColumn + "->\\"_id\\""' "$work/src/$FERRETDB_ID_COLUMN_FILE" ||
			die "could not apply the _id index fix to $FERRETDB_ID_COLUMN_FILE (set ROSTER_FERRETDB_PATCH=0 to build without it)"
		log "applied the _id index fix (see FERRETDB_FLAVOUR in scripts/services.sh)"
		local patch_file
		for patch_file in "$FERRETDB_PATCHES_DIR"/*.patch; do
			patch -s -p1 -d "$work/src" <"$patch_file" ||
				die "could not apply $patch_file (set ROSTER_FERRETDB_PATCH=0 to build without it)"
			log "applied $(basename "$patch_file")"
		done
	fi
	mkdir -p "$FERRETDB_CACHE"
	(cd "$work/src" && GOWORK=off GOFLAGS='' go build -trimpath -buildvcs=false \
		-o "$FERRETDB_CACHE/ferretdb.tmp" ./cmd/ferretdb </dev/null >&2) || rc=$?
	rm -rf "$work"
	((rc == 0)) || die "go build of FerretDB failed"
	mv -f "$FERRETDB_CACHE/ferretdb.tmp" "$FERRETDB_CACHE/ferretdb"
	ferretdb_works "$FERRETDB_CACHE/ferretdb" || die "the freshly built $FERRETDB_CACHE/ferretdb does not start"
	log "FerretDB built in $(elapsed_s "$t") s"
}

ensure_ferretdb() { # -> path on stdout
	local bin
	if bin=$(find_ferretdb); then
		echo "$bin"
		return 0
	fi
	if go_at_least 1 24; then
		build_ferretdb
		echo "$FERRETDB_CACHE/ferretdb"
		return 0
	fi
	die "no MongoDB-compatible store found. Either install Go >= 1.24 (this script then builds
  FerretDB $FERRETDB_VERSION itself), or put mongod on PATH, or start a Docker engine, or set MONGO_URL."
}

ensure_store_binary() { # -> "mongod <path>" or "ferretdb <path>"
	local p
	if [[ ${ROSTER_STORE:-auto} != ferretdb ]] && p=$(command -v mongod 2>/dev/null); then
		echo "mongod $p"
	else
		p=$(ensure_ferretdb)
		echo "ferretdb $p"
	fi
}

# ---------------------------------------------------------------- docker

DOCKER_STATE=unknown
docker_available() {
	if [[ $DOCKER_STATE == unknown ]]; then
		DOCKER_STATE=no
		case ${ROSTER_USE_DOCKER:-auto} in 0 | no | false) return 1 ;; esac
		if command -v docker >/dev/null 2>&1 && with_timeout 5 docker info >/dev/null 2>&1; then
			if docker compose version >/dev/null 2>&1; then
				DOCKER_STATE=yes
			else
				log "a Docker engine answers but 'docker compose' (v2) is missing: using local binaries"
			fi
		fi
	fi
	[[ $DOCKER_STATE == yes ]]
}

# The compose file requires TOKEN_PEPPER for ingress/worker; mongo and redis do not use it.
COMPOSE=(env "TOKEN_PEPPER=${TOKEN_PEPPER:-unused-by-services-sh}" docker compose -f "$COMPOSE_FILE")

# ---------------------------------------------------------------- up

STARTED=()
STARTED_FILE=${ROSTER_STARTED_FILE:-}

record_started() {
	STARTED+=("$1")
	printf '%s\n' "$1" >>"$LAST_STARTED"
	if [[ -n $STARTED_FILE ]]; then printf '%s\n' "$1" >>"$STARTED_FILE"; fi
}

REDIS_WAIT="" # how to wait for redis: "" (nothing) | local | docker
STORE_WAIT="" # "" | ferretdb | mongod | docker | unmanaged
REDIS_T0=0
STORE_T0=0

prepare_redis() {
	if [[ -n ${REDIS_URL:-} ]]; then
		log "redis: using REDIS_URL (starting nothing)"
		return
	fi
	mkdir -p "$REDIS_DIR"
	REDIS_T0=$(now_ms)
	if pid_running "$REDIS_PID" redis-server; then
		log "redis: already running (pid $(read_pid "$REDIS_PID"), port $REDIS_PORT)"
		REDIS_WAIT=local
		return
	fi
	rm -f "$REDIS_PID"
	if docker_available; then
		REDIS_WAIT=docker
		return
	fi
	rm -f "$DOCKER_DIR/redis.in-use"
	if redis_ping "$REDIS_PORT"; then
		log "redis: something already answers on 127.0.0.1:$REDIS_PORT (not started by this script); using it"
		return
	fi
	if tcp_open "$REDIS_PORT"; then
		die "port $REDIS_PORT is taken by something that does not answer like Redis (set ROSTER_REDIS_PORT or REDIS_URL)"
	fi
	ensure_redis_binary
	log "redis: starting redis-server on 127.0.0.1:$REDIS_PORT"
	redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no \
		--maxmemory-policy noeviction --daemonize yes \
		--pidfile "$REDIS_PID" --logfile "$REDIS_LOG" --dir "$REDIS_DIR" \
		</dev/null >"$REDIS_DIR/startup.out" 2>&1 9>&- || {
		log_tail "$REDIS_DIR/startup.out"
		log_tail "$REDIS_LOG"
		die "redis-server failed to start"
	}
	record_started redis
	REDIS_WAIT=local
}

prepare_store() {
	if [[ -n ${MONGO_URL:-} ]]; then
		log "mongo: using MONGO_URL (starting nothing)"
		return
	fi
	mkdir -p "$ROSTER_LOCAL"
	STORE_T0=$(now_ms)
	if pid_running "$MONGOD_PID" mongod; then
		log "mongo: mongod already running (pid $(read_pid "$MONGOD_PID"), port $STORE_PORT)"
		rm -f "$DOCKER_DIR/mongo.in-use"
		STORE_WAIT=mongod
		return
	fi
	if pid_running "$FDB_PID" ferretdb; then
		log "mongo: ferretdb already running (pid $(read_pid "$FDB_PID"), port $STORE_PORT)"
		rm -f "$DOCKER_DIR/mongo.in-use"
		STORE_WAIT=ferretdb
		return
	fi
	rm -f "$MONGOD_PID" "$FDB_PID"
	if docker_available; then
		STORE_WAIT=docker
		return
	fi
	rm -f "$DOCKER_DIR/mongo.in-use"
	if tcp_open "$STORE_PORT"; then
		if have_mongo_driver && ! mongo_ping "$(local_mongo_url)"; then
			die "port $STORE_PORT is taken by something that does not answer a MongoDB ping (set ROSTER_MONGO_PORT or MONGO_URL)"
		fi
		log "mongo: something already answers on 127.0.0.1:$STORE_PORT (not started by this script); using it"
		STORE_WAIT=unmanaged
		return
	fi

	local found kind bin
	found=$(ensure_store_binary) || exit 1 # it already explained why
	kind=${found%% *} bin=${found#* }
	if [[ $kind == mongod ]]; then
		mkdir -p "$MONGOD_DIR/data"
		log "mongo: starting mongod on 127.0.0.1:$STORE_PORT (data in $MONGOD_DIR/data)"
		"$bin" --dbpath "$MONGOD_DIR/data" --bind_ip 127.0.0.1 --port "$STORE_PORT" \
			--fork --logpath "$MONGOD_LOG" --logappend --pidfilepath "$MONGOD_PID" \
			</dev/null >&2 9>&- || {
			log_tail "$MONGOD_LOG"
			die "mongod failed to start"
		}
		record_started mongo
		STORE_WAIT=mongod
	else
		mkdir -p "$FDB_DIR/data" "$FDB_DIR/state"
		STORE_T0=$(now_ms) # do not count a first-time build as start-up time
		log "mongo: starting FerretDB $FERRETDB_VERSION ($bin) on 127.0.0.1:$STORE_PORT (SQLite in $FDB_DIR/data)"
		printf '\n=== %s: services.sh starting ferretdb\n' "$(date '+%Y-%m-%dT%H:%M:%S%z')" >>"$FDB_LOG"
		local detach=()
		command -v setsid >/dev/null 2>&1 && detach=(setsid)
		# FerretDB does not daemonize: run it in its own session so Ctrl-C in this terminal
		# does not reach it; `services.sh down` stops it by PID.
		"${detach[@]}" nohup "$bin" \
			--handler=sqlite \
			--sqlite-url="file:$FDB_DIR/data/" \
			--state-dir="$FDB_DIR/state" \
			--listen-addr="127.0.0.1:$STORE_PORT" \
			--debug-addr=- \
			--telemetry=disable \
			--log-level=warn \
			</dev/null >>"$FDB_LOG" 2>&1 9>&- &
		echo $! >"$FDB_PID"
		record_started mongo
		STORE_WAIT=ferretdb
	fi
}

docker_up() {
	local svcs=() s
	[[ $REDIS_WAIT == docker ]] && svcs+=(redis)
	[[ $STORE_WAIT == docker ]] && svcs+=(mongo)
	((${#svcs[@]})) || return 0
	[[ -f $COMPOSE_FILE ]] || die "$COMPOSE_FILE is missing"
	mkdir -p "$DOCKER_DIR"
	for s in "${svcs[@]}"; do
		if [[ -z $("${COMPOSE[@]}" ps -q --status running "$s" 2>/dev/null) ]]; then
			touch "$DOCKER_DIR/$s.started"
			record_started "$s"
		else
			log "$s: docker container already running"
		fi
		touch "$DOCKER_DIR/$s.in-use"
	done
	log "docker compose up -d --wait ${svcs[*]}"
	with_timeout 900 "${COMPOSE[@]}" up -d --wait "${svcs[@]}" </dev/null >&2 9>&- || die "docker compose up failed (try: docker compose logs ${svcs[*]})"
}

REDIS_READY=no
wait_redis() {
	[[ -n $REDIS_WAIT && $REDIS_READY == no ]] || return 0
	local deadline=$((SECONDS + TIMEOUT)) start=$SECONDS
	until redis_ping "$REDIS_PORT"; do
		if [[ $REDIS_WAIT == local ]] && ((SECONDS - start >= 3)) && ! pid_alive "$REDIS_PID"; then
			log_tail "$REDIS_DIR/startup.out"
			log_tail "$REDIS_LOG"
			die "redis-server exited during startup"
		fi
		if ((SECONDS >= deadline)); then
			log_tail "$REDIS_LOG"
			die "redis did not answer PING on 127.0.0.1:$REDIS_PORT within $TIMEOUT s"
		fi
		sleep 0.2
	done
	log "redis: ready on $(redis_url) ($(elapsed_s "$REDIS_T0") s)"
	REDIS_READY=yes
}

wait_store() {
	[[ -n $STORE_WAIT ]] || return 0
	local deadline=$((SECONDS + TIMEOUT)) url pidfile="" name="" logfile=""
	url=$(mongo_url)
	case $STORE_WAIT in
	ferretdb) pidfile=$FDB_PID name=ferretdb logfile=$FDB_LOG ;;
	mongod) pidfile=$MONGOD_PID name=mongod logfile=$MONGOD_LOG ;;
	esac
	until store_ready "$STORE_PORT" "$url"; do
		if [[ -n $pidfile ]] && ! pid_alive "$pidfile"; then
			log_tail "$logfile"
			rm -f "$pidfile"
			die "$name exited during startup"
		fi
		if ((SECONDS >= deadline)); then
			[[ -n $logfile ]] && log_tail "$logfile"
			ROSTER_PING_VERBOSE=1 mongo_ping "$url" || true
			die "the store did not answer on 127.0.0.1:$STORE_PORT within $TIMEOUT s"
		fi
		sleep 0.25
	done
	local how="TCP connect"
	have_mongo_driver && how="MongoDB ping"
	log "mongo: ready on $url (${STORE_WAIT}, $how, $(elapsed_s "$STORE_T0") s)"
}

lock() {
	mkdir -p "$ROSTER_LOCAL"
	if command -v flock >/dev/null 2>&1; then
		exec 9>"$ROSTER_LOCAL/services.lock"
		flock -w 900 9 || die "another services.sh is holding $ROSTER_LOCAL/services.lock"
	fi
}

cmd_up() {
	lock
	: >"$LAST_STARTED"
	if [[ -n $STARTED_FILE ]]; then : >"$STARTED_FILE"; fi
	prepare_redis
	[[ $REDIS_WAIT == local ]] && wait_redis # quick; before a possible FerretDB build
	prepare_store
	docker_up
	wait_redis
	wait_store
	if ((${#STARTED[@]})); then
		log "started: ${STARTED[*]} (listed in ${STARTED_FILE:-$LAST_STARTED})"
	else
		log "started nothing (everything was already available)"
	fi
	print_env
}

# ---------------------------------------------------------------- down / status / env

normalise_services() { # args -> names on stdout
	local s
	(($#)) || set -- redis mongo
	for s in "$@"; do
		case $s in
		redis) echo redis ;;
		mongo | mongodb | store | ferretdb | mongod) echo mongo ;;
		'') ;;
		*) die "unknown service '$s' (expected redis or mongo)" ;;
		esac
	done
}

docker_stop() { # svc
	if docker_available; then
		log "$1: docker compose stop $1"
		"${COMPOSE[@]}" stop "$1" </dev/null >&2 9>&- || log "$1: docker compose stop failed"
	else
		log "$1: was started with Docker, but no Docker engine answers now"
	fi
	rm -f "$DOCKER_DIR/$1.started" "$DOCKER_DIR/$1.in-use"
}

cmd_down() {
	lock
	local s names
	names=$(normalise_services "$@") || exit 1
	for s in $names; do
		case $s in
		redis)
			if stop_pidfile "$REDIS_PID" redis-server redis; then
				:
			elif [[ -f $DOCKER_DIR/redis.started ]]; then
				docker_stop redis
			else
				log "redis: not running from this script, nothing to stop"
			fi
			;;
		mongo)
			if stop_pidfile "$FDB_PID" ferretdb ferretdb || stop_pidfile "$MONGOD_PID" mongod mongod; then
				:
			elif [[ -f $DOCKER_DIR/mongo.started ]]; then
				docker_stop mongo
			else
				log "mongo: not running from this script, nothing to stop"
			fi
			;;
		esac
	done
}

cmd_status() {
	local ok=0 pid how url
	url=$(redis_url)
	if [[ -n ${REDIS_URL:-} ]]; then
		printf 'redis  external   %s (REDIS_URL; not probed)\n' "$url"
	else
		if pid=$(read_pid "$REDIS_PID") && pid_running "$REDIS_PID" redis-server; then
			how="local redis-server, pid $pid"
		elif [[ -f $DOCKER_DIR/redis.in-use ]]; then
			how="docker compose"
		else
			how="not started by services.sh"
		fi
		if redis_ping "$REDIS_PORT"; then
			printf 'redis  up         %s (%s)\n' "$url" "$how"
		else
			printf 'redis  down       %s (%s)\n' "$url" "$how"
			ok=1
		fi
	fi
	url=$(mongo_url)
	if [[ -n ${MONGO_URL:-} ]]; then
		printf 'mongo  external   %s (MONGO_URL; not probed)\n' "$url"
	else
		if pid=$(read_pid "$FDB_PID") && pid_running "$FDB_PID" ferretdb; then
			how="local ferretdb, pid $pid, log $FDB_LOG"
		elif pid=$(read_pid "$MONGOD_PID") && pid_running "$MONGOD_PID" mongod; then
			how="local mongod, pid $pid, log $MONGOD_LOG"
		elif [[ -f $DOCKER_DIR/mongo.in-use ]]; then
			how="docker compose"
		else
			how="not started by services.sh"
		fi
		if store_ready "$STORE_PORT" "$url"; then
			printf 'mongo  up         %s (%s)\n' "$url" "$how"
		else
			printf 'mongo  down       %s (%s)\n' "$url" "$how"
			ok=1
		fi
	fi
	return $ok
}

cmd_install() {
	lock
	if [[ -z ${REDIS_URL:-} ]] && ! docker_available; then ensure_redis_binary; fi
	if [[ -z ${MONGO_URL:-} ]] && ! docker_available; then
		local found
		found=$(ensure_store_binary) || exit 1
		log "store: ${found%% *} at ${found#* }"
	fi
	log "redis: $(command -v redis-server || echo 'not needed')"
}

usage() {
	sed -n '2,25p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
	exit 2
}

case ${1:-} in
up) cmd_up ;;
down)
	shift
	cmd_down "$@"
	;;
status) cmd_status ;;
env) print_env ;;
install) cmd_install ;;
store-binary) ensure_store_binary ;;
-h | --help | help) usage ;;
*) usage ;;
esac
