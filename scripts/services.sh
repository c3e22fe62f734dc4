#!/usr/bin/env bash
# Makes the backing services that the tests use reachable on loopback, and takes them down again.
#
#   scripts/services.sh start    start whatever is not reachable yet (idempotent)
#   scripts/services.sh stop     stop only what an earlier `start` started
#   scripts/services.sh status   one line per service; exit 1 if any is not reachable
#   scripts/services.sh start kafka redis   the same for the named services only
#
# Services and their defaults (each port can be overridden, e.g. REDIS_PORT=6390):
#   redis     127.0.0.1:6379   Debian redis-server, no persistence
#   postgres  127.0.0.1:5432   trust auth for user postgres, database `test` (created if missing);
#                              a throwaway cluster (fsync off) when none is reachable
#   kafka     127.0.0.1:9092   Apache Kafka 4.4.0 in KRaft mode, one node (controller on 9093),
#                              run from the Maven jars of scripts/kafka-pom.xml (copied once into
#                              the state folder); fresh data on every start, topics auto-created
#   moto      127.0.0.1:5000   moto_server (Python moto 5.2.1; one AWS emulator: DynamoDB, SNS with SQS
#                              fan-out, SQS, S3, Secrets Manager, SSM Parameter Store, STS), in
#                              memory; account 123456789012, any region, any access key. Not
#                              installed by this script: pip install 'moto[server]==5.2.1'
#   rabbitmq  127.0.0.1:5672   Debian rabbitmq-server, user guest/guest; a private node
#                              quapr-<port>@localhost (Erlang distribution on RABBITMQ_DIST_PORT,
#                              default port + 20000) with its config, cookie, data and logs in the
#                              state folder, fresh data on every start
#   mosquitto 127.0.0.1:1883   Debian mosquitto (MQTT 3.1.1/5), anonymous clients, no persistence
#
# A service that already answers (the project's machines run Redis, PostgreSQL, RabbitMQ and
# Mosquitto) is
# left alone and never stopped. What this script starts is recorded in the state folder
# ($QUAPR_SVC_DIR, default <repo>/.quapr-test, git-ignored), with logs and data; `stop` reads it.
# On a machine without the servers it installs the Debian packages with apt-get (root or sudo).
#
# Adding a service (Kafka, moto, ...): append its name to SERVICES and define
#   <name>_endpoint  (echo host:port)       <name>_probe  (0 = answers, 1 = free, 2 = busy, unusable)
#   <name>_start     (start it, `mark_started <name>` as it launches, wait until it answers)
#   <name>_stop      (stop what <name>_start started)
# and optionally <name>_ensure (runs whenever the service is reachable, e.g. to create a database).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SVC_DIR=${QUAPR_SVC_DIR:-$ROOT/.quapr-test}
HOST=127.0.0.1
REDIS_PORT=${REDIS_PORT:-6379}
PG_PORT=${PG_PORT:-5432}
PG_DATABASE=${PG_DATABASE:-test}
KAFKA_PORT=${KAFKA_PORT:-9092}
KAFKA_CONTROLLER_PORT=${KAFKA_CONTROLLER_PORT:-9093}
MOTO_PORT=${MOTO_PORT:-5000}
# the version the tests were written against; only named in the install hint
MOTO_VERSION=5.2.1
RABBITMQ_PORT=${RABBITMQ_PORT:-5672}
# Erlang distribution port of a private node; RabbitMQ's own default is the AMQP port + 20000
RABBITMQ_DIST_PORT=${RABBITMQ_DIST_PORT:-$((RABBITMQ_PORT + 20000))}
MOSQUITTO_PORT=${MOSQUITTO_PORT:-1883}
# how long a started service may take to answer, in seconds
TIMEOUT=${QUAPR_SVC_TIMEOUT:-60}

SERVICES=(redis postgres kafka moto rabbitmq mosquitto)

# ---------------------------------------------------------------------------------------------
# helpers

now_ms() { echo $(($(date +%s%N) / 1000000)); }

die() {
    echo "services.sh: $*" >&2
    exit 1
}

# port_open PORT: something accepts TCP connections on $HOST:PORT
port_open() {
    timeout 2 bash -c 'exec 3<>"/dev/tcp/$0/$1"' "$HOST" "$1" 2>/dev/null
}

