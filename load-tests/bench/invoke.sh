#!/usr/bin/env bash
# Benchmark (not a test), in the style of Dapr's service invocation perf test: a 1 KB POST from
# app A (hey, the load generator) to app B (EchoApp.java, echoing the body) through two sidecars,
#   hey -> sidecar A (HTTP 3500 API) -> sidecar B (internal gRPC) -> app B
# against the same request straight to app B, measured in the same run.
#
#   load-tests/bench/invoke.sh [seconds per run, default 60] [requests/s, default 1000]
#
# Prints p50/p90/p99 of both, the latency the two sidecars add, and each sidecar's CPU (share of
# one core during the measured run) and RSS. BENCH_MTLS=1 turns on mTLS between the sidecars
# (certificates made with openssl). BENCH_SELF=1 measures one sidecar calling its own app
# (hey -> sidecar B -> app B) instead, to tell the HTTP side's cost from the sidecar-to-sidecar hop.
# BENCH_CONNECTIONS (default 16, as Dapr's suite) sets hey's connections; each sends RATE/CONNECTIONS
# requests/s, and, as in fortio without -uniform, all start together, so the requests arrive in
# bursts of CONNECTIONS. BENCH_JAVA_OPTS adds JVM options to both sidecars (e.g. a JFR recording). BENCH_WARMUP (seconds,
# default 20) is the warm-up through the sidecars: a JVM still JIT-compiling the path spends most
# of its CPU in the compiler, which a short warm-up on a busy machine leaves for the measured run.
# Bounded: two warm-ups and two measured runs.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
SECONDS_PER_RUN=${1:-60}
RATE=${2:-1000}
CONNECTIONS=${BENCH_CONNECTIONS:-16}
A_HTTP=${BENCH_A_HTTP_PORT:-3690}; A_GRPC=${BENCH_A_GRPC_PORT:-50690}; A_INTERNAL=${BENCH_A_INTERNAL_PORT:-50691}
B_HTTP=${BENCH_B_HTTP_PORT:-3692}; B_GRPC=${BENCH_B_GRPC_PORT:-50692}; B_INTERNAL=${BENCH_B_INTERNAL_PORT:-50693}
APP_PORT=${BENCH_APP_PORT:-3693}
JAR="$ROOT/sidecar-app/target/quarkus-app/quarkus-run.jar"
[ -f "$JAR" ] || { echo "build first: ./mvnw -B -q install -DskipTests" >&2; exit 1; }
command -v hey >/dev/null || { echo "needs hey: apt-get install -y hey" >&2; exit 1; }

WORK=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT

MTLS_A=(); MTLS_B=()
if [ "${BENCH_MTLS:-0}" = 1 ]; then
    command -v openssl >/dev/null || { echo "BENCH_MTLS=1 needs openssl" >&2; exit 1; }
    cd "$WORK"
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout ca.key -out ca.pem \
        -days 1 -subj /CN=bench-ca 2>/dev/null
    for app in a b; do
        openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout "$app.key" -out "$app.csr" \
            -subj "/CN=$app" 2>/dev/null
        printf 'subjectAltName=URI:spiffe://public/ns/default/bench-%s\n' "$app" >"$app.ext"
        openssl x509 -req -in "$app.csr" -CA ca.pem -CAkey ca.key -CAcreateserial -days 1 -extfile "$app.ext" \
            -out "$app.crt" 2>/dev/null
    done
    cd - >/dev/null
    MTLS_A=(--enable-mtls --trust-anchors-file "$WORK/ca.pem" --cert-chain-file "$WORK/a.crt" --cert-key-file "$WORK/a.key")
    MTLS_B=(--enable-mtls --trust-anchors-file "$WORK/ca.pem" --cert-chain-file "$WORK/b.crt" --cert-key-file "$WORK/b.key")
fi

LIB="$ROOT/sidecar-app/target/quarkus-app/lib/main/*"
java -Xmx128m -cp "$LIB" "$ROOT/load-tests/src/test/java/io/quapr/loadtests/EchoApp.java" "$APP_PORT" >"$WORK/app.log" 2>&1 &
pids+=($!); APP_PID=$!
# both sidecars find each other through the zero-configuration SQLite name resolution on one file
java -Xmx256m ${BENCH_JAVA_OPTS:-} -Dquapr.data-dir="$WORK/data" -jar "$JAR" --app-id bench-b --app-port "$APP_PORT" \
    --dapr-http-port "$B_HTTP" --dapr-grpc-port "$B_GRPC" --dapr-internal-grpc-port "$B_INTERNAL" --metrics-port 0 \
    "${MTLS_B[@]}" --log-level warn >"$WORK/sidecar-b.log" 2>&1 &
