#!/usr/bin/env bash
# The benchmark (not a test): what the sidecar adds to each scenario, against the same request
# straight to a baseline and through nginx, all measured in one run on loopback.
#
#   load-tests/bench.sh [--quick] [--rate N] [--seconds N] [--max-seconds N] [--connections N]
#                       [--scenarios state,invoke,publish,grpc,invoke-new,invoke-one,actors] [--actors]
#
# Scenarios, each four ways (the same request, answered the same way):
#   state    GET of a 1 KB value: a Vert.x server answering it from memory (DirectBaseline.java) |
#            one nginx hop in front of that server | the sidecar (state.in-memory)
#   invoke   1 KB POST echoed by an app (EchoApp): straight to the app | two chained nginx
#            processes | sidecar A -> sidecar B -> the app
#   publish  1 KB POST: DirectBaseline | one nginx hop | the sidecar (pubsub.in-memory)
#   grpc     unary gRPC GetState of the 1 KB value: a gRPC server answering from memory
#            (GrpcLoad.java serve) | one nginx hop (grpc_pass) | the sidecar's gRPC API; driven by
#            GrpcLoad.java, which checks grpc-status and the value, not only HTTP 200
#   invoke-new  (full mode's default list; --quick only when named) the invocation through two sidecars
#            as a new pod meets it: Quapr's first --seconds of traffic at the fixed rate, from 10 s
#            after the sidecars were started, before any warm-up (row "new" of the invoke table)
#   invoke-one  (likewise) the invocation back to back on one connection (hey -c 1, no pause) each
#            way, after the others: its own table, with the mean added latency and its ratio to
#            two nginx hops'
#   actors   (not in the default list: --scenarios actors, or --actors to add it) bench/actors.sh,
#            one sidecar with an actor host app, before the others start: method calls on active
#            actors at the fixed rate (direct to the app | the sidecar), activation (first calls to
#            new actor ids), reminder triggers/s and due-to-callback delay; its own table. --quick:
#            5 s of calls, 2,000 activations, 2,000 reminders (about 75 s); else 30 s and 5,000 each
# and, for state, invoke and publish, the floor: FloorSidecar.java, the same requests served by plain
# Vert.x on the sidecar's JVM profile (state from a map, publish read and dropped, invocation proxied
# floor A -> floor B -> the app over HTTP/1.1): what any JVM sidecar on this machine can reach.
# Each in two modes: at a fixed rate (default 1000 requests/s over 16 connections; hey's -q, so the
# connections' requests start together, as in Dapr's perf suite) and at max throughput (16
# connections, no pause). HTTP load comes from `hey`.
#
# Prints one table per mode: p50/p90/p99; the latency added over the direct call and its ratio to
# what nginx adds; requests/s (and at max throughput, the ratio to nginx's); the CPU per call of the
# processes each way adds (the baseline app for direct, the nginx workers, the sidecars), from
# /proc/<pid>/stat during the measured run; their RSS after it.
#
# --quick: 5 s per fixed-rate run, 3 s per max-throughput run, short warm-ups (under 3 minutes in
# all). Default: 30 s and 15 s, 20 s warm-up through the sidecars. The sidecars run as `quaprd` runs
# them (sidecar-app/src/main/jvm/jvm.options, MALLOC_ARENA_MAX=2); BENCH_SIDECAR_OPTS adds JVM options
# after the profile (they win); BENCH_SIDECAR_DIR runs another build's quarkus-app folder (alternated
# runs of two builds). BENCH_PORT_BASE (default 3700) moves the 15 loopback ports used.
# Needs a built sidecar and hey, nginx (nginx-light) and curl: installs what is missing with apt-get
# when root (or password-less sudo), else prints the command.
#
# Other benchmarks: bench/workflow.sh (workflows), bench/jvm-profile.sh (JVM options),
# bench/publish.sh (publish-to-delivery, Redis), bench/invoke.sh (mTLS, one sidecar),
# bench/resiliency-overhead.sh, bench/telemetry-overhead.sh.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH="$ROOT/load-tests/bench"
ECHO_APP="$ROOT/load-tests/src/test/java/io/quapr/loadtests/EchoApp.java"
APP=${BENCH_SIDECAR_DIR:-$ROOT/sidecar-app/target/quarkus-app}
JAR="$APP/quarkus-run.jar"
LIB="$APP/lib/main/*"

