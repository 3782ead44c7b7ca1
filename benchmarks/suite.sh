#!/usr/bin/env bash
# The whole benchmark suite in one command (at most 10 minutes), with a classic baseline side by side.
#
#   benchmarks/suite.sh                                  # report in benchmarks/target/suite-report.md
#   benchmarks/suite.sh --out /tmp/suite.md              # elsewhere
#   benchmarks/suite.sh --skip-jmh --duration 20s        # shorter
#
# Steps, in order (each one's raw output stays in benchmarks/target/suite-<time>/):
#  1. the machine: cores, CPU model, memory, JDK (bin/find-jdk.sh), PostgreSQL version, load average;
#  2. a short JMH subset (benchmarks/run.sh): EngineBenchmark.transfer, CodecBenchmark.encode/decode,
#     JournalBenchmark.appendSyncEveryBatch at batchSize=1024, JsonBenchmark.parseTransfer/renderTransaction
#     and JwtBenchmark.verifySignature/verifyCached at alg=ES256 (the dev key's); 1 fork, 1 warmup and 3 measured
#     iterations of 2 s each (the numbers are indicative; BENCHMARKS.md has the long runs);
#  3. benchmarks/load.sh on the embedded service at 5,000/s, then at a high rate (25,000/s, the issue's
#     target, 64 connections), then --with-postgres --with-nats at 3,000/s; each 30 s measured after 20 s warmup
#     (30 s for the one with PostgreSQL and NATS: from a cold start the consumers, PostgreSQL and the
#     JIT need longer, and a 10 s warm-up left a backlog that the measured lag then included); before
#     each, `sync` writes back what the step before left dirty in the page cache (the JMH journal
#     benchmark writes GBs), so that writeback does not queue in front of the service's journal syncs;
#  4. the baseline: benchmarks/baseline/schema.sql loaded into the same PostgreSQL (schema `baseline`),
#     then pgbench with benchmarks/baseline/transfer.sql, one transfer per transaction the way a
#     Postgres-per-request service does it (idempotency-key insert, row lock, two balance updates,
#     two event rows, one read-model row), 8 clients, 2 threads, 30 s, prepared statements;
#  5. the Markdown report: JMH scores, throughput and latency percentiles of each load run, pgbench
#     TPS and latency, and "ours / baseline": the embedded high-rate run's ok/s and the with-postgres
#     run's ok/s, each over pgbench's TPS.
# A step that fails or overruns is recorded in the report (with the tail of its log) and the suite goes
# on. Every step has a time cap, further shortened so that the suite ends within its 10-minute budget.
# The baseline schema is dropped at the end (also on Ctrl-C).
#
# Options:
#   --out FILE          the report (default benchmarks/target/suite-report.md)
#   --duration D        measured time of each load run and of pgbench (default 30s)
#   --high-rate N       rate of the embedded high-rate run (default 25000)
#   --pg-rate N         rate of the --with-postgres --with-nats run (default 3000)
#   --pgbench-clients N pgbench -c (default 8; -j is min(N, nproc))
#   --skip-jmh, --skip-load, --skip-baseline   leave a part out
#   --keep-baseline     do not drop schema `baseline` at the end
#   --report-only DIR   run nothing; write the report from an earlier run's raw outputs in DIR
# Environment: PGHOST (127.0.0.1), PGPORT (5432), PGUSER (postgres), PGDATABASE (test): the PostgreSQL
# of the baseline. load.sh --with-postgres always uses postgresql://postgres@127.0.0.1:5432/test.
set -uo pipefail   # no -e: a failing step is recorded, not fatal

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
. "$root/bin/find-jdk.sh"

# ---- options ----------------------------------------------------------------------------------------
out="$here/target/suite-report.md"
duration=30s; high_rate=25000; pg_rate=3000; pgbench_clients=8
skip_jmh=no; skip_load=no; skip_baseline=no; keep_baseline=no; report_only=""
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out="$2"; shift ;;
    --duration) duration="$2"; shift ;;
    --high-rate) high_rate="$2"; shift ;;
    --pg-rate) pg_rate="$2"; shift ;;
    --pgbench-clients) pgbench_clients="$2"; shift ;;
    --skip-jmh) skip_jmh=yes ;;
    --skip-load) skip_load=yes ;;
    --skip-baseline) skip_baseline=yes ;;
    --keep-baseline) keep_baseline=yes ;;
    --report-only) report_only="$(cd "$2" && pwd)"; shift ;;
    -h|--help) sed -n '2,/^set -uo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "suite.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
