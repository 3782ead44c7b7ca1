#!/usr/bin/env bash
# Open-loop load test of the REST API against a fresh service on this machine.
#
#   benchmarks/load.sh --rate 5000 --duration 30s                    # embedded service
#   benchmarks/load.sh --with-postgres --with-nats --rate 2000 --duration 60s
#   benchmarks/load.sh --rate 10000 --duration 30s --hot-pod-share 0.5 --report /tmp/r.json
#   benchmarks/load.sh --help                                         # the generator's options
#
# What it does, in order:
#  1. builds the service jar and benchmarks/target/benchmarks.jar when they are older than the sources;
#  2. makes a temporary DATA_DIR and an OPS_DIR copy of ops/ with the velocity rule relaxed to its
#     largest allowed value (risk.velocity.count_max=10000 per window_seconds=1): the real rule (30 per
#     60 s per user) would reject a load test after its 30th operation per user. Every other rule
#     (limits, risk thresholds, sanctions, FX rates) stays as shipped; the generator spreads each pod
#     over enough acting users to stay under the per-user rate limit and daily limit instead;
#  3. with --with-postgres: DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test with fresh
#     EVENT_STORE_SCHEMA/READ_MODEL_SCHEMA names; with --with-nats: MESSAGE_BROKER_URL=nats://127.0.0.1:4222
#     with a fresh JETSTREAM_STREAM and subject prefix. Both are dropped/deleted at the end. With NATS the
#     FX and payout legs travel over NATS, so the counterparty simulators (bin/crowdpay simulate) run
#     beside the service, answering after --simulate-latency-ms (where this version of the service has them);
#  4. starts the service (bin/crowdpay serve, which adds Chronicle's JVM flags) on a free port, waits
#     for /readyz, runs the generator with the remaining arguments, stops the service (SIGTERM, so it
#     writes its final snapshot) and prints the report.
#
# Options of this script (all others go to the generator; see --help):
#   --with-postgres, --with-nats   downstream consumers as above
#   --port N                       service port (default: a free one)
#   --service-java-opts "..."      JAVA_OPTS of the service (default: bin/crowdpay's)
#   --load-java-opts "..."         JVM options of the generator (default: small fixed heap, Serial GC)
#   --simulate-latency-ms N        with --with-nats: the simulators' answer delay (default 20, their own default)
#   --keep                         keep the temporary directory (journal, service log, report)
#   --service-env K=V              extra environment for the service (repeatable), e.g. WAIT_STRATEGY=yielding
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
. "$root/bin/find-jdk.sh"

with_pg=no; with_nats=no; port=""; keep=no; simulate_latency_ms=20
service_java_opts="${JAVA_OPTS:-}"
# The generator: 1 event-loop thread by default (--io-threads), a small fixed heap it never outgrows, and
# the serial collector, whose young pauses on a heap this small are a few ms and take no thread from the
# service when nothing is collecting (G1's concurrent threads would, on a 2-core box).
load_java_opts="-Xms256m -Xmx256m -XX:+UseSerialGC -XX:+AlwaysPreTouch"
service_env=()
args=()
report=""
while [ $# -gt 0 ]; do
  case "$1" in
    --with-postgres) with_pg=yes ;;
    --with-nats) with_nats=yes ;;
    --port) port="$2"; shift ;;
    --service-java-opts) service_java_opts="$2"; shift ;;
    --load-java-opts) load_java_opts="$2"; shift ;;
    --service-env) service_env+=("$2"); shift ;;
    --simulate-latency-ms) simulate_latency_ms="$2"; shift ;;
    --keep) keep=yes ;;
    --report) report="$2"; shift ;;
    --help|-h) args+=("--help") ;;
    *) args+=("$1") ;;
  esac
  shift
done

jar="$here/target/benchmarks.jar"
service_jar="$root/gateway/target/crowdpay.jar"
if [ ! -f "$jar" ] || [ ! -f "$service_jar" ] || [ -n "$(find "$root/pom.xml" "$root"/*/pom.xml "$root"/engine/src/main "$root"/journal/src/main \
      "$root"/replicator/src/main "$root"/gateway/src/main "$here/src/main" -newer "$jar" -print -quit 2>/dev/null)" ]; then
  echo "load.sh: building the service and $jar" >&2
  (cd "$root" && { mvn -q -B -o package -DskipTests -pl benchmarks -am || mvn -q -B package -DskipTests -pl benchmarks -am; }) >&2
fi

# The same module flags bin/crowdpay gives the service: Netty's epoll transport uses native access and Unsafe.
java_flags=(--enable-native-access=ALL-UNNAMED)
major=$(java -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}')
if [ "${major:-21}" -ge 23 ]; then java_flags+=(--sun-misc-unsafe-memory-access=allow); fi
load() {
  # shellcheck disable=SC2086
  java "${java_flags[@]}" $load_java_opts -cp "$jar" io.crowdpay.benchmarks.load.LoadGenerator "$@"
}
for a in "${args[@]:-}"; do
  if [ "$a" = "--help" ]; then
    sed -n '2,/^set -euo/p' "$0" | grep '^#' | sed 's/^# \{0,1\}//'
    echo; echo "The generator's options:"; load --help; exit 0
  fi
done