pids+=($!); B_PID=$!
java -Xmx256m ${BENCH_JAVA_OPTS:-} -Dquapr.data-dir="$WORK/data" -jar "$JAR" --app-id bench-a \
    --dapr-http-port "$A_HTTP" --dapr-grpc-port "$A_GRPC" --dapr-internal-grpc-port "$A_INTERNAL" --metrics-port 0 \
    "${MTLS_A[@]}" --log-level warn >"$WORK/sidecar-a.log" 2>&1 &
pids+=($!); A_PID=$!

# The reference for what any two proxies cost here: two nginx processes in a chain
# (hey -> nginx A -> nginx B -> app B, HTTP/1.1 keep-alive to each upstream, no buffering), the
# same two extra hops as the sidecars, done by a C proxy. Skipped when nginx is not installed or
# BENCH_NGINX=0.
NGINX=$(command -v nginx || { [ -x /usr/sbin/nginx ] && echo /usr/sbin/nginx; } || true)
[ "${BENCH_NGINX:-1}" = 0 ] && NGINX=
NGINX_A=${BENCH_NGINX_A_PORT:-3694}; NGINX_B=${BENCH_NGINX_B_PORT:-3695}
nginx_conf() { # NAME LISTEN UPSTREAM
    mkdir -p "$WORK/nginx-$1"
    cat >"$WORK/nginx-$1/nginx.conf" <<EOF
worker_processes 1;
daemon off;
pid $WORK/nginx-$1/nginx.pid;
error_log $WORK/nginx-$1/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $WORK/nginx-$1/body;
  proxy_temp_path $WORK/nginx-$1/proxy;
  upstream next { server 127.0.0.1:$3; keepalive 64; }
  server {
    listen 127.0.0.1:$2;
    location / {
      proxy_pass http://next;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_request_buffering off;
      proxy_buffering off;
    }
  }
}
EOF
}
if [ -n "$NGINX" ]; then
    nginx_conf b "$NGINX_B" "$APP_PORT"; nginx_conf a "$NGINX_A" "$NGINX_B"
    for n in b a; do "$NGINX" -p "$WORK/nginx-$n" -c "$WORK/nginx-$n/nginx.conf" >"$WORK/nginx-$n.log" 2>&1 & pids+=($!); done
fi

for i in $(seq 600); do
    if curl -sf -o /dev/null "http://127.0.0.1:$A_HTTP/v1.0/healthz" && curl -sf -o /dev/null "http://127.0.0.1:$B_HTTP/v1.0/healthz" \
        && curl -sf -o /dev/null -d x "http://127.0.0.1:$APP_PORT/"; then break; fi
    sleep 0.1
done

BODY="$WORK/body.json"
head -c 1000 /dev/zero | tr '\0' 'x' | awk '{ printf "{\"payload\":\"%s\"}", substr($0, 1, 1008) }' >"$BODY"
SIDECAR_URL="http://127.0.0.1:$A_HTTP/v1.0/invoke/bench-b/method/echo"
[ "${BENCH_SELF:-0}" = 1 ] && SIDECAR_URL="http://127.0.0.1:$B_HTTP/v1.0/invoke/bench-b/method/echo"
DIRECT_URL="http://127.0.0.1:$APP_PORT/echo"
NGINX_URL="http://127.0.0.1:$NGINX_A/echo"
RUNS="direct sidecars"
if [ -n "$NGINX" ]; then
    [ "$(curl -sf -H 'content-type: application/json' --data-binary @"$BODY" "$NGINX_URL")" = "$(cat "$BODY")" ] \
        || { echo "the call through nginx does not echo the body; logs in $WORK" >&2; cat "$WORK"/nginx-*/error.log >&2; exit 1; }
    RUNS="direct nginx-x2 sidecars"
fi
[ "$(curl -sf -H 'content-type: application/json' --data-binary @"$BODY" "$SIDECAR_URL")" = "$(cat "$BODY")" ] \
    || { echo "the call through the sidecars does not echo the body; logs in $WORK" >&2; cat "$WORK"/sidecar-*.log >&2; exit 1; }