case "$duration" in *s) duration_s=${duration%s} ;; *m) duration_s=$(( ${duration%m} * 60 )) ;; *) duration_s=$duration; duration="${duration}s" ;; esac

export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}" PGDATABASE="${PGDATABASE:-test}"
budget_s=600                                     # the whole suite
work="${report_only:-$here/target/suite-$(date +%Y%m%d-%H%M%S)}"  # raw outputs: logs, JSON reports
mkdir -p "$work" "$(dirname "$out")"
steps="$work/steps.tsv"                          # name, status, seconds, log, load average: one line per step
[ -n "$report_only" ] || : > "$steps"
SECONDS=0

progress() { printf '[suite %3ds] %s\n' "$SECONDS" "$*"; }
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }

# run_step NAME CAP_SECONDS LOG COMMAND...: runs COMMAND with its output in LOG, killed (its whole
# process group: `timeout` makes one) after CAP_SECONDS or when the suite's budget would be exceeded.
# Records the outcome in $steps; never fails the suite.
run_step() {
  local name="$1" cap="$2" log="$3"; shift 3
  local left=$(( budget_s - SECONDS - 20 ))      # 20 s reserve for the report and the cleanup
  if [ "$left" -lt 15 ]; then
    progress "$name: SKIPPED (out of time budget)"
    printf '%s\tskipped (time budget)\t0\t%s\t%s\n' "$name" "$log" "$(loadavg)" >> "$steps"
    return 1
  fi
  [ "$cap" -gt "$left" ] && cap=$left
  progress "$name: start (cap ${cap}s, load average $(loadavg))"
  local start=$SECONDS rc
  timeout --kill-after=15 "$cap" "$@" > "$log" 2>&1; rc=$?
  local took=$(( SECONDS - start )) status=ok
  if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then status="timed out after ${cap}s"
  elif [ "$rc" -ne 0 ]; then status="failed (exit $rc)"; fi
  printf '%s\t%s\t%s\t%s\t%s\n' "$name" "$status" "$took" "$log" "$(loadavg)" >> "$steps"
  progress "$name: $status in ${took}s"
  [ "$status" = ok ]
}

cleanup() {
  if [ "$skip_baseline" = no ] && [ "$keep_baseline" = no ]; then
    psql -qAt -v ON_ERROR_STOP=1 -c 'DROP SCHEMA IF EXISTS baseline CASCADE' >/dev/null 2>&1 \
      && progress "dropped schema baseline" || progress "could not drop schema baseline"
  fi
}
trap cleanup EXIT
trap 'progress "interrupted"; exit 130' INT TERM
if [ -n "$report_only" ]; then   # nothing to run, nothing to clean up
  skip_jmh=yes; skip_load=yes; skip_baseline=yes; trap - EXIT
fi

# ---- 1. the machine ---------------------------------------------------------------------------------
if [ -z "$report_only" ]; then
progress "machine; raw outputs in $work"
{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "host: $(uname -srm)"
  echo "cores (nproc): $(nproc)"
  echo "cpu: $(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)"
  echo "memory: $(awk '/^MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
  echo "java: $(java -version 2>&1 | head -1) ($JAVA_HOME)"
  echo "postgresql: $(psql -qAt -c 'show server_version' 2>&1 | head -1) at $PGHOST:$PGPORT/$PGDATABASE"
  echo "pgbench: $(pgbench --version 2>&1 | head -1)"
  echo "load average before: $(loadavg)"
  echo "uptime: $(uptime)"
} > "$work/machine.txt"
sed 's/^/    /' "$work/machine.txt"

# Build once up front, so that the build is not counted in the first step (run.sh and load.sh build
# when the jars are older than the sources; this is the same check).
progress "build check"
run_step build 240 "$work/build.log" "$here/run.sh" -l
fi