# wait_until SECONDS WHAT COMMAND...: polls COMMAND until it succeeds; fails naming WHAT
wait_until() {
    local limit=$1 what=$2
    shift 2
    local deadline=$(($(now_ms) + limit * 1000))
    until "$@" >/dev/null 2>&1; do
        if (($(now_ms) > deadline)); then
            echo "services.sh: $what did not become ready within ${limit}s" >&2
            return 1
        fi
        sleep 0.05
    done
}

# as_root COMMAND...: runs as root, through sudo when needed
as_root() {
    if ((EUID == 0)); then
        "$@"
    elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
        sudo -n "$@"
    else
        die "need root (or password-less sudo) to run: $*"
    fi
}

APT_UPDATED=0
# apt_install PACKAGE...: installs Debian packages quietly; the log stays in the state folder
apt_install() {
    command -v apt-get >/dev/null || die "cannot install $* here: no apt-get; install it yourself or start it on $HOST"
    if ((APT_UPDATED == 0)); then
        as_root apt-get update -qq >>"$SVC_DIR/apt.log" 2>&1 || die "apt-get update failed, see $SVC_DIR/apt.log"
        APT_UPDATED=1
    fi
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" \
        >>"$SVC_DIR/apt.log" 2>&1 || die "apt-get install $* failed, see $SVC_DIR/apt.log"
    NOTES+=("installed $*")
}

