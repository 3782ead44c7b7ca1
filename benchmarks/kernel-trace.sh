#!/usr/bin/env bash
# Where a running service's tail latency goes in the kernel: how long its journal syncs take, and how
# long its threads wait for a CPU after being woken. Run it during a load:
#
#   benchmarks/load.sh --rate 5000 --duration 30s &      # or any running service
#   sleep 30; benchmarks/kernel-trace.sh 5                 # trace 5 s, then print the tables
#
#   benchmarks/kernel-trace.sh SECONDS [PID] [--keep FILE]
#
# PID is the service's JVM (default: the newest `crowdpay.jar serve`). Prints, per thread name of that
# JVM (and of the load generator, `load-io-*`):
#   - msync and fdatasync latency (the group commit of the core thread, or the journaller's when staged; the event log's force);
#   - wake-up -> running delay: from sched_wakeup of a thread to the sched_switch that puts it on a CPU,
#     the time a woken stage spends queued behind other runnable threads.
# Uses the kernel's tracefs (root, /sys/kernel/tracing) and costs little: the events are written to a
# ring buffer in the kernel and read once at the end. Nothing here changes the service.
set -euo pipefail

seconds="${1:-}"
if [ -z "$seconds" ] || [ "$seconds" = -h ] || [ "$seconds" = --help ]; then
  sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
fi
pid="${2:-}"
keep=""
if [ "${2:-}" = --keep ]; then pid=""; keep="${3:-}"; elif [ "${3:-}" = --keep ]; then keep="${4:-}"; fi
[ -n "$pid" ] || pid="$(pgrep -n -f 'crowdpay.jar serve' || true)"
if [ -z "$pid" ] || [ ! -d "/proc/$pid" ]; then
  echo "kernel-trace.sh: no running service (pgrep -f 'crowdpay.jar serve'); pass its PID" >&2
  exit 1
fi
T=/sys/kernel/tracing
# A fresh boot of this VM kind has tracefs unmounted; root can mount it (nothing else changes).
if [ ! -e "$T/tracing_on" ] && [ "$(id -u)" = 0 ]; then
  mount -t tracefs nodev "$T" 2>/dev/null || true
fi
if [ ! -w "$T/tracing_on" ]; then
  echo "kernel-trace.sh: needs root and tracefs at $T (mount -t tracefs nodev $T)" >&2
  exit 1
fi
events=(syscalls/sys_enter_msync syscalls/sys_exit_msync syscalls/sys_enter_fdatasync syscalls/sys_exit_fdatasync
        sched/sched_wakeup sched/sched_switch)
cleanup() {
  echo 0 > "$T/tracing_on"
  for e in "${events[@]}"; do echo 0 > "$T/events/$e/enable" 2>/dev/null || true; done
  echo > "$T/trace"
}
trap cleanup EXIT
echo 0 > "$T/tracing_on"
echo > "$T/trace"
echo 65536 > "$T/buffer_size_kb"
for e in "${events[@]}"; do echo 1 > "$T/events/$e/enable"; done
# The service's threads, and the generator's, by id, taken before and after (threads may come and go).
threads="$(mktemp)"
raw="${keep:-$(mktemp)}"
list_threads() {
  for p in "$pid" $(pgrep -f 'benchmarks.jar|LoadGenerator' || true); do
    for t in /proc/"$p"/task/*; do echo "${t##*/} $(cat "$t/comm" 2>/dev/null)"; done 2>/dev/null
  done
}
list_threads > "$threads"
echo "kernel-trace.sh: tracing pid $pid for ${seconds} s" >&2
echo 1 > "$T/tracing_on"
sleep "$seconds"
echo 0 > "$T/tracing_on"
list_threads >> "$threads"
cat "$T/trace" > "$raw"
python3 - "$raw" "$threads" "$seconds" "$pid" <<'EOF'
import collections, re, sys
raw, threads, seconds = sys.argv[1], sys.argv[2], float(sys.argv[3])
ours = {}
for line in open(threads):
    tid, _, name = line.rstrip("\n").partition(" ")
    ours[int(tid)] = name
head = re.compile(r"^\s*(.+?)-(\d+)\s+\[\d+\]\s+\S+\s+([\d.]+):\s+(\S+?)(\(| ->|:)\s*(.*)$")
entered, syscalls = {}, collections.defaultdict(list)
woken, queued = {}, collections.defaultdict(list)
lost = 0
for line in open(raw):
    if "LOST" in line:
        lost += 1
    m = head.match(line)
    if not m:
        continue
    _, tid, ts, event, kind, rest = m.groups()
    tid, ts = int(tid), float(ts)
    if event.startswith("sys_"):
        if kind == "(":
            entered[tid] = ts
        elif tid in entered and tid in ours:
            syscalls[(event[4:], ours[tid])].append((ts - entered.pop(tid)) * 1e3)
    elif event == "sched_wakeup":
        w = re.search(r"pid=(\d+)", rest)
        if w and int(w.group(1)) in ours:
            woken[int(w.group(1))] = ts
    elif event == "sched_switch":
        n = re.search(r"next_pid=(\d+)", rest)
        if n and int(n.group(1)) in woken:
            t = int(n.group(1))
            queued[ours[t]].append((ts - woken.pop(t)) * 1e3)
def q(v, p):
    return v[min(len(v) - 1, int(p * len(v)))]
def row(name, v):
    v.sort()
    return (f"| {name} | {len(v) / seconds:,.0f} | {q(v, .5):.3f} | {q(v, .9):.3f} | {q(v, .99):.3f} | {q(v, .999):.3f} "
            f"| {v[-1]:.3f} | {100 * sum(v) / 1e3 / seconds:.0f}% |")
print(f"\nSyscalls of the service (pid {sys.argv[4]}) over {seconds:.0f} s, in ms:\n")
print("| call, thread | per s | p50 | p90 | p99 | p99.9 | max | time in it |\n|---|---:|---:|---:|---:|---:|---:|---:|")
for (call, name), v in sorted(syscalls.items(), key=lambda kv: -len(kv[1])):
    print(row(f"{call}, {name}", v))
print("\nWoken -> running on a CPU, per thread name (ms; 'time in it' = summed queueing per second):\n")
print("| thread | wake-ups per s | p50 | p90 | p99 | p99.9 | max | time in it |\n|---|---:|---:|---:|---:|---:|---:|---:|")
for name, v in sorted(queued.items(), key=lambda kv: -len(kv[1]))[:20]:
    print(row(name, v))
if lost:
    print(f"\nWARNING: the trace buffer overflowed ({lost} lost-event markers); use fewer seconds")
EOF