# ---- 2. JMH subset ----------------------------------------------------------------------------------
if [ "$skip_jmh" = no ]; then
  run_step jmh 200 "$work/jmh.log" "$here/run.sh" \
    'EngineBenchmark\.transfer$|EventRecordsBenchmark\.|CodecBenchmark\.(encode|decode)$|JournalBenchmark\.appendSyncEveryBatch$|JsonBenchmark\.|JwtBenchmark\.' \
    -p batchSize=1024 -p alg=ES256 -f 1 -wi 1 -w 2s -i 3 -r 2s -rf json -rff "$work/jmh.json"
fi

# ---- 3. load.sh -------------------------------------------------------------------------------------
# cap per run: startup + 20 s warmup + measured time + up to 15 s drain + stop, with room to spare.
load_cap=$(( duration_s + 85 ))
settle() {
  progress "settle: sync ($(awk '/^Dirty:/ {print int($2 / 1024)}' /proc/meminfo) MB dirty in the page cache)"
  sync
}
if [ "$skip_load" = no ]; then
  settle
  run_step load-embedded-5k "$load_cap" "$work/load-embedded-5k.log" \
    "$here/load.sh" --rate 5000 --duration "$duration" --report "$work/load-embedded-5k.json"
  settle
  run_step load-embedded-high "$load_cap" "$work/load-embedded-high.log" \
    "$here/load.sh" --rate "$high_rate" --connections 64 --duration "$duration" --report "$work/load-embedded-high.json"
  settle
  run_step load-postgres-nats "$(( load_cap + 30 ))" "$work/load-postgres-nats.log" \
    "$here/load.sh" --with-postgres --with-nats --rate "$pg_rate" --duration "$duration" --warmup 30s --report "$work/load-postgres-nats.json"
fi

# ---- 4. the pgbench baseline --------------------------------------------------------------------------
if [ "$skip_baseline" = no ]; then
  if run_step baseline-schema 60 "$work/baseline-schema.log" \
       psql -q -v ON_ERROR_STOP=1 -f "$here/baseline/schema.sql"; then
    threads=$(( pgbench_clients < $(nproc) ? pgbench_clients : $(nproc) ))
    run_step pgbench "$(( duration_s + 30 ))" "$work/pgbench.log" \
      pgbench -n -f "$here/baseline/transfer.sql" -c "$pgbench_clients" -j "$threads" -T "$duration_s" \
        -M prepared -P 10 "$PGDATABASE"
    # what the run wrote, as a check that each transaction did the whole transfer
    psql -qAt -F ' ' -c "select (select count(*) from baseline.idempotency_keys), (select count(*) from baseline.events),
                          (select count(*) from baseline.transactions), (select sum(available) from baseline.wallets)" \
      > "$work/baseline-rows.txt" 2>&1
  fi
fi

# ---- 5. the report ------------------------------------------------------------------------------------
progress "writing $out"
[ -n "$report_only" ] || echo "$SECONDS" > "$work/wall_s"   # the run's wall time, for --report-only too
WORK="$work" OUT="$out" PGBENCH_CLIENTS="$pgbench_clients" HIGH_RATE="$high_rate" PG_RATE="$pg_rate" \
DURATION="$duration" TOTAL_S="$(cat "$work/wall_s" 2>/dev/null || echo 0)" python3 - <<'PY'
import json, os, re

work, out = os.environ["WORK"], os.environ["OUT"]
def path(name): return os.path.join(work, name)
def read(name):
    try:
        with open(path(name)) as f: return f.read()
    except OSError: return None
def load_json(name):
    text = read(name)
    try: return json.loads(text) if text else None
    except ValueError: return None
def num(x, fmt="{:,.0f}"): return "n/a" if x is None else fmt.format(x)

steps = []
for line in (read("steps.tsv") or "").splitlines():
    name, status, took, log, load = line.split("\t")
    steps.append(dict(name=name, status=status, took=int(took), log=log, load=load))
status = {s["name"]: s["status"] for s in steps}

md = ["# Benchmark suite report", ""]
md += ["## Machine", "", "```", (read("machine.txt") or "").rstrip(), "```", ""]
md += [f"Suite wall time: {int(os.environ['TOTAL_S'])} s (before this report). Raw outputs: `{work}`.", ""]