QUICK=0
RATE=1000
CONNECTIONS=16
SCENARIOS=state,invoke,publish,grpc
FIXED=
MAX=
ADD_ACTORS=0
usage() { sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'; exit "${1:-0}"; }
while [ $# -gt 0 ]; do
    case "$1" in
    --quick) QUICK=1 ;;
    --rate) RATE=$2; shift ;;
    --seconds) FIXED=$2; shift ;;
    --max-seconds) MAX=$2; shift ;;
    --connections) CONNECTIONS=$2; shift ;;
    --scenarios) SCENARIOS=$2; shift ;;
    --actors) ADD_ACTORS=1 ;;
    -h | --help) usage ;;
    *) echo "unknown option $1" >&2; usage 2 ;;
    esac
    shift
done
if [ "$QUICK" = 1 ]; then
    FIXED=${FIXED:-5}; MAX=${MAX:-3}; WARM=3; WARM_OTHER=1; ACTOR_COUNT=2000
else
    FIXED=${FIXED:-30}; MAX=${MAX:-15}; WARM=20; WARM_OTHER=5; ACTOR_COUNT=5000
    # --quick stays under 3 minutes without these two; the full run has them unless --scenarios says otherwise
    [ "$SCENARIOS" != state,invoke,publish,grpc ] || SCENARIOS=invoke-new,$SCENARIOS,invoke-one
fi
# actors runs by itself (bench/actors.sh, its own sidecar); the others share the processes below
[ "$ADD_ACTORS" = 0 ] || SCENARIOS="$SCENARIOS,actors"
ACTORS=0
OTHERS=
for s in ${SCENARIOS//,/ }; do
    case "$s" in
    actors) ACTORS=1 ;;
    state | invoke | publish | grpc | invoke-new | invoke-one) OTHERS="$OTHERS,$s" ;;
    *) echo "unknown scenario $s" >&2; exit 2 ;;
    esac
