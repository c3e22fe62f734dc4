#!/usr/bin/env bash
# Benchmark (not a test): what the sidecar adds to publishing and to publish-to-delivery, for
# pubsub.in-memory and pubsub.redis, against direct baselines measured in the same run.
#
#   load-tests/bench/publish.sh [seconds per run, default 15] [messages/s, default 1000]
#   (BENCH_KEEP=1: keep the work folder with the sidecars' logs)
#
# 1. Publish latency: `hey` POSTs a 1 KB JSON body to /v1.0/publish/pubsub/<topic> at a fixed
#    rate over 10 connections; the baseline is the same request answered by DirectBaseline.java.
# 2. Publish-to-delivery: PubSubProbe.java publishes {"t": <epoch micros>, "pad": ...} at the same
#    rate and a subscriber app (PubSubProbe.java too, serving GET /dapr/subscribe) records now - t
#    per delivered CloudEvent; the baseline posts the CloudEvent straight to the subscriber.
# Each component runs in a sidecar of its own with the subscriber attached. Redis is
# 127.0.0.1:6379; the topic (a Redis stream) is unique per run and deleted on exit. Bounded in
# time: 5 s warm-up before every measured run, two measured runs per side, at most 60 s of
# waiting for deliveries to drain after each.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
SECONDS_PER_RUN=${1:-15}
RATE=${2:-1000}
CONNECTIONS=10
HTTP_PORT=${BENCH_HTTP_PORT:-3600}
GRPC_PORT=${BENCH_GRPC_PORT:-50600}
BASE_PORT=${BENCH_BASE_PORT:-3601}
APP_PORT=${BENCH_APP_PORT:-3602}
REDIS_HOST=${BENCH_REDIS_HOST:-127.0.0.1}
REDIS_PORT=${BENCH_REDIS_PORT:-6379}
APP=${BENCH_SIDECAR_DIR:-$ROOT/sidecar-app/target/quarkus-app}
JAR="$APP/quarkus-run.jar"
[ -f "$JAR" ] || { echo "build first: ./mvnw -B -q install -DskipTests" >&2; exit 1; }
command -v hey >/dev/null || { echo "needs hey: apt-get install -y hey" >&2; exit 1; }
command -v redis-cli >/dev/null || { echo "needs redis-cli: apt-get install -y redis-tools" >&2; exit 1; }
redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" ping >/dev/null || { echo "no Redis on $REDIS_HOST:$REDIS_PORT" >&2; exit 1; }
CP="$APP/lib/main/*"
BENCH="$ROOT/load-tests/bench"
TOPIC="bench-publish-$(date +%s)-$$"