# -- JMH
md += ["## JMH (short runs: 1 fork, 1 warmup + 3 measured iterations of 2 s)", ""]
jmh = load_json("jmh.json")
if jmh:
    md += ["| benchmark | params | score | error (99.9%) | unit |", "|---|---|---:|---:|---|"]
    for b in jmh:
        pm = b["primaryMetric"]
        params = ", ".join(f"{k}={v}" for k, v in (b.get("params") or {}).items())
        try: err = float(pm.get("scoreError"))          # JMH writes "NaN" when it has too few iterations
        except (TypeError, ValueError): err = float("nan")
        err = "n/a" if err != err else f"{err:,.0f}"
        md.append(f"| {b['benchmark'].replace('io.crowdpay.benchmarks.', '')} | {params} | "
                  f"{pm['score']:,.0f} | {err} | {pm['scoreUnit']} |")
else:
    md.append(f"No JMH results ({status.get('jmh', 'not run')}).")
md.append("")

# -- load.sh
runs = [("load-embedded-5k", "embedded, 5,000/s"),
        ("load-embedded-high", f"embedded, {int(os.environ['HIGH_RATE']):,}/s, 64 connections"),
        ("load-postgres-nats", f"--with-postgres --with-nats, {int(os.environ['PG_RATE']):,}/s")]
md += [f"## load.sh (open loop, {os.environ['DURATION']} measured after 20 s warmup, 30 s with PostgreSQL and NATS, each warm-up ramped from 10% of the rate; latency corrected for coordinated omission)", "",
       "| run | scheduled/s | ok/s | errors | kept up | p50 ms | p99 ms | p99.9 ms | max ms | service CPU (cores) | others CPU | load avg before |",
       "|---|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|"]
load = {}
for key, label in runs:
    r = load_json(key + ".json")
    load[key] = r
    if not r:
        md.append(f"| {label} | {status.get(key, 'not run')} | | | | | | | | | | |"); continue
    o, l, c = r["operations"], r["latency"], r.get("cpu_cores", {})
    md.append(f"| {label} | {r['run']['rate_per_s']:,.0f} | {o['ok_per_s']:,.0f} | {o['errors']:,} | "
              f"{'yes' if o.get('kept_up') else 'NO'}{' (saturated)' if o.get('saturated') else ''} | "
              f"{l['p50_ms']:.2f} | {l['p99_ms']:.2f} | {l['p99_9_ms']:.2f} | {l['max_ms']:.1f} | "
              f"{c.get('service', 0):.2f} | {c.get('others', 0):.2f} | {r['run'].get('load_average_before', 0):.2f} |")
md.append("")
def cores_table(field, intro, column):
    """One table of cores by group (the service's threads, or the other processes), six rows per run at most."""
    rows_by_run = [(label, load[key]["cpu_cores"][field]) for key, label in runs
                   if load.get(key) and load[key].get("cpu_cores", {}).get(field)]
    if not rows_by_run:
        return []
    out = [intro, "", f"| run | {column} | cores | of which kernel |", "|---|---|---:|---:|"]
    for label, rows in rows_by_run:
        for i, t in enumerate(rows[:6]):
            out.append(f"| {label if i == 0 else ''} | {t['group']} | {t['user'] + t['system']:.2f} | {t['system']:.2f} |")
    return out + [""]
md += cores_table("service_threads", "Where the service's cores went in each run, by thread group (user + kernel, from /proc "
                  "over the measured phase; the collector's threads and the kernel's time are what a Java profiler does not show):",
                  "thread group")
md += cores_table("other_processes", "Where the rest of the machine's cores went, by process (every process but the service "
                  "and the generator; PostgreSQL's backends add up to one row, `java` is the counterparty simulators' JVM in the "
                  "run with NATS):", "process")
collected = [(label, [c for c in load[key].get("gc_cycles", []) if not c["gc"].endswith(" Pauses")]) for key, label in runs
             if load.get(key) and "gc_cycles" in load[key]]