pct() { sort -g "$2.ms" | awk -v p="$1" '{ v[NR] = $1 } END { i = int(NR * p / 100); if (i < 1) i = 1; printf "%.3f", v[i] }'; }
ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
systicks() { awk '{ print $15 }' "/proc/$1/stat"; }
run() { # NAME URL
    hey -z "${SECONDS_PER_RUN}s" -c "$CONNECTIONS" -q $((RATE / CONNECTIONS)) -m POST -T application/json \
        -D "$BODY" -o csv "$2" >"$WORK/$1.csv"
    awk -F, 'NR > 1 && $7 == 200 { print $1 * 1000 }' "$WORK/$1.csv" >"$WORK/$1.ms"
    local ok all
    ok=$(wc -l <"$WORK/$1.ms"); all=$(($(wc -l <"$WORK/$1.csv") - 1))
    [ "$ok" -gt 0 ] && [ "$ok" -eq "$all" ] || { echo "$1: $((all - ok)) of $all requests failed" >&2; exit 1; }
    echo "$ok" >"$WORK/$1.count"
}

WARMUP=${BENCH_WARMUP:-20}
echo "warm-up (${WARMUP} s through the sidecars, 5 s direct)"
hey -z "${WARMUP}s" -c "$CONNECTIONS" -m POST -T application/json -D "$BODY" "$SIDECAR_URL" >/dev/null
hey -z 5s -c "$CONNECTIONS" -m POST -T application/json -D "$BODY" "$DIRECT_URL" >/dev/null
[ -z "$NGINX" ] || hey -z 5s -c "$CONNECTIONS" -m POST -T application/json -D "$BODY" "$NGINX_URL" >/dev/null
echo "measuring: $RATE requests/s, $CONNECTIONS connections, 1 KB body, ${SECONDS_PER_RUN}s each$([ "${BENCH_MTLS:-0}" = 1 ] && echo ', mTLS between the sidecars')"
P0=$(ticks $APP_PID)
run direct "$DIRECT_URL"
P1=$(ticks $APP_PID)
[ -z "$NGINX" ] || run nginx-x2 "$NGINX_URL"
A0=$(ticks $A_PID); B0=$(ticks $B_PID); AS0=$(systicks $A_PID); BS0=$(systicks $B_PID); T0=$(date +%s.%N)
run sidecars "$SIDECAR_URL"
A1=$(ticks $A_PID); B1=$(ticks $B_PID); AS1=$(systicks $A_PID); BS1=$(systicks $B_PID); T1=$(date +%s.%N)

printf '\n%-10s %10s %10s %10s %12s\n' "" "p50 ms" "p90 ms" "p99 ms" "requests"
for n in $RUNS; do
    printf '%-10s %10s %10s %10s %12s\n' "$n" "$(pct 50 "$WORK/$n")" "$(pct 90 "$WORK/$n")" \
        "$(pct 99 "$WORK/$n")" "$(cat "$WORK/$n.count")"
done
for p in 50 90 99; do
    d=$(pct $p "$WORK/direct"); s=$(pct $p "$WORK/sidecars"); x=
    [ -z "$NGINX" ] || x=$(pct $p "$WORK/nginx-x2")
    awk -v p=$p -v d="$d" -v s="$s" -v x="$x" 'BEGIN { printf "added at p%s: %.3f ms (through/direct = %.2f)", p, s - d, (d > 0 ? s / d : 0)
        if (x != "") printf "; two nginx hops add %.3f ms", x - d
        printf "\n" }'
done
HZ=$(getconf CLK_TCK)
# the echo app's own CPU per request, answering hey directly: what one plain HTTP/1.1 hop costs
awk -v d=$((P1 - P0)) -v hz="$HZ" -v n_req="$(cat "$WORK/direct.count")" \
    'BEGIN { printf "app B alone (direct run): %.3f ms CPU per request\n", 1000 * d / hz / n_req }'
for s in A B; do
    pid_var=${s}_PID; t0_var=${s}0; t1_var=${s}1; s0_var=${s}S0; s1_var=${s}S1
    awk -v n="$s" -v d=$(( ${!t1_var} - ${!t0_var} )) -v sd=$(( ${!s1_var} - ${!s0_var} )) -v hz="$HZ" -v t0="$T0" -v t1="$T1" \
        -v rss="$(awk '/VmRSS/ {print $2}' /proc/${!pid_var}/status)" \
        -v n_req="$(cat "$WORK/sidecars.count")" \
        'BEGIN { printf "sidecar %s: CPU %.0f%% of one core, %.3f ms CPU per request (%.0f%% in the kernel), RSS %.0f MB\n", n,
            100 * d / hz / (t1 - t0), 1000 * d / hz / n_req, (d > 0 ? 100 * sd / d : 0), rss / 1024 }'
done
