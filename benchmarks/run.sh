#!/usr/bin/env bash
# Runs the JMH benchmarks of the engine, the codec and the journal.
#
#   benchmarks/run.sh                          # every benchmark, results in benchmarks/target/jmh-result.json
#   benchmarks/run.sh EngineBenchmark -prof gc # any JMH arguments pass through (regex, -p, -prof, -f, -i ...)
#   benchmarks/run.sh -h                       # JMH's own help
#
# Builds benchmarks/target/benchmarks.jar first when it is missing or older than the sources of the
# engine, the journal, the replicator, the gateway (the load generator's) or the benchmarks (Maven offline first, then online;
# set CROWDPAY_BENCH_BUILD=always|never to force). The load generator has its own script: load.sh.
# Forked JVMs get their heap and the Chronicle flags from each benchmark's @Fork; they are also given
# to this launcher JVM, whose arguments JMH hands down to forks unless -jvmArgs replaces them. To add
# JVM options to the forks without losing those, use -jvmArgs (not -jvmArgsAppend, which replaces the
# @Fork list), e.g. `benchmarks/run.sh EngineBenchmark.transfer -jvmArgs -XX:+UseParallelGC`.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
. "$(dirname "$0")/../bin/find-jdk.sh"

jar="$here/target/benchmarks.jar"
build="${CROWDPAY_BENCH_BUILD:-auto}"
if [ "$build" = always ] || { [ "$build" = auto ] && { [ ! -f "$jar" ] || [ -n "$(find "$root/pom.xml" "$here/pom.xml" "$here/src" \
        "$root/engine/pom.xml" "$root/engine/src/main" "$root/journal/pom.xml" "$root/journal/src/main" \
        "$root/replicator/pom.xml" "$root/replicator/src/main" "$root/gateway/pom.xml" "$root/gateway/src/main" \
        -newer "$jar" -print -quit 2>/dev/null)" ]; }; }; then
  echo "run.sh: building $jar" >&2
  (cd "$root" && { mvn -q -B -o package -DskipTests -pl benchmarks -am || mvn -q -B package -DskipTests -pl benchmarks -am; })
fi

# Every JVM that loads Chronicle needs these (DEPENDENCIES.md); analytics must stay off everywhere.
flags=(
  --add-exports=java.base/jdk.internal.ref=ALL-UNNAMED --add-exports=java.base/sun.nio.ch=ALL-UNNAMED
  --add-exports=jdk.unsupported/sun.misc=ALL-UNNAMED --add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED
  --add-opens=jdk.compiler/com.sun.tools.javac=ALL-UNNAMED --add-opens=java.base/java.lang=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED
  -Dchronicle.analytics.disable=true
)

args=("$@")
if [ ${#args[@]} -eq 0 ]; then
  args=('io\.crowdpay\.benchmarks\..*')
fi
# Machine-readable results unless the caller chose their own (JMH refuses a repeated -rf/-rff).
has_rf=no
for a in "${args[@]}"; do
  case "$a" in -rf|-rff|-h|-l|-lp|-lprof) has_rf=yes ;; esac
done
if [ "$has_rf" = no ]; then
  mkdir -p "$here/target"
  args=(-rf json -rff "$here/target/jmh-result.json" "${args[@]}")
fi

exec java "${flags[@]}" -jar "$jar" "${args[@]}"