tmp="$(mktemp -d "${TMPDIR:-/tmp}/crowdpay-load.XXXXXX")"
id="$(basename "$tmp" | tr -dc 'a-zA-Z0-9' | tr 'A-Z' 'a-z' | tail -c 7)"
service_pid=""
simulate_pid=""
schema_es="load_es_$id"; schema_rm="load_rm_$id"; stream="LOAD_$id"
database_url="postgresql://postgres@127.0.0.1:5432/test"
nats_url="nats://127.0.0.1:4222"

cleanup() {
  local status=$?
  if [ -n "$simulate_pid" ] && kill -0 "$simulate_pid" 2>/dev/null; then
    kill -TERM "$simulate_pid" 2>/dev/null || true
    for _ in $(seq 1 20); do kill -0 "$simulate_pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$simulate_pid" 2>/dev/null || true
  fi
  if [ -n "$service_pid" ] && kill -0 "$service_pid" 2>/dev/null; then
    kill -TERM "$service_pid" 2>/dev/null || true
    # A stop drains the downstream consumers and writes a final snapshot of everything the run created.
    for _ in $(seq 1 120); do kill -0 "$service_pid" 2>/dev/null || break; sleep 0.5; done
    if kill -0 "$service_pid" 2>/dev/null; then
      echo "load.sh: the service did not stop within 60 s of SIGTERM; killing it (its log: $tmp/service.log)" >&2
      kill -KILL "$service_pid" 2>/dev/null || true
    fi
  fi
  if [ "$with_pg" = yes ]; then
    PGOPTIONS='--client-min-messages=warning' psql -q -h 127.0.0.1 -U postgres -d test -c "DROP SCHEMA IF EXISTS $schema_es CASCADE; DROP SCHEMA IF EXISTS $schema_rm CASCADE;" >&2 \
      || echo "load.sh: could not drop schemas $schema_es, $schema_rm" >&2
  fi
  if [ "$with_nats" = yes ]; then
    java "${java_flags[@]}" -cp "$jar" io.crowdpay.benchmarks.load.JetStreamCleanup "$nats_url" "$stream" || true
  fi
  if [ "$keep" = yes ]; then echo "load.sh: kept $tmp" >&2; else rm -rf "$tmp"; fi
  exit $status
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ops/ with the velocity rule relaxed (see above); every key must exist, so a renamed key fails loudly.
mkdir -p "$tmp/ops" "$tmp/data"
cp "$root"/ops/* "$tmp/ops/"
for kv in risk.velocity.count_max=10000 risk.velocity.window_seconds=1; do
  key="${kv%%=*}"
  grep -q "^$key=" "$tmp/ops/engine.properties" || { echo "load.sh: ops/engine.properties has no $key" >&2; exit 1; }
  sed -i "s/^$key=.*/$kv/" "$tmp/ops/engine.properties"
done

if [ -z "$port" ]; then
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
fi
env_vars=(HTTP_HOST=127.0.0.1 HTTP_PORT="$port" DATA_DIR="$tmp/data" OPS_DIR="$tmp/ops")
if [ "$with_pg" = yes ]; then
  env_vars+=(DATABASE_URL="$database_url" EVENT_STORE_SCHEMA="$schema_es" READ_MODEL_SCHEMA="$schema_rm")
fi
if [ "$with_nats" = yes ]; then
  env_vars+=(MESSAGE_BROKER_URL="$nats_url" JETSTREAM_STREAM="$stream" JETSTREAM_SUBJECT_PREFIX="load$id")
fi
env_vars+=("${service_env[@]}")
if [ -n "$service_java_opts" ]; then env_vars+=(JAVA_OPTS="$service_java_opts"); fi

echo "load.sh: starting the service on 127.0.0.1:$port (data in $tmp; postgres $with_pg, nats $with_nats)" >&2
env "${env_vars[@]}" "$root/bin/crowdpay" serve >"$tmp/service.log" 2>&1 &
service_pid=$!
ready=no
for _ in $(seq 1 240); do
  if ! kill -0 "$service_pid" 2>/dev/null; then break; fi
  if curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1; then ready=yes; break; fi
  sleep 0.5
done
if [ "$ready" != yes ]; then
  echo "load.sh: the service did not become ready; its log:" >&2
  tail -40 "$tmp/service.log" >&2
  exit 1
fi
echo "load.sh: service ready (pid $service_pid); load average: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

# The simulators are a client of NATS like any counterparty: a small heap and the serial collector keep
# them from taking CPU the service and the generator need.
if [ "$with_nats" = yes ] && unzip -l "$service_jar" 'io/crowdpay/gateway/cli/SimulateCommand.class' >/dev/null 2>&1; then
  JAVA_OPTS="-Xms128m -Xmx256m -XX:+UseSerialGC" "$root/bin/crowdpay" simulate --nats "$nats_url" \
    --latency-ms "$simulate_latency_ms" >"$tmp/simulate.log" 2>&1 &
  simulate_pid=$!
  echo "load.sh: counterparty simulators running (pid $simulate_pid, answer after $simulate_latency_ms ms)" >&2
fi

report="${report:-$tmp/load-report.json}"
set +e
load --url "http://127.0.0.1:$port" --keys "$tmp/data/keys" --report "$report" --service-pid "$service_pid" "${args[@]}"
status=$?
set -e
if [ "$keep" = no ] && [ "$report" = "$tmp/load-report.json" ] && [ -f "$report" ]; then
  cp "$report" "$here/target/load-report.json" && echo "load.sh: JSON report copied to $here/target/load-report.json" >&2
fi
exit $status
