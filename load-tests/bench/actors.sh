#!/usr/bin/env bash
# The actor scenario of bench.sh (`bench.sh --scenarios actors`, or `--actors` beside the others);
# runs on its own too. Benchmark, not a test: one sidecar with an actor state store and an actor
# host app (ActorProbe.java host: echoes method calls, records reminder callbacks), on loopback.
#
#   load-tests/bench/actors.sh [--seconds N] [--rate N] [--connections N] [--activations N]
#                              [--reminders N] [--warm N]
#
# 1. Method calls on already-active actors: CONNECTIONS `hey` processes, one connection and one
#    actor each, together RATE requests/s for SECONDS (a PUT of a small JSON body, echoed), straight
#    to the app and through the sidecar; then one hey with CONNECTIONS connections on a single actor
#    (its calls take turns). p50/p90/p99, what the sidecar adds, its CPU per call and RSS.
# 2. Activation: ACTIVATIONS calls (ActorProbe.java activate, 500/s, CONNECTIONS connections at
#    most, as daprd's TestActorActivate runs at 500 QPS), each the first call to another actor id;
#    then the same ids again (now active), and the same calls straight to the app.
# 3. Reminders: REMINDERS one-shot reminders (one per actor) registered over 8 connections
#    (BENCH_REMIND_CONNECTIONS), all due
#    at the same instant (an RFC 3339 dueTime, BENCH_REMIND_AHEAD s after the start, default
#    5 + 1.5 REMINDERS^2 / 10^6); registration latency, then the callbacks the app counted: triggers/s from
#    the due instant to the last callback, and each callback's delay after the due instant.
#
# The actor store is state.in-memory (BENCH_ACTOR_STORE=redis: state.redis on 127.0.0.1:6379, the
# keys of this run's app id deleted at the end). The sidecar runs as quaprd runs it (jvm.options,
# MALLOC_ARENA_MAX=2, BENCH_SIDECAR_OPTS after the profile). Ports BENCH_ACTOR_PORT_BASE (default
# 3720) to +2. Prints one table to stdout, progress to stderr; BENCH_KEEP=1 keeps the work folder.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BENCH="$ROOT/load-tests/bench"
APP="$ROOT/sidecar-app/target/quarkus-app"
JAR="$APP/quarkus-run.jar"
LIB="$APP/lib/main/*"

SECONDS_PER_RUN=30
RATE=1000
CONNECTIONS=16
ACTIVATIONS=5000
REMINDERS=5000
WARM=20
while [ $# -gt 0 ]; do
    case "$1" in
    --seconds) SECONDS_PER_RUN=$2; shift ;;
    --rate) RATE=$2; shift ;;
    --connections) CONNECTIONS=$2; shift ;;
    --activations) ACTIVATIONS=$2; shift ;;
    --reminders) REMINDERS=$2; shift ;;
    --warm) WARM=$2; shift ;;
    -h | --help) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
    esac
    shift
done
# bounded: the counts are capped so that a run stays within minutes
[ "$ACTIVATIONS" -le 30000 ] && [ "$REMINDERS" -le 10000 ] || { echo "at most 30000 activations and 10000 reminders" >&2; exit 2; }
ACTIVATION_RATE=500
REMIND_CONNECTIONS=${BENCH_REMIND_CONNECTIONS:-8}
# registration slows down as reminders accumulate (each one rewrites the list of all jobs): 2,000
# took 4 s and 5,000 took 30 s on the busy 2-core machine, so the wait grows with the square
AHEAD=${BENCH_REMIND_AHEAD:-$((5 + REMINDERS * REMINDERS * 3 / 2000000))}
STORE=${BENCH_ACTOR_STORE:-memory}
TYPE=BenchActor
APP_ID="bench-actors-$$"
for tool in hey curl; do command -v "$tool" >/dev/null || { echo "needs $tool: apt-get install -y $tool" >&2; exit 1; }; done
[ -f "$JAR" ] || { echo "build the sidecar first: ./mvnw -B -q install -DskipTests -pl sidecar-app -am" >&2; exit 1; }

PORT_BASE=${BENCH_ACTOR_PORT_BASE:-3720}
HTTP=$PORT_BASE; GRPC=$((PORT_BASE + 1)); APP_PORT=$((PORT_BASE + 2))
for port in $HTTP $GRPC $APP_PORT; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
        echo "port $port is taken (BENCH_ACTOR_PORT_BASE=$PORT_BASE uses $PORT_BASE-$APP_PORT)" >&2
        exit 1
    fi
done

