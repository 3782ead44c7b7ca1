#!/usr/bin/env bash
# Sourced by every entry point (Makefile, .ci/run, bin/crowdpay). Sets JAVA_HOME to a JDK of
# version 21 or newer and puts it first on PATH, so that nobody has to choose one by hand.
# Order: an existing JAVA_HOME if it is new enough, then `java` on PATH, then /usr/lib/jvm/*.

_crowdpay_java_major() {
  # Prints the major version of the java binary given, or nothing.
  "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}'
}

_crowdpay_find_jdk() {
  local candidate major
  for candidate in "${JAVA_HOME:-}" "$(dirname "$(dirname "$(readlink -f "$(command -v java 2>/dev/null || echo /nonexistent)")")" 2>/dev/null)" /usr/lib/jvm/*; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ] || continue
    major=$(_crowdpay_java_major "$candidate/bin/java")
    if [ -n "$major" ] && [ "$major" -ge 21 ] 2>/dev/null; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}

if ! CROWDPAY_JDK=$(_crowdpay_find_jdk); then
  echo "crowdpay: no JDK 21 or newer found (looked at JAVA_HOME, PATH and /usr/lib/jvm)." >&2
  echo "crowdpay: install one, e.g. 'apt-get install openjdk-21-jdk', or set JAVA_HOME." >&2
  return 1 2>/dev/null || exit 1
fi
export JAVA_HOME="$CROWDPAY_JDK"
export PATH="$JAVA_HOME/bin:$PATH"