WORK=$(mktemp -d)
pids=()
SIDECAR_PID=
cleanup() {
    for p in "${pids[@]}" $SIDECAR_PID; do kill "$p" 2>/dev/null || true; done
    redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" del "$TOPIC" >/dev/null 2>&1 || true
    # BENCH_KEEP=1 keeps the sidecars' logs and the raw timings for a look afterwards
    if [ -n "${BENCH_KEEP:-}" ]; then echo "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

# the fixed body of the publish-latency runs: t = 0 tells the subscriber not to time it
printf '{"t":0,"pad":"%s"}' "$(printf 'x%.0s' $(seq 1000))" >"$WORK/body.json"

java -Xmx128m -cp "$CP" "$BENCH/DirectBaseline.java" "$BASE_PORT" "" >"$WORK/baseline.log" 2>&1 &
pids+=($!)
java -Xmx128m -cp "$CP" "$BENCH/PubSubProbe.java" subscribe "$APP_PORT" pubsub "$TOPIC" >"$WORK/subscriber.log" 2>&1 &
pids+=($!)
for i in $(seq 300); do
    if curl -sf -o /dev/null "http://127.0.0.1:$BASE_PORT/" && curl -sf -o /dev/null "http://127.0.0.1:$APP_PORT/dapr/subscribe"; then break; fi
    sleep 0.1
done
curl -sf -o /dev/null "http://127.0.0.1:$APP_PORT/dapr/subscribe" || { echo "subscriber did not start:" >&2; cat "$WORK/subscriber.log" >&2; exit 1; }

start_sidecar() { # TYPE
    mkdir -p "$WORK/$1"
    {
        printf 'apiVersion: dapr.io/v1alpha1\nkind: Component\nmetadata:\n  name: pubsub\nspec:\n  type: %s\n  version: v1\n' "$1"
        [ "$1" = pubsub.redis ] && printf '  metadata:\n  - name: redisHost\n    value: "%s:%s"\n' "$REDIS_HOST" "$REDIS_PORT"
    } >"$WORK/$1/pubsub.yaml"
    java -Xmx256m -jar "$JAR" --app-id bench --app-port "$APP_PORT" --resources-path "$WORK/$1" \
        --dapr-http-port "$HTTP_PORT" --dapr-grpc-port "$GRPC_PORT" --log-level warn >"$WORK/sidecar-$1.log" 2>&1 &
    SIDECAR_PID=$!
    for i in $(seq 300); do
        curl -sf -o /dev/null "http://127.0.0.1:$HTTP_PORT/v1.0/healthz" && break
        sleep 0.1
    done
    local code
    code=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'content-type: application/json' \
        --data-binary "@$WORK/body.json" "http://127.0.0.1:$HTTP_PORT/v1.0/publish/pubsub/$TOPIC" || true)
    [ "$code" = 204 ] || {
        echo "sidecar with $1: a publish answered '$code' (a build without pub/sub? rebuild):" >&2
        cat "$WORK/sidecar-$1.log" >&2; exit 1
    }
}
stop_sidecar() {
    kill "$SIDECAR_PID"; wait "$SIDECAR_PID" 2>/dev/null || true; SIDECAR_PID=
}

# percentile P (in ms, microsecond resolution) of the per-request times hey wrote as CSV
pct() { sort -g "$2.ms" | awk -v p="$1" '{ v[NR] = $1 } END { i = int(NR * p / 100); if (i < 1) i = 1; printf "%.3f", v[i] }'; }
hey_post() { # SECONDS URL [CSV]
    hey -z "$1s" -c "$CONNECTIONS" -q $((RATE / CONNECTIONS)) -m POST -T application/json -D "$WORK/body.json" \
        ${3:+-o csv} "$2" >"${3:-/dev/null}"
}
publish_latency() { # NAME URL
    hey_post 5 "$2"
    hey_post "$SECONDS_PER_RUN" "$2" "$WORK/$1.csv"
    # columns: response-time,DNS+dialup,DNS,Request-write,Response-delay,Response-read,status-code,offset
    awk -F, 'NR > 1 && $7 >= 200 && $7 < 300 { print $1 * 1000 }' "$WORK/$1.csv" >"$WORK/$1.ms"
    local ok all
    ok=$(wc -l <"$WORK/$1.ms"); all=$(($(wc -l <"$WORK/$1.csv") - 1))
    [ "$ok" -gt 0 ] && [ "$ok" -eq "$all" ] || { echo "$1: $((all - ok)) of $all publishes failed" >&2; exit 1; }
    echo "$ok" >"$WORK/$1.count"
}
stats() { curl -sf "http://127.0.0.1:$APP_PORT/stats"; }
drain() { # wait until the subscriber has seen nothing new for 1 s (at most 60 s, then say so:
    # a backlog left over from the run before would be timed as part of the next one)
    local before now
    before=$(stats | cut -d' ' -f1)
    for i in $(seq 60); do
        sleep 1; now=$(stats | cut -d' ' -f1)
        [ "$now" = "$before" ] && return 0
        before=$now
    done
    echo "  (deliveries still arriving 60 s after the run: the next run starts behind a backlog)" >&2
}
delivery_latency() { # NAME URL sidecar|direct (the publisher warms up in its own JVM, untimed)
    curl -sf -X POST -o /dev/null "http://127.0.0.1:$APP_PORT/reset"
    java -Xmx128m -cp "$CP" "$BENCH/PubSubProbe.java" publish "$2" "$RATE" 5 "$SECONDS_PER_RUN" "$3" >"$WORK/$1.pub"
    drain
    read -r _ timed p50 p90 p99 < <(stats)
    curl -sf "http://127.0.0.1:$APP_PORT/timeline" >"$WORK/$1.timeline" || true
    read -r sent ok failed timed_ok <"$WORK/$1.pub"
    [ "$failed" -eq 0 ] || { echo "$1: $failed of $sent publishes failed" >&2; exit 1; }
    echo "$p50 $p90 $p99 $timed/$timed_ok" >"$WORK/$1.e2e"
}