done
SCENARIOS=${OTHERS#,}
# a new pod's first traffic is measured before anything else warms the sidecars up
[[ ",$SCENARIOS," != *,invoke-new,* ]] || SCENARIOS=invoke-new$(echo ",$SCENARIOS," | sed 's/,invoke-new,/,/; s/,$//')
[ "$RATE" -ge "$CONNECTIONS" ] || { echo "--rate must be at least --connections" >&2; exit 2; }

# --- tools

as_root() {
    if ((EUID == 0)); then "$@"
    elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo -n "$@"
    else return 1
    fi
}
missing=()
command -v hey >/dev/null || missing+=(hey)
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing+=(nginx-light)
command -v curl >/dev/null || missing+=(curl)
if [ ${#missing[@]} -gt 0 ]; then
    echo "installing ${missing[*]} (apt-get)" >&2
    { as_root apt-get update -qq && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
        --no-install-recommends "${missing[@]}"; } >/dev/null 2>&1 \
        || { echo "needs ${missing[*]}: apt-get install -y ${missing[*]}" >&2; exit 1; }
fi
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
[ -f "$JAR" ] || { echo "build the sidecar first: ./mvnw -B -q install -DskipTests -pl sidecar-app -am" >&2; exit 1; }

# --- actors: first, alone on the machine's cores; its table is printed after the others'

ACTOR_TABLE=
ACTOR_RC=0
if [ "$ACTORS" = 1 ]; then
    # a failed step prints its table too (with the failure), and the run then ends with exit 1
    ACTOR_TABLE=$("$ROOT/load-tests/bench/actors.sh" --seconds "$FIXED" --rate "$RATE" --connections "$CONNECTIONS" \
        --warm "$WARM" --activations "$ACTOR_COUNT" --reminders "$ACTOR_COUNT") || ACTOR_RC=$?
    if [ -z "$SCENARIOS" ]; then
        echo "$ACTOR_TABLE"
        exit "$ACTOR_RC"
    fi
fi

# --- processes

PORT_BASE=${BENCH_PORT_BASE:-3700}
A_HTTP=$PORT_BASE; A_GRPC=$((PORT_BASE + 1)); B_HTTP=$((PORT_BASE + 2)); B_GRPC=$((PORT_BASE + 3))
ECHO_PORT=$((PORT_BASE + 4)); STATE_PORT=$((PORT_BASE + 5)); PUB_PORT=$((PORT_BASE + 6)); GRPC_PORT=$((PORT_BASE + 7))
NG_STATE=$((PORT_BASE + 8)); NG_PUB=$((PORT_BASE + 9)); NG_GRPC=$((PORT_BASE + 10))
NG_INVOKE_A=$((PORT_BASE + 11)); NG_INVOKE_B=$((PORT_BASE + 12)); FLOOR_A=$((PORT_BASE + 13)); FLOOR_B=$((PORT_BASE + 14))

for port in $(seq "$PORT_BASE" $((PORT_BASE + 14))); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
        echo "port $port is taken (BENCH_PORT_BASE=$PORT_BASE uses $PORT_BASE-$((PORT_BASE + 14))): is another run going on?" >&2
        exit 1
    fi
done

WORK=$(mktemp -d)
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
    if [ -n "${BENCH_KEEP:-}" ]; then echo "kept $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

KEY=bench-1kb
VALUE=$(printf '{"payload":"%s"}' "$(head -c 1012 /dev/zero | tr '\0' x)")
printf '%s' "$VALUE" >"$WORK/body.json"

# the baselines, the echo app and the gRPC load loop, compiled once (not by the source launcher
# in every JVM); C1 only, as the sidecars run (jvm.options): on 2 busy cores C2 compiled for the
# whole of a short run
T_START=$(date +%s)
CLASSES="$ROOT/load-tests/target/bench-classes"
SOURCES=("$BENCH/DirectBaseline.java" "$BENCH/GrpcLoad.java" "$BENCH/FloorSidecar.java" "$ECHO_APP")
if [ ! -f "$CLASSES/GrpcLoad.class" ] || [ ! -f "$CLASSES/FloorSidecar.class" ] \
    || [ -n "$(find "${SOURCES[@]}" -newer "$CLASSES/GrpcLoad.class")" ]; then
    rm -rf "$CLASSES"
    javac -nowarn -cp "$LIB" -d "$CLASSES" "${SOURCES[@]}"
fi
CP="$CLASSES:$LIB"
helper() { exec java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx128m -cp "$CP" "$@"; }
helper DirectBaseline "$STATE_PORT" "$VALUE" >"$WORK/state-baseline.log" 2>&1 &
pids+=($!); STATE_BASE_PID=$!
helper DirectBaseline "$PUB_PORT" "" >"$WORK/publish-baseline.log" 2>&1 &
pids+=($!); PUB_BASE_PID=$!
helper GrpcLoad serve "$GRPC_PORT" "$VALUE" >"$WORK/grpc-baseline.log" 2>&1 &
pids+=($!); GRPC_BASE_PID=$!
helper io.quapr.loadtests.EchoApp "$ECHO_PORT" >"$WORK/echo-app.log" 2>&1 &
pids+=($!); ECHO_PID=$!

mkdir -p "$WORK/resources"
printf 'apiVersion: dapr.io/v1alpha1\nkind: Component\nmetadata:\n  name: statestore\nspec:\n  type: state.in-memory\n  version: v1\n' \
    >"$WORK/resources/statestore.yaml"
printf 'apiVersion: dapr.io/v1alpha1\nkind: Component\nmetadata:\n  name: pubsub\nspec:\n  type: pubsub.in-memory\n  version: v1\n' \
    >"$WORK/resources/pubsub.yaml"
sidecar() { # NAME HTTP GRPC FLAGS...
    local name=$1 http=$2 grpc=$3
    shift 3
    # as quaprd starts it; both find each other through the zero-configuration name resolution on
    # one data folder
    MALLOC_ARENA_MAX=2 java @"$ROOT/sidecar-app/src/main/jvm/jvm.options" ${BENCH_SIDECAR_OPTS:-} -jar "$JAR" \
        --app-id "$name" --dapr-listen-addresses 127.0.0.1 --dapr-http-port "$http" --dapr-grpc-port "$grpc" \
        --dapr-internal-grpc-port 0 --metrics-port 0 --data-dir "$WORK/data" --log-level warn "$@" \
        >"$WORK/sidecar-$name.log" 2>&1 &
}
# the floor: plain Vert.x on the sidecars' JVM profile, A proxying invocations to B, B to the app
floor() { # PORT UPSTREAM app|sidecar
    MALLOC_ARENA_MAX=2 java @"$ROOT/sidecar-app/src/main/jvm/jvm.options" ${BENCH_SIDECAR_OPTS:-} -cp "$CP" FloorSidecar \
        "$1" "statestore/$KEY" "$VALUE" "$2" "$3" >"$WORK/floor-$1.log" 2>&1 &
}
floor "$FLOOR_B" "$ECHO_PORT" app
pids+=($!); FLOOR_B_PID=$!
floor "$FLOOR_A" "$FLOOR_B" sidecar
pids+=($!); FLOOR_A_PID=$!
T_SIDECARS=$(date +%s)
sidecar bench-b "$B_HTTP" "$B_GRPC" --app-port "$ECHO_PORT"
pids+=($!); B_PID=$!
sidecar bench-a "$A_HTTP" "$A_GRPC" --resources-path "$WORK/resources"
pids+=($!); A_PID=$!

nginx_conf() { # NAME SERVER-BLOCKS
    mkdir -p "$WORK/nginx-$1"
    cat >"$WORK/nginx-$1/nginx.conf" <<EOF
worker_processes 1;
daemon off;
pid $WORK/nginx-$1/nginx.pid;
error_log $WORK/nginx-$1/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  # nginx closes a client connection after 1000 requests by default (HTTP/2: GOAWAY); the
  # baselines and the sidecars do not
  keepalive_requests 1000000;
  client_body_temp_path $WORK/nginx-$1/body;
  proxy_temp_path $WORK/nginx-$1/proxy;
  proxy_http_version 1.1;
  proxy_set_header Connection "";
  proxy_request_buffering off;
  proxy_buffering off;
$2
}
EOF
}
hop() { # LISTEN UPSTREAM: an HTTP/1.1 hop, keep-alive connections to the upstream, no buffering
    printf '  upstream u%s { server 127.0.0.1:%s; keepalive 64; keepalive_requests 1000000; }\n  server { listen 127.0.0.1:%s; location / { proxy_pass http://u%s; } }\n' \
        "$1" "$2" "$1" "$1"
}
# nginx 1: the one hop of state, publish and gRPC, and the first of invocation's two
nginx_conf 1 "$(hop "$NG_STATE" "$STATE_PORT")
$(hop "$NG_PUB" "$PUB_PORT")
$(hop "$NG_INVOKE_A" "$NG_INVOKE_B")
  upstream g$NG_GRPC { server 127.0.0.1:$GRPC_PORT; keepalive 64; keepalive_requests 1000000; }
  server { listen 127.0.0.1:$NG_GRPC http2; location / { grpc_pass grpc://g$NG_GRPC; } }"
# nginx 2: invocation's second hop, a process of its own as sidecar B is
nginx_conf 2 "$(hop "$NG_INVOKE_B" "$ECHO_PORT")"
for n in 1 2; do
    "$NGINX" -p "$WORK/nginx-$n" -c "$WORK/nginx-$n/nginx.conf" >"$WORK/nginx-$n.log" 2>&1 &
    pids+=($!)
    eval "NG${n}_PID=$!"
done

ready() {
    curl -sf -o /dev/null "http://127.0.0.1:$A_HTTP/v1.0/healthz" && curl -sf -o /dev/null "http://127.0.0.1:$B_HTTP/v1.0/healthz" \
        && curl -sf -o /dev/null "http://127.0.0.1:$STATE_PORT/" && curl -sf -o /dev/null "http://127.0.0.1:$PUB_PORT/" \
        && curl -sf -o /dev/null -d x "http://127.0.0.1:$ECHO_PORT/" && curl -sf -o /dev/null "http://127.0.0.1:$NG_STATE/" \
        && curl -sf -o /dev/null -d x "http://127.0.0.1:$NG_INVOKE_A/" \
        && curl -sf -o /dev/null -d x "http://127.0.0.1:$FLOOR_A/v1.0/invoke/bench-b/method/" \
        && curl -s -o /dev/null --http2-prior-knowledge "http://127.0.0.1:$GRPC_PORT/"
}
for i in $(seq 900); do
    ready && break
    for p in "${pids[@]}"; do
        kill -0 "$p" 2>/dev/null || { echo "a process exited at start; logs:" >&2; tail -n 20 "$WORK"/*.log "$WORK"/nginx-*/error.log >&2; exit 1; }
    done
    sleep 0.1
done
ready || { echo "not ready after 90 s; logs in $WORK" >&2; BENCH_KEEP=1; exit 1; }
NG1_WORKER=$(pgrep -P "$NG1_PID" | head -1)
NG2_WORKER=$(pgrep -P "$NG2_PID" | head -1)

curl -sf -X POST "http://127.0.0.1:$A_HTTP/v1.0/state/statestore" -H 'content-type: application/json' \
    -d "[{\"key\":\"$KEY\",\"value\":$VALUE}]"
STATE_DIRECT="http://127.0.0.1:$STATE_PORT/v1.0/state/statestore/$KEY"
STATE_NGINX="http://127.0.0.1:$NG_STATE/v1.0/state/statestore/$KEY"
STATE_QUAPR="http://127.0.0.1:$A_HTTP/v1.0/state/statestore/$KEY"
STATE_FLOOR="http://127.0.0.1:$FLOOR_A/v1.0/state/statestore/$KEY"
INVOKE_FLOOR="http://127.0.0.1:$FLOOR_A/v1.0/invoke/bench-b/method/echo"
PUB_FLOOR="http://127.0.0.1:$FLOOR_A/v1.0/publish/pubsub/bench"
INVOKE_DIRECT="http://127.0.0.1:$ECHO_PORT/echo"
INVOKE_NGINX="http://127.0.0.1:$NG_INVOKE_A/echo"
INVOKE_QUAPR="http://127.0.0.1:$A_HTTP/v1.0/invoke/bench-b/method/echo"
PUB_DIRECT="http://127.0.0.1:$PUB_PORT/v1.0/publish/pubsub/bench"
PUB_NGINX="http://127.0.0.1:$NG_PUB/v1.0/publish/pubsub/bench"
PUB_QUAPR="http://127.0.0.1:$A_HTTP/v1.0/publish/pubsub/bench"
for u in "$STATE_DIRECT" "$STATE_NGINX" "$STATE_FLOOR" "$STATE_QUAPR"; do
    [ "$(curl -sf "$u")" = "$VALUE" ] || { echo "GET $u does not answer the value" >&2; exit 1; }
done
for u in "$INVOKE_DIRECT" "$INVOKE_NGINX" "$INVOKE_FLOOR" "$INVOKE_QUAPR"; do
    for i in $(seq 100); do # the sidecars may take a moment to find each other
        [ "$(curl -s -H 'content-type: application/json' --data-binary @"$WORK/body.json" "$u")" = "$VALUE" ] && break
        sleep 0.2
    done
    [ "$(curl -sf -H 'content-type: application/json' --data-binary @"$WORK/body.json" "$u")" = "$VALUE" ] \
        || { echo "POST $u does not echo the body; logs in $WORK" >&2; BENCH_KEEP=1; exit 1; }
done

# --- measuring

HZ=$(getconf CLK_TCK)
ticks() { # PIDS... -> their CPU ticks (user + system), space-separated
    local p out=()
    for p in "$@"; do out+=("$(awk '{ sub(/.*\) /, ""); print $12 + $13 }' "/proc/$p/stat")"); done
    echo "${out[*]}"
}
rss() { # PIDS... -> their RSS in MB, "/"-separated
    local p out=()
    for p in "$@"; do out+=("$(awk '/VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$p/status")"); done
    local IFS=/
    echo "${out[*]}"
}
cpu_per_call() { # "TICKS BEFORE" "TICKS AFTER" CALLS -> ms of CPU per call of each process, "+"-separated
    awk -v a="$1" -v b="$2" -v n="$3" -v hz="$HZ" 'BEGIN {
        k = split(a, x, " "); split(b, y, " ")
        for (i = 1; i <= k; i++) printf "%s%.3f", (i > 1 ? "+" : ""), (y[i] - x[i]) * 1000 / hz / n }'
}
pcts() { # MSFILE -> "p50|p90|p99" of the times in it
    sort -g "$1" | awk '{ v[NR] = $1 } function at(p) { i = int(NR * p / 100); return v[i < 1 ? 1 : i] }
        END { printf "%.3f|%.3f|%.3f", at(50), at(90), at(99) }'
}
mean() { # MSFILE -> the mean of the times in it
    awk '{ s += $1 } END { printf "%.3f", s / NR }' "$1"
}
record() { # SCENARIO WAY MODE MSFILE COUNT SECONDS CPU RSS
    echo "$1|$2|$3|$(pcts "$4")|$5|$6|$7|$8|$(mean "$4")" >>"$WORK/results"
}
hey_args() { # METHOD -> hey's options for it
    [ "$1" = GET ] || echo "-m POST -T application/json -D $WORK/body.json"
}
warm() { # SECONDS METHOD URL
    # shellcheck disable=SC2046
    hey -z "$1s" -c "$CONNECTIONS" $(hey_args "$2") "$3" >/dev/null
}
measure() { # SCENARIO WAY MODE(rate|max|new|one) METHOD URL PIDS...
    local scenario=$1 way=$2 mode=$3 method=$4 url=$5 seconds limit=() before after connections=$CONNECTIONS
    shift 5
    case "$mode" in
    rate | new) seconds=$FIXED; limit=(-q $((RATE / CONNECTIONS))) ;;
    one) seconds=$FIXED; connections=1 ;;
    *) seconds=$MAX ;;
    esac
    local out="$WORK/$scenario-$way-$mode"
    before=$(ticks "$@")
    # shellcheck disable=SC2046
    hey -z "${seconds}s" -c "$connections" "${limit[@]}" $(hey_args "$method") -o csv "$url" >"$out.csv"
    after=$(ticks "$@")
    # columns: response-time,DNS+dialup,DNS,Request-write,Response-delay,Response-read,status-code,offset
    awk -F, 'NR > 1 && $7 >= 200 && $7 < 300 { print $1 * 1000 }' "$out.csv" >"$out.ms"
    local ok all
    ok=$(wc -l <"$out.ms"); all=$(($(wc -l <"$out.csv") - 1))
    [ "$ok" -gt 0 ] && [ "$ok" -eq "$all" ] || {
        echo "$scenario $way $mode: $((all - ok)) of $all requests failed:" >&2
        awk -F, 'NR > 1 && !($7 >= 200 && $7 < 300) { print $7 }' "$out.csv" | sort | uniq -c >&2
        exit 1
    }
    record "$scenario" "$way" "$mode" "$out.ms" "$ok" "$seconds" "$(cpu_per_call "$before" "$after" "$ok")" "$(rss "$@")"
    rm -f "$out.csv"
}
http_scenario() { # SCENARIO METHOD DIRECT-URL DIRECT-PIDS NGINX-URL NGINX-PIDS QUAPR-URL QUAPR-PIDS FLOOR-URL FLOOR-PIDS
    local scenario=$1 method=$2
    echo "$(date +%T) $scenario: warm-up, then $FIXED s at $RATE/s and $MAX s at max throughput each way" >&2
    warm "$WARM" "$method" "$7"
    warm "$WARM" "$method" "$9"
    warm "$WARM_OTHER" "$method" "$3"
    warm "$WARM_OTHER" "$method" "$5"
    for mode in rate max; do
        measure "$scenario" direct "$mode" "$method" "$3" $4
        measure "$scenario" nginx "$mode" "$method" "$5" $6
        measure "$scenario" floor "$mode" "$method" "$9" ${10}
        measure "$scenario" quapr "$mode" "$method" "$7" $8
    done
}
grpc_way() { # WAY URL WARMUP PIDS...
    local way=$1 url=$2 warmup=$3 out="$WORK/grpc-$1"
    shift 3
    local list
    list=$(echo "$@" | tr ' ' ,)
    # C1 only: with C2 compiling, the loop itself was the bottleneck for its first 15 s
    java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx256m -cp "$CP" GrpcLoad load "$url" \
        /dapr.proto.runtime.v1.Dapr/GetState statestore "$KEY" ${#VALUE} "$RATE" "$CONNECTIONS" 1 "$warmup" "$FIXED" \
        "$MAX" "$out" "$list" 2>"$out.err" >"$out.txt" || { echo "grpc $way failed:" >&2; grep -v SLF4J "$out.err" >&2; exit 1; }
    local phase ok failed seconds cpu
    while read -r phase ok failed seconds cpu; do
        record grpc "$way" "$phase" "$out.$phase.ms" "$ok" "$seconds" \
            "$(awk -v c="$cpu" -v n="$ok" -v hz="$HZ" 'BEGIN { k = split(c, x, ",")
                for (i = 1; i <= k; i++) printf "%s%.3f", (i > 1 ? "+" : ""), x[i] * 1000 / hz / n }')" "$(rss "$@")"
    done <"$out.txt"
}

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
echo "$(date +%T) ready after $(($(date +%s) - T_START)) s" >&2
: >"$WORK/results"
for s in ${SCENARIOS//,/ }; do
    case "$s" in
    invoke-new)
        # a new pod's first traffic: from 10 s after the sidecars started (now, if they took longer to be ready)
        wait_s=$((T_SIDECARS + 10 - $(date +%s)))
        [ "$wait_s" -le 0 ] || sleep "$wait_s"
        echo "$(date +%T) invoke-new: Quapr's first $FIXED s at $RATE/s, $(($(date +%s) - T_SIDECARS)) s after the sidecars started" >&2
        measure invoke new new POST "$INVOKE_QUAPR" "$A_PID" "$B_PID"
        ;;
    invoke-one)
        echo "$(date +%T) invoke-one: $FIXED s back to back on one connection each way" >&2
        if [[ ",$SCENARIOS," != *,invoke,* ]]; then
            warm "$WARM" POST "$INVOKE_QUAPR"
            warm "$WARM" POST "$INVOKE_FLOOR"
        fi
        measure invoke direct one POST "$INVOKE_DIRECT" "$ECHO_PID"
        measure invoke nginx one POST "$INVOKE_NGINX" "$NG1_WORKER" "$NG2_WORKER"
        measure invoke floor one POST "$INVOKE_FLOOR" "$FLOOR_A_PID" "$FLOOR_B_PID"
        measure invoke quapr one POST "$INVOKE_QUAPR" "$A_PID" "$B_PID"
        ;;
    state) http_scenario state GET "$STATE_DIRECT" "$STATE_BASE_PID" "$STATE_NGINX" "$NG1_WORKER" "$STATE_QUAPR" "$A_PID" \
        "$STATE_FLOOR" "$FLOOR_A_PID" ;;
    invoke) http_scenario invoke POST "$INVOKE_DIRECT" "$ECHO_PID" "$INVOKE_NGINX" "$NG1_WORKER $NG2_WORKER" \
        "$INVOKE_QUAPR" "$A_PID $B_PID" "$INVOKE_FLOOR" "$FLOOR_A_PID $FLOOR_B_PID" ;;
    publish) http_scenario publish POST "$PUB_DIRECT" "$PUB_BASE_PID" "$PUB_NGINX" "$NG1_WORKER" "$PUB_QUAPR" "$A_PID" \
        "$PUB_FLOOR" "$FLOOR_A_PID" ;;
    grpc)
        echo "$(date +%T) grpc: warm-up, then $FIXED s at $RATE/s and $MAX s at max throughput each way (1 HTTP/2 connection)" >&2
        grpc_way direct "http://127.0.0.1:$GRPC_PORT" "$WARM_OTHER" "$GRPC_BASE_PID"
        grpc_way nginx "http://127.0.0.1:$NG_GRPC" "$WARM_OTHER" "$NG1_WORKER"
        grpc_way quapr "http://127.0.0.1:$A_GRPC" "$WARM" "$A_PID"
        ;;
    *) echo "unknown scenario $s" >&2; exit 2 ;;
    esac