# pid_alive PIDFILE PATTERN: the recorded process still runs and its command line holds
# PATTERN (so a reused pid is never taken for ours)
pid_alive() {
    local pid
    [[ -s $1 ]] || return 1
    pid=$(<"$1")
    local cmdline
    # a zombie's command line is empty, so an exited process never matches
    # (stderr goes first so that the missing /proc entry of an exited process stays quiet)
    cmdline=$(tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline") || return 1
    [[ $cmdline == *"$2"* ]]
}

# launch_died PIDFILE: the process just launched in the background has exited (or is a zombie).
# Unlike pid_alive it matches no pattern: until the forked shell has exec'ed the command, its
# command line is still this script's.
launch_died() {
    local pid
    pid=$(<"$1")
    [[ ! -e /proc/$pid ]] || [[ -z $(tr -d '\0' 2>/dev/null <"/proc/$pid/cmdline") ]]
}

# stop_pid PIDFILE PATTERN: SIGTERM, then SIGKILL after 10 s
stop_pid() {
    local pid
    pid_alive "$1" "$2" || {
        rm -f "$1"
        return 0
    }
    pid=$(<"$1")
    kill "$pid" 2>/dev/null || true
    # pid_alive, not kill -0: an exited process may linger as a zombie until init reaps it
    if ! wait_until 10 "process $pid to exit" not pid_alive "$1" "$2"; then
        kill -9 "$pid" 2>/dev/null || true
    fi
    rm -f "$1"
}

not() { ! "$@"; }

# mark_started NAME: records that this script launched NAME, as soon as it does, so that `stop`
# also cleans up after a start that failed half-way
mark_started() { touch "$SVC_DIR/$1.started"; }

log_tail() {
    if [[ -f $1 ]]; then tail -n 20 "$1" | sed 's/^/    /' >&2; fi
}

# ---------------------------------------------------------------------------------------------
# redis

redis_endpoint() { echo "$HOST:$REDIS_PORT"; }

redis_probe() {
    local reply
    reply=$(timeout 2 bash -c 'exec 3<>"/dev/tcp/$0/$1" && printf "PING\r\n" >&3 && head -c 5 <&3' \
        "$HOST" "$REDIS_PORT" 2>/dev/null) || true
    [[ $reply == "+PONG" ]] && return 0
    port_open "$REDIS_PORT" && return 2
    return 1
}

redis_start() {
    if ! command -v redis-server >/dev/null; then
        apt_install redis-server
        # where an init system runs, the package starts its own daemon: usable, but not ours
        if redis_probe; then
            NOTES+=("the package's own daemon answers")
            return 0
        fi
    fi
    mkdir -p "$SVC_DIR/redis"
    # no RDB/AOF: test data is disposable, and disk writes only slow the tests down
    redis-server --port "$REDIS_PORT" --bind "$HOST" --daemonize yes --save '' --appendonly no \
        --dir "$SVC_DIR/redis" --pidfile "$SVC_DIR/redis/redis.pid" --logfile "$SVC_DIR/redis/redis.log" \
        || die "redis-server failed to start, see $SVC_DIR/redis/redis.log"
    mark_started redis
    wait_until "$TIMEOUT" "redis on $(redis_endpoint)" redis_probe || {
        log_tail "$SVC_DIR/redis/redis.log"
        exit 1
    }
    NOTES+=("started (pid $(<"$SVC_DIR/redis/redis.pid"))")
}

redis_stop() { stop_pid "$SVC_DIR/redis/redis.pid" redis-server; }

# ---------------------------------------------------------------------------------------------
# postgres

postgres_endpoint() { echo "$HOST:$PG_PORT"; }

postgres_probe() {
    if command -v pg_isready >/dev/null; then
        # as postgres: with the OS user's name the server logs a FATAL for each probe
        pg_isready -q -h "$HOST" -p "$PG_PORT" -U postgres -d postgres -t 2 && return 0
    elif port_open "$PG_PORT"; then
        return 0
    fi
    port_open "$PG_PORT" && return 2
    return 1
}

# the newest installed server binaries (Debian keeps them per major version)
pg_bindir() {
    local dir
    dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    [[ -n $dir && -x $dir/initdb ]] && echo "$dir" && return
    command -v initdb >/dev/null && dirname "$(command -v initdb)"
}

# pg_as COMMAND...: initdb/pg_ctl refuse to run as root, so root runs them as `postgres`
pg_as() {
    if ((EUID == 0)); then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

# Where the throwaway cluster lives. The `postgres` user must be able to enter every parent
# folder; when it cannot reach the state folder (a checkout under /root), use one under /tmp
# and remember it.
pg_home() {
    local record=$SVC_DIR/postgres.home
    if [[ -s $record ]]; then
        cat "$record"
        return
    fi
    local home=$SVC_DIR/postgres
    mkdir -p "$home"
    if ((EUID == 0)) && ! runuser -u postgres -- test -x "$home"; then
        home=$(mktemp -d /tmp/quapr-postgres.XXXXXX)
    fi
    echo "$home" >"$record"
    echo "$home"
}

postgres_start() {
    local bin home
    bin=$(pg_bindir) || true
    if [[ -z $bin ]]; then
        apt_install postgresql
        bin=$(pg_bindir) || die "postgresql installed, but no initdb found under /usr/lib/postgresql"
        # where an init system runs, the package starts its `main` cluster on 5432 with password
        # auth; the tests need trust auth, so stop it (this run started it) and use our own
        if postgres_probe; then
            as_root pg_ctlcluster "$(basename "$(dirname "$bin")")" main stop ||
                die "the postgresql package started its own cluster on $(postgres_endpoint) and it would not stop"
            NOTES+=("stopped the package's main cluster")
        fi
    fi
    home=$(pg_home)
    chmod 755 "$home"
    if ((EUID == 0)); then chown postgres:postgres "$home"; fi
    if [[ ! -s $home/data/PG_VERSION ]]; then
        rm -rf "$home/data"
        pg_as "$bin/initdb" -D "$home/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 \
            >"$home/initdb.log" 2>&1 || {
            log_tail "$home/initdb.log"
            die "initdb failed in $home/data"
        }
        NOTES+=("initdb")
    fi
    mark_started postgres
    # TCP only (no Unix socket: its path could exceed the length limit); durability off for speed
    pg_as "$bin/pg_ctl" -D "$home/data" -l "$home/postgres.log" -w -t "$TIMEOUT" start \
        -o "-p $PG_PORT -c listen_addresses=$HOST -c unix_socket_directories= -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
        >"$home/pg_ctl.log" 2>&1 || {
        log_tail "$home/postgres.log"
        die "postgres did not start on $(postgres_endpoint), see $home/postgres.log"
    }
    echo "$bin" >"$SVC_DIR/postgres.bin"
    wait_until "$TIMEOUT" "postgres on $(postgres_endpoint)" postgres_probe || exit 1
    NOTES+=("started (data $home/data)")
}

# Runs whenever postgres answers, ours or not: the tests need database $PG_DATABASE.
postgres_ensure() {
    command -v psql >/dev/null || apt_install postgresql-client
    local found
    # -w: never prompt; without trust auth this fails instead of hanging
    found=$(PGCONNECT_TIMEOUT=5 psql -w -h "$HOST" -p "$PG_PORT" -U postgres -d postgres -tAc \
        "SELECT 1 FROM pg_database WHERE datname = '$PG_DATABASE'" 2>"$SVC_DIR/psql.err") || {
        cat "$SVC_DIR/psql.err" >&2
        die "cannot connect to postgres on $(postgres_endpoint) as user postgres without a password (the tests need trust auth)"
    }
    rm -f "$SVC_DIR/psql.err"
    if [[ $found != 1 ]]; then
        PGCONNECT_TIMEOUT=5 psql -w -h "$HOST" -p "$PG_PORT" -U postgres -d postgres -qc \
            "CREATE DATABASE \"$PG_DATABASE\"" 2>"$SVC_DIR/psql.err" || {
            cat "$SVC_DIR/psql.err" >&2
            die "cannot create database $PG_DATABASE on $(postgres_endpoint)"
        }
        NOTES+=("created database $PG_DATABASE")
    fi
}

postgres_stop() {
    local home bin
    home=$(cat "$SVC_DIR/postgres.home" 2>/dev/null) || return 0
    bin=$(cat "$SVC_DIR/postgres.bin" 2>/dev/null) || bin=$(pg_bindir)
    [[ -f $home/data/postmaster.pid ]] || return 0
    pg_as "$bin/pg_ctl" -D "$home/data" -m fast -w -t 30 stop >>"$home/pg_ctl.log" 2>&1 || {
        log_tail "$home/pg_ctl.log"
        die "pg_ctl stop failed for $home/data"
    }
}

# ---------------------------------------------------------------------------------------------
# moto

moto_endpoint() { echo "$HOST:$MOTO_PORT"; }

# moto answers every path it does not route to a service as S3 would, so the probe asks for its
# own dashboard, whose title names it
moto_probe() {
    local reply
    reply=$(curl -fsS -m 2 "http://$HOST:$MOTO_PORT/moto-api/" 2>/dev/null) || true
    [[ $reply == *"<title>Moto</title>"* ]] && return 0
    port_open "$MOTO_PORT" && return 2
    return 1
}

# moto_command: sets MOTO_CMD, the command that runs moto's server, or fails saying how to install it
moto_command() {
    if command -v moto_server >/dev/null; then
        MOTO_CMD=(moto_server)
    elif command -v python3 >/dev/null && python3 -c 'import moto.server, flask' 2>/dev/null; then
        MOTO_CMD=(python3 -m moto.server)
    else
        die "moto: no moto_server on the PATH; install it with: pip install 'moto[server]==$MOTO_VERSION'"
    fi
}

# true once the server answers, or once the launched process has died (the caller tells which)
moto_answers_or_died() { moto_probe || launch_died "$SVC_DIR/moto/moto.pid"; }

moto_start() {
    local dir=$SVC_DIR/moto
    command -v curl >/dev/null || apt_install curl
    moto_command
    mkdir -p "$dir"
    mark_started moto
    # in memory: everything is gone when it stops (the tests use new names per test anyway)
    setsid nohup "${MOTO_CMD[@]}" -H "$HOST" -p "$MOTO_PORT" </dev/null >"$dir/moto.log" 2>&1 &
    echo $! >"$dir/moto.pid"
    wait_until "$TIMEOUT" "moto on $(moto_endpoint)" moto_answers_or_died || true
    moto_probe || {
        log_tail "$dir/moto.log"
        die "moto did not start on $(moto_endpoint), see $dir/moto.log"
    }
    NOTES+=("started (pid $(<"$dir/moto.pid"))")
}

# the pyenv shim and `python3 -m` both end as a python process whose command line names moto
moto_stop() { stop_pid "$SVC_DIR/moto/moto.pid" moto; }

# ---------------------------------------------------------------------------------------------
# kafka

kafka_endpoint() { echo "$HOST:$KAFKA_PORT"; }

# Sends an ApiVersions request (v0, which every broker from 0.10 to 4.x answers) with
# correlation id 0x5150; a Kafka broker answers with that id right after the 4-byte size.
kafka_probe() {
    local reply
    reply=$(timeout 2 bash -c 'exec 3<>"/dev/tcp/$0/$1" &&
        printf "\000\000\000\016\000\022\000\000\000\000\121\120\000\004test" >&3 &&
        head -c 8 <&3 | od -An -tx1' "$HOST" "$KAFKA_PORT" 2>/dev/null | tr -d ' \n') || true
    [[ ${#reply} == 16 && ${reply:8} == 00005150 ]] && return 0
    port_open "$KAFKA_PORT" && return 2
    return 1
}

# true once the broker answers, or once the launched JVM has died (the caller tells which)
kafka_answers_or_died() { kafka_probe || launch_died "$SVC_DIR/kafka/kafka.pid"; }

kafka_start() {
    local dir=$SVC_DIR/kafka pom=$ROOT/scripts/kafka-pom.xml stamp cluster
    command -v java >/dev/null || die "kafka: no java on the PATH (the broker needs Java 17 or newer)"
    if port_open "$KAFKA_CONTROLLER_PORT"; then
        die "kafka: the controller port $HOST:$KAFKA_CONTROLLER_PORT is taken; set KAFKA_CONTROLLER_PORT"
    fi
    mkdir -p "$dir"
    # the jars are copied once per version of kafka-pom.xml; later starts skip Maven entirely
    stamp=$(cksum <"$pom")
    if [[ ! -d $dir/lib || $(cat "$dir/lib.stamp" 2>/dev/null) != "$stamp" ]]; then
        rm -rf "${dir:?}/lib" "$dir/lib.stamp"
        "$ROOT/mvnw" -q -B -Dstyle.color=never -f "$pom" dependency:copy-dependencies \
            -DincludeScope=runtime -DoutputDirectory="$dir/lib" >"$dir/maven.log" 2>&1 || {
            log_tail "$dir/maven.log"
            die "kafka: copying the broker jars with Maven failed, see $dir/maven.log"
        }
        echo "$stamp" >"$dir/lib.stamp"
        NOTES+=("copied the broker jars")
    fi
    # one throwaway node: fresh data on each start, one partition for the internal topics (fast
    # first group join), no delay before the first rebalance
    rm -rf "${dir:?}/data"
    cat >"$dir/server.properties" <<PROPERTIES
process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=$HOST:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://$HOST:$KAFKA_PORT,CONTROLLER://$HOST:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://$HOST:$KAFKA_PORT
controller.listener.names=CONTROLLER
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$dir/data
auto.create.topics.enable=true
num.partitions=1
offsets.topic.num.partitions=1
offsets.topic.replication.factor=1
transaction.state.log.num.partitions=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.num.partitions=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
PROPERTIES
    # warnings only, plus the line that says the broker is up
    cat >"$dir/log4j2.properties" <<'LOG4J'
rootLogger.level=WARN
rootLogger.appenderRef.out.ref=OUT
appender.out.type=Console
appender.out.name=OUT
appender.out.layout.type=PatternLayout
appender.out.layout.pattern=[%d] %p %m (%c)%n
logger.started.name=kafka.server.KafkaRaftServer
logger.started.level=INFO
LOG4J
    # "lib/*" stays quoted: java expands it, an unquoted one would be globbed by the shell
    local jvm=(java "-Dlog4j2.configurationFile=$dir/log4j2.properties" -cp "$dir/lib/*")
    # a cluster id is 16 random bytes in URL-safe base64 without padding; made here, it saves
    # starting a JVM for `StorageTool random-uuid`. Like Kafka, never one starting with "-": the
    # tool would take it for an option
    cluster=-
    while [[ $cluster == -* ]]; do cluster=$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '='); done
    "${jvm[@]}" -Xmx256m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC kafka.tools.StorageTool format \
        -t "$cluster" -c "$dir/server.properties" --standalone >"$dir/format.log" 2>&1 || {
        log_tail "$dir/format.log"
        die "kafka: formatting the storage in $dir/data failed"
    }
    mark_started kafka
    setsid nohup "${jvm[@]}" -Xms128m -Xmx512m -XX:+ExitOnOutOfMemoryError \
        kafka.Kafka "$dir/server.properties" </dev/null >"$dir/kafka.log" 2>&1 &
    echo $! >"$dir/kafka.pid"
    wait_until "$TIMEOUT" "kafka on $(kafka_endpoint)" kafka_answers_or_died || true
    kafka_probe || {
        log_tail "$dir/kafka.log"
        die "kafka did not start on $(kafka_endpoint), see $dir/kafka.log"
    }
    NOTES+=("started (pid $(<"$dir/kafka.pid"))")
}

kafka_stop() { stop_pid "$SVC_DIR/kafka/kafka.pid" kafka.Kafka; }

# rabbitmq

rabbitmq_endpoint() { echo "$HOST:$RABBITMQ_PORT"; }

# Sends the AMQP 0-9-1 protocol header; a broker speaking it answers with a Connection.Start
# frame: type 1, channel 0, a 4-byte size, then class 10 method 10. (A broker that wants another
# protocol version answers with its own header instead: busy, not usable.)
rabbitmq_probe() {
    local reply
    reply=$(timeout 2 bash -c 'exec 3<>"/dev/tcp/$0/$1" && printf "AMQP\000\000\011\001" >&3 &&
        head -c 11 <&3 | od -An -tx1' "$HOST" "$RABBITMQ_PORT" 2>/dev/null | tr -d ' \n') || true
    [[ ${reply:0:6} == 010000 && ${reply:14:8} == 000a000a ]] && return 0
    port_open "$RABBITMQ_PORT" && return 2
    return 1
}

# The folder of the server and CLI scripts themselves. Debian's /usr/sbin ones are wrappers that
# switch to the `rabbitmq` user, whose home holds the Erlang cookie of the machine's own node; the
# private node runs as the caller with its cookie in the state folder instead, so it never needs
# that user. (/usr/sbin is also missing from the PATH of users other than root.)
rabbitmq_bin() {
    local server
    if [[ -x /usr/lib/rabbitmq/bin/rabbitmq-server ]]; then
        echo /usr/lib/rabbitmq/bin
    else
        server=$(command -v rabbitmq-server) || return 1
        dirname "$(readlink -f "$server")"
    fi
}

# the private node's name: one per port, so it never clashes with the machine's rabbit@localhost
rabbitmq_node() { echo "quapr-$RABBITMQ_PORT@localhost"; }

# rabbitmq_env: sets RABBITMQ_ENV, the `env` command that every RabbitMQ script of the private
# node runs under. Every file the node reads or writes is in the state folder: /etc/rabbitmq's
# files belong to the machine's node (its rabbitmq.conf listens on 5672), and its enabled_plugins
# file is not ours to touch. Distribution (and epmd, when this node starts it) stays on loopback.
rabbitmq_env() {
    local dir=$SVC_DIR/rabbitmq
    RABBITMQ_ENV=(env HOME="$dir"
        RABBITMQ_NODENAME="$(rabbitmq_node)"
        RABBITMQ_NODE_IP_ADDRESS="$HOST"
        RABBITMQ_NODE_PORT="$RABBITMQ_PORT"
        RABBITMQ_DIST_PORT="$RABBITMQ_DIST_PORT"
        RABBITMQ_CONF_ENV_FILE="$dir/rabbitmq-env.conf"
        RABBITMQ_CONFIG_FILE="$dir/rabbitmq.conf"
        RABBITMQ_ADVANCED_CONFIG_FILE="$dir/advanced.config"
        RABBITMQ_ENABLED_PLUGINS_FILE="$dir/enabled_plugins"
        RABBITMQ_MNESIA_BASE="$dir/mnesia"
        RABBITMQ_LOG_BASE="$dir/log"
        RABBITMQ_PID_FILE="$dir/rabbitmq.pid"
        ERL_EPMD_ADDRESS="$HOST"
        ERL_CRASH_DUMP="$dir/erl_crash.dump"
        RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}")
}

# true once the broker answers, or once the launched server has died (the caller tells which)
rabbitmq_answers_or_died() { rabbitmq_probe || launch_died "$SVC_DIR/rabbitmq/launcher.pid"; }

rabbitmq_start() {
    local dir=$SVC_DIR/rabbitmq node short
    if ! rabbitmq_bin >/dev/null; then
        apt_install rabbitmq-server
        rabbitmq_bin >/dev/null || die "rabbitmq-server installed, but no rabbitmq-server script found"
        # where an init system runs, the package starts its own node: usable, but not ours
        if rabbitmq_probe; then
            NOTES+=("the package's own node answers")
            return 0
        fi
    fi
    node=$(rabbitmq_node)
    short=${node%@*}
    if port_open "$RABBITMQ_DIST_PORT"; then
        die "rabbitmq: the distribution port $HOST:$RABBITMQ_DIST_PORT is taken; set RABBITMQ_DIST_PORT"
    fi
    if command -v epmd >/dev/null && epmd -names 2>/dev/null | grep -q "^name $short at port "; then
        die "rabbitmq: an Erlang node named $node already runs, but not on $(rabbitmq_endpoint); free the name or set another RABBITMQ_PORT"
    fi
    # one throwaway node: fresh data on each start (no queues left over from earlier runs)
    mkdir -p "$dir"
    rm -rf "${dir:?}/mnesia" "$dir/log" "$dir/rabbitmq.pid"
    # the first Erlang node on a machine starts epmd, which outlives it; remember to stop it
    if ! port_open "${ERL_EPMD_PORT:-4369}"; then touch "$dir/epmd.ours"; fi
    echo "listeners.tcp.1 = $HOST:$RABBITMQ_PORT" >"$dir/rabbitmq.conf"
    echo '[].' >"$dir/enabled_plugins"
    echo '# the private node takes its settings from the environment (scripts/services.sh)' >"$dir/rabbitmq-env.conf"
    rabbitmq_env
    mark_started rabbitmq
    # in the foreground the script stays the VM's parent and stops it on SIGTERM, so its pid
    # tells when a failed boot has ended
    setsid nohup "${RABBITMQ_ENV[@]}" "$(rabbitmq_bin)/rabbitmq-server" </dev/null >"$dir/rabbitmq.out" 2>&1 &
    echo $! >"$dir/launcher.pid"
    wait_until "$TIMEOUT" "rabbitmq on $(rabbitmq_endpoint)" rabbitmq_answers_or_died || true
    rabbitmq_probe || {
        log_tail "$dir/rabbitmq.out"
        log_tail "$dir/log/$node.log"
        die "rabbitmq did not start on $(rabbitmq_endpoint), see $dir/rabbitmq.out and $dir/log"
    }
    NOTES+=("started node $node (pid $(cat "$dir/rabbitmq.pid" 2>/dev/null || cat "$dir/launcher.pid"))")
}

rabbitmq_stop() {
    local dir=$SVC_DIR/rabbitmq
    # a graceful stop through the node itself, then the VM's exit; should the stop fail (the node
    # hung, or never got as far as distribution), signals finish the job. (Not `stop PIDFILE`:
    # when it cannot reach the node, that one waits for the pid forever.)
    if [[ -s $dir/rabbitmq.pid ]]; then
        rabbitmq_env
        if timeout 60 "${RABBITMQ_ENV[@]}" "$(rabbitmq_bin)/rabbitmqctl" -q -n "$(rabbitmq_node)" stop \
            >>"$dir/rabbitmqctl.log" 2>&1; then
            wait_until 30 "rabbitmq node $(rabbitmq_node) to exit" not pid_alive "$dir/rabbitmq.pid" "-home $dir " || true
        else
            log_tail "$dir/rabbitmqctl.log"
        fi
    fi
    # the VM's command line holds `-home <its HOME>`, which is this state folder
    stop_pid "$dir/rabbitmq.pid" "-home $dir "
    stop_pid "$dir/launcher.pid" rabbitmq-server
    # epmd, when this node started it and no other node has registered since
    if [[ -f $dir/epmd.ours ]]; then
        if command -v epmd >/dev/null && ! epmd -names 2>/dev/null | grep -q '^name '; then
            epmd -kill >/dev/null 2>&1 || true
        fi
        rm -f "$dir/epmd.ours"
    fi
}

# ---------------------------------------------------------------------------------------------
# mosquitto

mosquitto_endpoint() { echo "$HOST:$MOSQUITTO_PORT"; }

# Sends an MQTT 3.1.1 CONNECT (clean session, client id quapr-probe, no credentials); a broker that
# lets anonymous clients in answers CONNACK 20 02 00 00, then the probe says DISCONNECT. A broker
# that refuses the connection (credentials needed) answers another code: busy, not usable.
mosquitto_probe() {
    local reply
    reply=$(timeout 2 bash -c 'exec 3<>"/dev/tcp/$0/$1" &&
        printf "\020\027\000\004MQTT\004\002\000\005\000\013quapr-probe" >&3 &&
        head -c 4 <&3 | od -An -tx1 && printf "\340\000" >&3' "$HOST" "$MOSQUITTO_PORT" 2>/dev/null |
        tr -d ' \n') || true
    [[ $reply == 20020000 ]] && return 0
    port_open "$MOSQUITTO_PORT" && return 2
    return 1
}

# the broker binary: Debian puts it in /usr/sbin, which is not on every user's PATH
mosquitto_bin() {
    if [[ -x /usr/sbin/mosquitto ]]; then
        echo /usr/sbin/mosquitto
    else
        command -v mosquitto
    fi
}

mosquitto_start() {
    local dir=$SVC_DIR/mosquitto bin
    if ! bin=$(mosquitto_bin); then
        apt_install mosquitto
        bin=$(mosquitto_bin) || die "mosquitto installed, but no mosquitto binary found"
        # where an init system runs, the package starts its own broker: usable, but not ours
        if mosquitto_probe; then
            NOTES+=("the package's own broker answers")
            return 0
        fi
    fi
    mkdir -p "$dir"
    rm -f "$dir/mosquitto.pid"
    # the package's /etc/mosquitto belongs to the machine's broker; ours reads only this file.
    # No persistence: test sessions and queued messages are disposable. `user` keeps the caller's
    # identity (as root, mosquitto would otherwise switch to the mosquitto user, who cannot write
    # the state folder).
    cat >"$dir/mosquitto.conf" <<CONF
listener $MOSQUITTO_PORT $HOST
allow_anonymous true
persistence false
pid_file $dir/mosquitto.pid
log_dest file $dir/mosquitto.log
user $(id -un)
CONF
    mark_started mosquitto
    "$bin" -c "$dir/mosquitto.conf" -d || die "mosquitto failed to start, see $dir/mosquitto.log"
    wait_until "$TIMEOUT" "mosquitto on $(mosquitto_endpoint)" mosquitto_probe || {
        log_tail "$dir/mosquitto.log"
        exit 1
    }
    NOTES+=("started (pid $(<"$dir/mosquitto.pid"))")
}

mosquitto_stop() { stop_pid "$SVC_DIR/mosquitto/mosquitto.pid" mosquitto; }

# ---------------------------------------------------------------------------------------------
# commands

# report NAME START_MS: the one line per service
report() {
    local text="" note
    for note in "${NOTES[@]}"; do text+="${text:+; }$note"; done
    printf '%-9s %-16s %-62s %6d ms\n' "$1" "$("${1}_endpoint")" "$text" $(($(now_ms) - $2))
}

ours() { [[ -f $SVC_DIR/$1.started ]]; }

start() {
    local name t rc
    for name in "${SELECTED[@]}"; do
        t=$(now_ms)
        NOTES=()
        rc=0
        "${name}_probe" || rc=$?
        if ((rc == 0)); then
            if ours "$name"; then NOTES+=("already running (started earlier by this script)"); else NOTES+=("already reachable, left alone"); fi
        elif ((rc == 2)); then
            die "$name: something listens on $("${name}_endpoint") but does not answer like $name; free the port or set another one"
        else
            # a record of an earlier start whose process has since died: start afresh
            rm -f "$SVC_DIR/$name.started"
            "${name}_start"
        fi
        if declare -F "${name}_ensure" >/dev/null; then "${name}_ensure"; fi
        report "$name" "$t"
    done
}

stop() {
    local name t
    for name in "${SELECTED[@]}"; do
        t=$(now_ms)
        NOTES=()
        if ours "$name"; then
            "${name}_stop"
            rm -f "$SVC_DIR/$name.started"
            NOTES+=("stopped")
        else
            NOTES+=("not started by this script, left alone")
        fi
        report "$name" "$t"
    done
}

status() {
    local name t rc all=0
    for name in "${SELECTED[@]}"; do
        t=$(now_ms)
        NOTES=()
        rc=0
        "${name}_probe" || rc=$?
        case $rc in
            0) NOTES+=("reachable") ;;
            2) NOTES+=("port busy, but not answering like $name") ;;
            *) NOTES+=("not reachable") ;;
        esac
        ((rc == 0)) || all=1
        if ours "$name"; then NOTES+=("started by this script"); fi
        report "$name" "$t"
    done
    return $all
}

# the services named after the command, in SERVICES order; all of them when none is named
select_services() {
    local name wanted
    SELECTED=()
    for wanted in "$@"; do
        [[ " ${SERVICES[*]} " == *" $wanted "* ]] || die "unknown service '$wanted' (known: ${SERVICES[*]})"
    done
    for name in "${SERVICES[@]}"; do
        if (($# == 0)) || [[ " $* " == *" $name "* ]]; then SELECTED+=("$name"); fi
    done
}

case ${1:-} in
    start | stop | status)
        mkdir -p "$SVC_DIR"
        select_services "${@:2}"
        "$1"
        ;;
    *)
        echo "usage: $0 start|stop|status [service...]   (services: ${SERVICES[*]}; state folder: \$QUAPR_SVC_DIR, default $ROOT/.quapr-test)" >&2
        exit 2
        ;;
esac