echo "topic $TOPIC; every run: 5 s warm-up, then ${SECONDS_PER_RUN} s at $RATE messages/s"
echo "direct baselines"
publish_latency direct "http://127.0.0.1:$BASE_PORT/v1.0/publish/pubsub/$TOPIC"
delivery_latency direct "http://127.0.0.1:$APP_PORT/events" direct
for type in pubsub.in-memory pubsub.redis; do
    name=${type#pubsub.}
    echo "$type"
    start_sidecar "$type"
    publish_latency "$name" "http://127.0.0.1:$HTTP_PORT/v1.0/publish/pubsub/$TOPIC"
    drain
    delivery_latency "$name" "http://127.0.0.1:$HTTP_PORT/v1.0/publish/pubsub/$TOPIC" sidecar
    echo "$(awk '/VmRSS/ {print $2 " " $3}' /proc/$SIDECAR_PID/status)" >"$WORK/$name.rss"
    stop_sidecar
done

printf '\npublish (POST, 1 KB, %s/s, %s connections)\n' "$RATE" "$CONNECTIONS"
printf '%-10s %10s %10s %10s %12s\n' "" "p50 ms" "p90 ms" "p99 ms" "requests"
for n in direct in-memory redis; do
    printf '%-10s %10s %10s %10s %12s\n' "$n" "$(pct 50 "$WORK/$n")" "$(pct 90 "$WORK/$n")" \
        "$(pct 99 "$WORK/$n")" "$(cat "$WORK/$n.count")"
done
for n in in-memory redis; do
    for p in 50 99; do
        d=$(pct $p "$WORK/direct"); s=$(pct $p "$WORK/$n")
        awk -v n=$n -v p=$p -v d="$d" -v s="$s" 'BEGIN { printf "%s added at p%s: %.3f ms (sidecar/direct = %.2f)\n", n, p, s - d, (d > 0 ? s / d : 0) }'
    done
done

printf '\npublish-to-delivery (%s/s)\n' "$RATE"
printf '%-10s %10s %10s %10s %12s\n' "" "p50 ms" "p90 ms" "p99 ms" "delivered"
for n in direct in-memory redis; do
    read -r p50 p90 p99 count <"$WORK/$n.e2e"
    printf '%-10s %10s %10s %10s %12s\n' "$n" "$p50" "$p90" "$p99" "$count"
done
read -r d50 _ d99 _ <"$WORK/direct.e2e"
for n in in-memory redis; do
    read -r s50 _ s99 _ <"$WORK/$n.e2e"
    awk -v n=$n -v d50="$d50" -v s50="$s50" -v d99="$d99" -v s99="$s99" 'BEGIN {
        printf "%s added at p50: %.3f ms (sidecar/direct = %.2f), at p99: %.3f ms (%.2f)\n",
            n, s50 - d50, (d50 > 0 ? s50 / d50 : 0), s99 - d99, (d99 > 0 ? s99 / d99 : 0) }'
done
echo "sidecar RSS after the runs: in-memory $(cat "$WORK/in-memory.rss"), redis $(cat "$WORK/redis.rss")"