done

# --- the tables

commit=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
git -C "$ROOT" diff --quiet HEAD -- sidecar-app 2>/dev/null || commit="$commit (sidecar-app modified)"
echo "$(date +%T) done" >&2
echo
echo "$(date -u '+%Y-%m-%d %H:%M UTC'), commit $commit, $(nproc) cores ($(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)), $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)"
echo "$(java -version 2>&1 | head -1); $("$NGINX" -v 2>&1 | sed 's/.*: //'); hey; load average $LOAD_BEFORE before, $(cut -d' ' -f1-3 /proc/loadavg) after"
echo "1 KB bodies; $CONNECTIONS connections (gRPC: 1 HTTP/2 connection, $CONNECTIONS calls in flight at max throughput)"
echo "added: p - direct p; x nginx: the added latency of Quapr (and of the floor) / nginx's (invoke: two nginx hops, two sidecars); req/s x nginx: throughput / nginx's"
echo "floor: plain Vert.x on the sidecar's JVM profile (FloorSidecar.java; invoke: floor A -> floor B -> the app)"
echo "CPU ms/call and RSS MB: the baseline app (direct), the nginx workers, the floor processes, the sidecars (invoke: A+B)"
for mode in rate max; do
    echo
    if [ "$mode" = rate ]; then echo "at $RATE requests/s, $FIXED s each"; else echo "at max throughput, $MAX s each"; fi
    printf '| %-8s | %-6s | %7s | %7s | %7s | %8s | %8s | %7s | %7s | %8s | %7s | %13s | %9s |\n' scenario way "p50 ms" "p90 ms" \
        "p99 ms" "+p50 ms" "+p99 ms" "x nginx" "x nginx" "req/s" "x nginx" "CPU ms/call" "RSS MB"
    printf '| %-8s | %-6s | %7s | %7s | %7s | %8s | %8s | %7s | %7s | %8s | %7s | %13s | %9s |\n' "" "" "" "" "" "" "" "p50" "p99" \
        "" "req/s" "" ""
    printf '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n'
    awk -F'|' -v mode="$mode" '
        # the first traffic of the new sidecars (mode new) is a row of the fixed-rate table
        $3 == "new" { $3 = "rate" }
        $3 == mode { key = $1 SUBSEP $2; p50[key] = $4; p90[key] = $5; p99[key] = $6; rps[key] = $7 / $8
            cpu[key] = $9; mem[key] = $10; if (!($1 in seen)) { seen[$1] = 1; order[++n] = $1 } }
        function added(s, w, p) { return (p == 50 ? p50[s, w] - p50[s, "direct"] : p99[s, w] - p99[s, "direct"]) }
        function ratio(a, b) { return (b > 0 ? sprintf("%.2f", a / b) : "-") }
        END {
            for (i = 1; i <= n; i++) {
                s = order[i]
                for (j = 1; j <= 5; j++) {
                    w = (j == 1 ? "direct" : j == 2 ? "nginx" : j == 3 ? "floor" : j == 4 ? "quapr" : "new")
                    if (!((s, w) in p50)) continue
                    a50 = (w == "direct" ? "" : sprintf("%+.3f", added(s, w, 50)))
                    a99 = (w == "direct" ? "" : sprintf("%+.3f", added(s, w, 99)))
                    vs = (w == "quapr" || w == "floor" || w == "new")
                    r50 = (vs ? ratio(added(s, w, 50), added(s, "nginx", 50)) : "")
                    r99 = (vs ? ratio(added(s, w, 99), added(s, "nginx", 99)) : "")
                    rr = (vs ? ratio(rps[s, w], rps[s, "nginx"]) : "")
                    printf "| %-8s | %-6s | %7.3f | %7.3f | %7.3f | %8s | %8s | %7s | %7s | %8.0f | %7s | %13s | %9s |\n",
                        (j == 1 ? s : ""), w, p50[s, w], p90[s, w], p99[s, w], a50, a99, r50, r99, rps[s, w], rr,
                        cpu[s, w], mem[s, w]
                }
            }
        }' "$WORK/results"