WORK=$(mktemp -d)
pids=()
cleanup() {
    # the sidecar first: it deactivates its actors on the way out, through the app
    local i
    for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
        kill "${pids[i]}" 2>/dev/null || true
        wait "${pids[i]}" 2>/dev/null || true
    done
    if [ "$STORE" = redis ]; then
        # only this run's keys: they all hold its app id
        redis-cli --scan --pattern "*$APP_ID*" | xargs -r -n 500 redis-cli del >/dev/null 2>&1 || true
    fi
    if [ -n "${BENCH_KEEP:-}" ]; then echo "kept $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

CLASSES="$ROOT/load-tests/target/actor-classes"
if [ ! -f "$CLASSES/ActorProbe.class" ] || [ "$BENCH/ActorProbe.java" -nt "$CLASSES/ActorProbe.class" ]; then
    rm -rf "$CLASSES"
    javac -nowarn -cp "$LIB" -d "$CLASSES" "$BENCH/ActorProbe.java"
fi
# C1 only, as the sidecar runs (jvm.options): on 2 busy cores C2 compiled for the whole of a short run
# exec: a background probe's $! is then the JVM itself, whose CPU and RSS are read
probe() { exec java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx256m -cp "$CLASSES:$LIB" ActorProbe "$@"; }

mkdir -p "$WORK/resources"
if [ "$STORE" = redis ]; then
    redis-cli ping >/dev/null || { echo "BENCH_ACTOR_STORE=redis: no Redis on 127.0.0.1:6379" >&2; exit 1; }
    store_spec="  type: state.redis
  version: v1
  metadata:
  - name: redisHost
    value: 127.0.0.1:6379"
else
    store_spec="  type: state.in-memory
  version: v1
  metadata:"
fi
printf 'apiVersion: dapr.io/v1alpha1\nkind: Component\nmetadata:\n  name: actorstore\nspec:\n%s\n  - name: actorStateStore\n    value: "true"\n' \
    "$store_spec" >"$WORK/resources/actorstore.yaml"

T_START=$(date +%s)
probe host "$APP_PORT" "$TYPE" >"$WORK/app.log" 2>&1 &
pids+=($!); APP_PID=$!
MALLOC_ARENA_MAX=2 java @"$ROOT/sidecar-app/src/main/jvm/jvm.options" ${BENCH_SIDECAR_OPTS:-} -jar "$JAR" \
    --app-id "$APP_ID" --app-port "$APP_PORT" --dapr-listen-addresses 127.0.0.1 --dapr-http-port "$HTTP" \
    --dapr-grpc-port "$GRPC" --dapr-internal-grpc-port 0 --metrics-port 0 --data-dir "$WORK/data" \
    --resources-path "$WORK/resources" --log-level warn >"$WORK/sidecar.log" 2>&1 &
pids+=($!); SIDECAR_PID=$!

SIDECAR="http://127.0.0.1:$HTTP/v1.0"
DIRECT="http://127.0.0.1:$APP_PORT"
BODY='{"n":1}'
printf '%s' "$BODY" >"$WORK/body.json"
# ready when a call to an actor reaches the app: the sidecar has read the app's /dapr/config
ready() { [ "$(curl -s -X PUT -H 'content-type: application/json' -d "$BODY" "$SIDECAR/actors/$TYPE/ready/method/echo")" = "$BODY" ]; }
for i in $(seq 900); do
    ready && break
    for p in "${pids[@]}"; do
        kill -0 "$p" 2>/dev/null || { echo "a process exited at start; logs:" >&2; tail -n 20 "$WORK"/*.log >&2; exit 1; }
    done
    sleep 0.1
done
ready || { echo "no actor call through the sidecar after 90 s; logs in $WORK" >&2; BENCH_KEEP=1; exit 1; }
echo "$(date +%T) actors: ready after $(($(date +%s) - T_START)) s ($STORE actor store)" >&2

HZ=$(getconf CLK_TCK)
ticks() { awk '{ sub(/.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"; }
rss() { awk '/VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status"; }
pcts() { # MSFILE -> "p50|p90|p99" (the rule of bench.sh)
    sort -g "$1" | awk '{ v[NR] = $1 } function at(p) { i = int(NR * p / 100); return v[i < 1 ? 1 : i] }
        END { printf "%.3f|%.3f|%.3f", at(50), at(90), at(99) }'
}
: >"$WORK/results"
record() { # MEASURE WAY MSFILE COUNT PER-S CPU RSS
    echo "$1|$2|$(pcts "$3")|$4|$5|$6|$7" >>"$WORK/results"
}

# --- 1. method calls on active actors

calls() { # NAME BASE-URL PID SECONDS ONE-ACTOR: RATE requests/s over CONNECTIONS connections
    local name=$1 base=$2 pid=$3 seconds=$4 one=$5 out="$WORK/calls-$1" before after i hp=()
    local per
    per=$(awk -v r="$RATE" -v c="$CONNECTIONS" 'BEGIN { printf "%.3f", r / c }')
    before=$(ticks "$pid")
    if [ "$one" = 1 ]; then
        hey -z "${seconds}s" -c "$CONNECTIONS" -q "$per" -m PUT -T application/json -D "$WORK/body.json" -o csv \
            "$base/actors/$TYPE/hot/method/echo" >"$out.0.csv" &
        hp+=($!)
    else
        # one hey per actor: hey sends one URL, and an actor takes one call at a time
        for i in $(seq 0 $((CONNECTIONS - 1))); do
            hey -z "${seconds}s" -c 1 -q "$per" -m PUT -T application/json -D "$WORK/body.json" -o csv \
                "$base/actors/$TYPE/active-$i/method/echo" >"$out.$i.csv" &
            hp+=($!)
        done
    fi
    for p in "${hp[@]}"; do wait "$p"; done
    after=$(ticks "$pid")
    # columns: response-time,DNS+dialup,DNS,Request-write,Response-delay,Response-read,status-code,offset
    cat "$out".*.csv | awk -F, '$1 != "response-time" && $7 == 200 { print $1 * 1000 }' >"$out.ms"
    local ok all
    ok=$(wc -l <"$out.ms")
    all=$(cat "$out".*.csv | grep -vc '^response-time' || true)
    [ "$ok" -gt 0 ] && [ "$ok" -eq "$all" ] || {
        echo "actor calls $name: $((all - ok)) of $all requests failed:" >&2
        cat "$out".*.csv | awk -F, '$1 != "response-time" && $7 != 200 { print $7 }' | sort | uniq -c >&2
        exit 1
    }
    rm -f "$out".*.csv
    record "calls" "$name" "$out.ms" "$ok" "$(awk -v n="$ok" -v s="$seconds" 'BEGIN { printf "%.0f", n / s }')" \
        "$(awk -v a="$before" -v b="$after" -v n="$ok" -v hz="$HZ" 'BEGIN { printf "%.3f", (b - a) * 1000 / hz / n }')" \
        "$(rss "$pid")"
}
echo "$(date +%T) actors: method calls, $WARM s warm-up, then $SECONDS_PER_RUN s at $RATE/s each way" >&2
# the warm-up activates the actors the measured calls go to
warm_seconds=$WARM
calls warm "$SIDECAR" "$SIDECAR_PID" "$warm_seconds" 0
calls warm-hot "$SIDECAR" "$SIDECAR_PID" 1 1
: >"$WORK/results"
calls direct "$DIRECT" "$APP_PID" "$SECONDS_PER_RUN" 0
calls quapr "$SIDECAR" "$SIDECAR_PID" "$SECONDS_PER_RUN" 0
calls quapr-1-actor "$SIDECAR" "$SIDECAR_PID" "$SECONDS_PER_RUN" 1

# --- 2. activation

activation() { # NAME BASE-URL PREFIX PID
    local out="$WORK/activate-$1" before after line ok
    before=$(ticks "$4")
    line=$(probe activate "$2" "$TYPE" "$3" "$ACTIVATIONS" "$ACTIVATION_RATE" "$CONNECTIONS" \
        $((ACTIVATION_RATE * 2)) "$out.ms" 2>"$out.err") || { echo "activation $1 failed:" >&2; cat "$out.err" >&2; exit 1; }
    after=$(ticks "$4")
    ok=${line%% *}
    # CPU over the warm-up calls too: per call of both
    record "activation" "$1" "$out.ms" "$ok" "$ACTIVATION_RATE" \
        "$(awk -v a="$before" -v b="$after" -v n=$((ok + ACTIVATION_RATE * 2)) -v hz="$HZ" 'BEGIN { printf "%.3f", (b - a) * 1000 / hz / n }')" \
        "$(rss "$4")"
}
echo "$(date +%T) actors: activation, $ACTIVATIONS new actor ids at $ACTIVATION_RATE/s (after 2 s of untimed ones), then again, then direct" >&2
activation direct "$DIRECT" fresh- "$APP_PID"
activation quapr-first "$SIDECAR" fresh- "$SIDECAR_PID"
activation quapr-again "$SIDECAR" fresh- "$SIDECAR_PID"

# --- 3. reminders

echo "$(date +%T) actors: $REMINDERS reminders due together $AHEAD s after the start of their registration ($REMIND_CONNECTIONS connections)" >&2
before=$(ticks "$SIDECAR_PID")
# a failed registration is counted and reported in the table (the run then exits 1), so that the
# triggers of the registered reminders are still measured
REMIND_FAILED=0
line=$(probe remind "$SIDECAR" "$DIRECT" "$TYPE" remind- "$REMINDERS" "$REMIND_CONNECTIONS" "$AHEAD" "$WORK/remind" \
    2>"$WORK/remind.err") || REMIND_FAILED=1
after=$(ticks "$SIDECAR_PID")
read -r registered failed_registrations registering slack delivered first_ms last_ms <<<"$line"
[ -n "$last_ms" ] || { echo "reminders failed:" >&2; cat "$WORK/remind.err" >&2; tail -n 20 "$WORK/sidecar.log" >&2; exit 1; }
record "reminders" "register" "$WORK/remind.register.ms" "$registered" \
    "$(awk -v n="$registered" -v s="$registering" 'BEGIN { printf "%.0f", n / s }')" "-" "-"
record "reminders" "due->callback" "$WORK/remind.delay.ms" "$delivered" \
    "$(awk -v n="$delivered" -v l="$last_ms" 'BEGIN { if (l > 0) printf "%.0f", n * 1000 / l; else printf "-" }')" \
    "$(awk -v a="$before" -v b="$after" -v n="$delivered" -v hz="$HZ" 'BEGIN { if (n > 0) printf "%.3f", (b - a) * 1000 / hz / n; else printf "-" }')" \
    "$(rss "$SIDECAR_PID")"
warnings=$(grep -c 'WARN\|ERROR' "$WORK/sidecar.log" || true)

# --- the table

commit=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
git -C "$ROOT" diff --quiet HEAD -- sidecar-app 2>/dev/null || commit="$commit (sidecar-app modified)"
echo "$(date +%T) actors: done" >&2
echo
echo "actors: $(date -u '+%Y-%m-%d %H:%M UTC'), commit $commit, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); actor store $STORE"
echo "calls: PUT of 7 bytes echoed, $RATE/s over $CONNECTIONS connections for $SECONDS_PER_RUN s (one actor per connection; 1-actor: all on one actor);"
echo "activation: $ACTIVATIONS first calls to new ids at $ACTIVATION_RATE/s (again: the same ids, now active); reminders: $REMINDERS one-shot, due at one instant, registered over $REMIND_CONNECTIONS connections"
echo "+p: p - direct p; per s: calls/s, registrations/s, or callbacks/s from the due instant to the last one; CPU ms/call and RSS MB: the app (direct) or the sidecar"
printf '| %-10s | %-13s | %6s | %8s | %8s | %8s | %8s | %8s | %7s | %11s | %6s |\n' measure way count "p50 ms" "p90 ms" \
    "p99 ms" "+p50 ms" "+p99 ms" "per s" "CPU ms/call" "RSS MB"
printf '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n'
awk -F'|' '
    { m[NR] = $1; w[NR] = $2; p50[NR] = $3; p90[NR] = $4; p99[NR] = $5; n[NR] = $6; rate[NR] = $7; cpu[NR] = $8
      mem[NR] = $9; if ($2 == "direct") { d50[$1] = $3; d99[$1] = $5 } }
    END {
        for (i = 1; i <= NR; i++) {
            a50 = (m[i] in d50 && w[i] != "direct") ? sprintf("%+.3f", p50[i] - d50[m[i]]) : ""
            a99 = (m[i] in d99 && w[i] != "direct") ? sprintf("%+.3f", p99[i] - d99[m[i]]) : ""
            printf "| %-10s | %-13s | %6d | %8.3f | %8.3f | %8.3f | %8s | %8s | %7s | %11s | %6s |\n",
                (i == 1 || m[i] != m[i - 1] ? m[i] : ""), w[i], n[i], p50[i], p90[i], p99[i], a50, a99, rate[i], cpu[i], mem[i]
        }
    }' "$WORK/results"
echo "reminders: registration took $registering s ($slack s before the due instant), $failed_registrations failed; callbacks $delivered of $registered registered, first ${first_ms} ms and last ${last_ms} ms after the due instant; sidecar log: $warnings warnings/errors"
echo "daprd 1.17 (dapr/dapr tests/perf/report/charts/v1.17.0/actors, Kubernetes): activation at 500/s p50 2.30 ms, p90 2.98, p99 6.89 (the issue quotes p50 2.35 ms); 15,463 reminder triggers/s over 100,000; registration at 667/s p50 36 ms, p99 74 ms"
if [ "$REMIND_FAILED" = 1 ]; then
    echo "FAILED: $(grep -v SLF4J "$WORK/remind.err" | tr '\n' ' ')"
    exit 1
fi