if collected:
    md += ["The service's garbage collections in each run's measured phase (cycles; a `Warmup` cause means ZGC was "
           "still making its start-up collections, which a long-running service no longer makes):", "",
           "| run | collector | cause | cycles | seconds |", "|---|---|---|---:|---:|"]
    for label, rows in collected:
        if not rows:
            md.append(f"| {label} | none | | | |")
        for i, c in enumerate(rows):
            md.append(f"| {label if i == 0 else ''} | {c['gc']} | {c['cause']} | {c['cycles']} | {c['millis'] / 1000:.1f} |")
    md.append("")
pgrun = load.get("load-postgres-nats")
if pgrun and pgrun.get("readyz", {}).get("consumers"):
    md += ["Replication lag in the --with-postgres --with-nats run (sampled from /readyz every 100 ms over the measured phase; "
           "`lag_ms` is the age of each consumer's oldest event not yet handed over):", "",
           "| consumer | p99 events | max events | p99 ms | max ms | growing |", "|---|---:|---:|---:|---:|---|"]
    for cons in pgrun["readyz"]["consumers"]:
        ms = cons.get("lag_ms") or {}
        grows = cons.get("growing") or ms.get("growing")
        md.append(f"| {cons['name']} | {cons['p99']:,} | {cons['max']:,} | {num(ms.get('p99'), '{:,}')} | "
                  f"{num(ms.get('max'), '{:,}')} | {'GROWING' if grows else 'no'} |")
    md.append("")
for key, label in runs:
    r = load[key]
    if r and r.get("errors"):
        md.append(f"Errors of {label}: `{json.dumps(r['errors'])}`")
    if r and r["operations"].get("warmup_spilled") and not r["operations"].get("saturated"):
        md.append(f"WARNING: in {label}, {r['operations']['warmup_backlog']:,} warm-up operations were still unanswered when "
                  "measuring began; its latency includes that queue (the service fell behind while cold).")
md.append("")

# -- pgbench
md += ["## Baseline: pgbench, one Postgres-per-request transfer per transaction", ""]
pg = read("pgbench.log")
tps = lat = stddev = processed = failed = None
if pg:
    def grab(pattern, conv=float):
        m = re.search(pattern, pg)
        return conv(m.group(1)) if m else None
    tps = grab(r"(?m)^tps = ([\d.]+)")
    lat = grab(r"(?m)^latency average = ([\d.]+) ms")
    stddev = grab(r"(?m)^latency stddev = ([\d.]+) ms")
    processed = grab(r"(?m)^number of transactions actually processed: (\d+)", int)
    failed = grab(r"(?m)^number of failed transactions: (\d+)", int)
md += ["Script `benchmarks/baseline/transfer.sql` on schema `benchmarks/baseline/schema.sql` (1,000 pod + 1,000 "
       "beneficiary wallets): idempotency-key insert, `SELECT ... FOR UPDATE` of the source wallet, debit "
       "(`WHERE available >= amount`), credit, two event rows (~330-byte jsonb), one read-model row, COMMIT. "
       f"`pgbench -c {os.environ['PGBENCH_CLIENTS']} -j min(clients, nproc) -M prepared`, {os.environ['DURATION']}, against the same "
       "PostgreSQL as the --with-postgres run (default settings: synchronous_commit on, fsync on).", ""]
if tps is not None:
    md += ["| TPS | latency avg ms | latency stddev ms | transactions | failed |", "|---:|---:|---:|---:|---:|",
           f"| {tps:,.0f} | {num(lat, '{:.3f}')} | {num(stddev, '{:.3f}')} | {num(processed, '{:,}')} | {num(failed, '{:,}')} |", ""]
    rows = (read("baseline-rows.txt") or "").split()
    if len(rows) == 4:
        md += [f"Rows written: {int(rows[0]):,} idempotency keys, {int(rows[1]):,} events, {int(rows[2]):,} "
               f"read-model rows; total balance {int(rows[3]):,} (seeded 10^15; transfers conserve it).", ""]
else:
    md += [f"No pgbench result ({status.get('pgbench', status.get('baseline-schema', 'not run'))}).", ""]