done
if grep -q '^invoke|[a-z]*|new|' "$WORK/results"; then
    echo "new: Quapr's first $FIXED s of invocations at $RATE/s, from 10 s after the sidecars started, before any warm-up"
fi
if grep -q '^invoke|[a-z]*|one|' "$WORK/results"; then
    echo
    echo "invoke back to back on one connection (hey -c 1, no pause), $FIXED s each; +mean: mean - direct mean; x nginx: / two nginx hops' +mean"
    printf '| %-6s | %8s | %7s | %7s | %8s | %7s | %8s | %13s |\n' way "mean ms" "p50 ms" "p99 ms" "+mean ms" "x nginx" "req/s" "CPU ms/call"
    printf '|---|---:|---:|---:|---:|---:|---:|---:|\n'
    awk -F'|' '$1 == "invoke" && $3 == "one" { p50[$2] = $4; p99[$2] = $6; rps[$2] = $7 / $8; cpu[$2] = $9; mean[$2] = $11 }
        END {
            split("direct nginx floor quapr", ways, " ")
            for (j = 1; j <= 4; j++) {
                w = ways[j]
                if (!(w in mean)) continue
                added = mean[w] - mean["direct"]
                ng = mean["nginx"] - mean["direct"]
                printf "| %-6s | %8.3f | %7.3f | %7.3f | %8s | %7s | %8.0f | %13s |\n", w, mean[w], p50[w], p99[w],
                    (w == "direct" ? "" : sprintf("%+.3f", added)),
                    (w == "floor" || w == "quapr" ? (ng > 0 ? sprintf("%.2f", added / ng) : "-") : ""), rps[w], cpu[w]
            }
        }' "$WORK/results"
fi
if [ -n "$ACTOR_TABLE" ]; then echo "$ACTOR_TABLE"; fi
exit "$ACTOR_RC"
