#!/usr/bin/env bash
# Benchmark (not a test): the production JVM profile (sidecar-app/src/main/jvm/jvm.options, what
# quaprd uses) against the JVM's defaults, in the same run.
#
#   load-tests/bench/jvm-profile.sh [seconds per load run, default 20] [requests/s, default 1000]
#
# Variants: the JVM's defaults, the profile, the profile with a class-data-sharing archive (JDK
# 17), and on JDK 25 (BENCH_JDK25, default Temurin's under /usr/lib/jvm) the profile alone and
# with an AOT cache; the archive and the cache come from a training run in the same script.
# For each: time from start to /v1.0/healthz answering, RSS idle 5 s later, then state GETs of a
# 1 KB value (state.in-memory) at a fixed rate over 10 connections with `hey`: a first run right
# after start (what a new pod's first traffic meets), then a second; for the second, p50/p99,
# requests/s, the sidecar's CPU per call (from /proc) and its peak RSS. Bounded: two load runs of
# the given length per JVM.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
DUR=${1:-20}
RATE=${2:-1000}
HTTP_PORT=${BENCH_HTTP_PORT:-3597}
JAR="$ROOT/sidecar-app/target/quarkus-app/quarkus-run.jar"
[ -f "$JAR" ] || { echo "build first: ./mvnw -B -q install -DskipTests" >&2; exit 1; }
command -v hey >/dev/null || { echo "needs hey: apt-get install -y hey" >&2; exit 1; }

WORK=$(mktemp -d)
sidecar=
cleanup() { [ -z "$sidecar" ] || kill "$sidecar" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
mkdir -p "$WORK/resources"
printf 'apiVersion: dapr.io/v1alpha1\nkind: Component\nmetadata:\n  name: statestore\nspec:\n  type: state.in-memory\n  version: v1\n' \
    >"$WORK/resources/statestore.yaml"
URL="http://127.0.0.1:$HTTP_PORT/v1.0"
rss_mb() { awk '/VmRSS/ { print int($2 / 1024) }' "/proc/$1/status"; }
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

measure() { # LABEL JVM-ARGS...
    local label=$1
    shift
    local t0 t1 idle c0 c1 n peak
    t0=$(date +%s%N)
    HOME="$WORK/home" MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2} "$JAVA" "$@" -jar "$JAR" --app-id jvmprofile \
        --dapr-http-port "$HTTP_PORT" --dapr-grpc-port 0 --dapr-internal-grpc-port 0 --metrics-port 0 \
        --data-dir "$WORK/data-$label" --resources-path "$WORK/resources" >"$WORK/sidecar-$label.log" 2>&1 &
    sidecar=$!
    until curl -sf -o /dev/null "$URL/healthz"; do
        kill -0 "$sidecar" || { cat "$WORK/sidecar-$label.log" >&2; exit 1; }
        sleep 0.01
    done
    t1=$(date +%s%N)
    sleep 5
    idle=$(rss_mb "$sidecar")
    curl -sf -X POST "$URL/state/statestore" -H 'content-type: application/json' \
        -d "[{\"key\":\"k\",\"value\":\"$(head -c 1000 /dev/zero | tr '\0' x)\"}]"
    n=$((RATE * DUR / 10 * 10))
    hey -n "$n" -c 10 -q $((RATE / 10)) "$URL/state/statestore/k" >"$WORK/first-$label"
    : >"$WORK/rss-$label"
    (while kill -0 "$sidecar" 2>/dev/null; do rss_mb "$sidecar" >>"$WORK/rss-$label" 2>/dev/null || true; sleep 0.5; done) &
    c0=$(cpu_ticks "$sidecar")
    hey -n "$n" -c 10 -q $((RATE / 10)) "$URL/state/statestore/k" >"$WORK/second-$label"
    c1=$(cpu_ticks "$sidecar")
    peak=$(sort -n "$WORK/rss-$label" | tail -1)
    kill "$sidecar"
    wait "$sidecar" 2>/dev/null || true
    sidecar=
    awk -v l="$label" -v s=$(((t1 - t0) / 1000000)) -v i="$idle" -v p="$peak" -v cpu=$(((c1 - c0) * 10000000 / n)) '
        FILENAME ~ /first/ && /99%/ { fp99 = $3 * 1000 }
        FILENAME ~ /second/ && /50%/ { p50 = $3 * 1000 }
        FILENAME ~ /second/ && /99%/ { p99 = $3 * 1000 }
        FILENAME ~ /second/ && /Requests\/sec/ { rps = $2 }
        END { printf "%-12s %9d %8d %9d %12.1f %8.2f %8.2f %8.0f %9.0f\n", l, s, i, p, fp99, p50, p99, rps, cpu / 1000 }' \
        "$WORK/first-$label" "$WORK/second-$label" >>"$WORK/results"
}

# A training run: start, serve the calls the measured runs make, stop cleanly (the archive or
# cache is written at exit). JVM-ARGS name the archive to write.
train() { # JVM-ARGS...
    HOME="$WORK/home" "$JAVA" "$@" -jar "$JAR" --app-id jvmprofile \
        --dapr-http-port "$HTTP_PORT" --dapr-grpc-port 0 --dapr-internal-grpc-port 0 --metrics-port 0 \
        --data-dir "$WORK/data-train" --resources-path "$WORK/resources" >"$WORK/train.log" 2>&1 &
    sidecar=$!
    until curl -sf -o /dev/null "$URL/healthz"; do
        kill -0 "$sidecar" || { cat "$WORK/train.log" >&2; exit 1; }
        sleep 0.05
    done
    curl -sf -X POST "$URL/state/statestore" -H 'content-type: application/json' -d '[{"key":"k","value":"v"}]'
    hey -n 2000 -c 10 "$URL/state/statestore/k" >/dev/null
    curl -sf -o /dev/null "$URL/metadata"
    kill "$sidecar"
    wait "$sidecar" 2>/dev/null || true
    sidecar=
}

PROFILE=@"$ROOT/sidecar-app/src/main/jvm/jvm.options"
JAVA=java
measure defaults
measure profile "$PROFILE"
# class-data sharing on JDK 17: a dynamic archive of the classes a training run loaded
train "$PROFILE" -XX:ArchiveClassesAtExit="$WORK/app.jsa"
measure profile+cds "$PROFILE" -XX:SharedArchiveFile="$WORK/app.jsa"
# JDK 25 (when present): the same profile, then with an AOT cache (JEP 483/514: classes loaded
# and linked ahead of time, method profiles) written by a training run
JDK25=${BENCH_JDK25:-/usr/lib/jvm/temurin-25-jdk-amd64}
if [ -x "$JDK25/bin/java" ]; then
    JAVA="$JDK25/bin/java"
    measure jdk25 "$PROFILE"
    train "$PROFILE" -XX:AOTCacheOutput="$WORK/app.aot"
    measure jdk25+aot "$PROFILE" -XX:AOTCache="$WORK/app.aot"
fi

printf '\n%-12s %9s %8s %9s %12s %8s %8s %8s %9s\n' jvm "start ms" "idle MB" "load MB" "1st run p99" "p50 ms" "p99 ms" "req/s" "us/call"
cat "$WORK/results"
echo
echo "state GET 1 KB at $RATE/s for $DUR s, twice; p50/p99, req/s, CPU per call and load MB from the second run"