# -- ratios
md += ["## Ours / baseline", ""]
ratios = []
for key, label in [("load-embedded-high", "embedded high-rate ok/s"), ("load-postgres-nats", "with-postgres+nats ok/s")]:
    r = load[key]
    if r and tps:
        ok = r["operations"]["ok_per_s"]
        capped = r["operations"].get("kept_up") and not r["operations"].get("saturated")
        ratios.append(f"{label} / pgbench TPS = {ok:,.0f} / {tps:,.0f} = {ok / tps:.2f}x"
                      + (" (the run kept up with its offered rate, so this is a lower bound)" if capped else ""))
    else:
        ratios.append(f"{label} / pgbench TPS = n/a (missing result)")
md += [f"- {x}" for x in ratios]
pgrun, hirun = load.get("load-postgres-nats"), load.get("load-embedded-high")
if pgrun and hirun and pgrun.get("cpu_cores", {}).get("other_processes"):
    # The service and the generator per request from the embedded high-rate run (their cheapest: fixed costs
    # spread thinnest), the downstream processes per request from the run with PostgreSQL and NATS.
    hc, hok = hirun["cpu_cores"], hirun["operations"]["ok_per_s"]
    pc, pok = pgrun["cpu_cores"], pgrun["operations"]["ok_per_s"]
    parts = [(f"service, embedded ({hok:,.0f} ok/s run)", (hc.get("service") or 0) / hok),
             (f"generator ({hok:,.0f} ok/s run)", (hc.get("generator") or 0) / hok)]
    parts += [(f"{p['group']} ({pok:,.0f} ok/s run with PostgreSQL + NATS)", (p["user"] + p["system"]) / pok)
              for p in pc["other_processes"] if p["group"] in ("postgres", "nats-server", "java")]
    targets = [(25000, "25,000/s")] + ([(4 * tps, f"4x pgbench ({4 * tps:,.0f}/s)")] if tps else [])
    md += ["", "### The cores the targets would need with PostgreSQL and NATS on", "",
           "Each party's cores per 1,000 ok/s as measured above (the service and the generator from the embedded "
           "high-rate run, where their fixed costs are spread thinnest; PostgreSQL, nats-server and the simulators' JVM "
           "from the run with PostgreSQL and NATS), times the targets' rates. A check of the order of magnitude, not a "
           "forecast: the consumers batch more as the rate rises (cheaper per event), contention makes everything dearer, "
           "and the service's downstream consumer threads are left out. "
           f"The machine has {pc.get('cpus', 0)} cores.", "",
           "| party | cores per 1,000 ok/s | " + " | ".join(f"at {label}" for _, label in targets) + " |",
           "|---|---:|" + "---:|" * len(targets)]
    for name, per in parts + [("**all**", sum(x for _, x in parts))]:
        md.append(f"| {name} | {per * 1000:.3f} | " + " | ".join(f"{per * rate:.1f}" for rate, _ in targets) + " |")
md += ["", "Caveats: our runs are open-loop HTTP load (90% transfers, 5% FX swaps, 5% withdrawals, JWT auth, "
       "risk checks) through the whole service with the generator on the same 2 cores; pgbench is a closed "
       "loop of SQL only, with no HTTP, auth or business rules, so the baseline is flattered. The with-postgres run "
       "writes PostgreSQL off the request path (downstream consumers, the event store and read model with "
       "synchronous_commit off: they are rebuilt from the journal, ADR 0009) and acknowledges after its own journal's "
       "msync, while pgbench commits synchronously per request.", ""]

# -- steps
md += ["## Steps", "", "| step | status | seconds | load avg after (1/5/15 min) | log |", "|---|---|---:|---|---|"]
for s in steps:
    md.append(f"| {s['name']} | {s['status']} | {s['took']} | {s['load']} | `{os.path.basename(s['log'])}` |")
md.append("")
for s in steps:
    if s["status"] != "ok":
        tail = (read(os.path.basename(s["log"])) or "").rstrip().splitlines()[-15:]
        md += [f"### {s['name']}: {s['status']}", "", "```", *tail, "```", ""]

with open(out, "w") as f: f.write("\n".join(md))
print("\n".join(ratios))
PY
progress "done in ${SECONDS}s; report: $out"
