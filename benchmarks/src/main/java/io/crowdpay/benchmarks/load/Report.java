package io.crowdpay.benchmarks.load;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.crowdpay.gateway.http.Json;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Everything a run measured, as the human summary (stdout) and as JSON (the report file). Assembled
 * from plain values so it can be checked without running anything.
 *
 * @param latency      measured operations, intended start to response (coordinated-omission corrected)
 * @param byOperation  the same per operation type
 * @param serviceTime  measured operations, first request sent to last response (not corrected)
 * @param sendDelay    measured operations, intended start to first request written
 * @param errors       measured operations that failed, by "code reason" (or "HTTP status", "connection_closed")
 * @param cpu          cores used over the measured phase by the service, this generator and the rest of the machine
 * @param collections  the service's garbage collections in the measured phase, by collector and cause (empty when unknown)
 */
record Report(Run run, Counts counts, Latency latency, Map<Operation, Latency> byOperation, Latency serviceTime,
              Latency sendDelay, Map<String, Long> errors, Settle settle, ReadinessSampler.Readiness readiness,
              CpuSample.Usage cpu, List<CollectorSample.Row> collections) {

    Report {
        collections = List.copyOf(collections);
    }

    /**
     * How the run was set up.
     *
     * @param startedAt      wall-clock start of the schedule (ISO-8601)
     * @param actors         acting users (token subjects) over all pods
     * @param loadBefore     the 1-minute load average before the run (-1 if unknown)
     * @param loadEnd        the 1-minute load average at its end
     */
    record Run(String startedAt, String url, double rate, double durationSeconds, double warmupSeconds, double warmupRamp, int connections,
               int depth, int ioThreads, Mix mix, int pods, double hotPodShare, int actors, int topUps, double settleSample,
               double settlePollMillis, double lateThresholdMillis, double loadBefore, double loadEnd) {
    }

    /**
     * Operation counts of the measured phase.
     *
     * @param scheduled       operations the schedule intended to start in the measured phase
     * @param ok              answered 2xx
     * @param errors          answered otherwise, or lost with their connection
     * @param unfinished      not answered by the end of the drain
     * @param late            sent later than the late threshold after their intended start
     * @param seconds         from the measured phase's start to its last response, at least its duration
     * @param connectionsLost connections the service closed during the whole run
     * @param warmupBacklog   warm-up operations still unanswered when the measured phase began (-1: not
     *                        sampled): a cold service that fell behind in the warm-up carries that queue
     *                        into the measurement, whose latency then shows the warm-up, not the rate
     */
    record Counts(long scheduled, long sent, long ok, long errors, long unfinished, long late, double seconds,
                  long connectionsLost, long warmupBacklog) {

        /** More than 100 ms of the schedule still queued from the warm-up when measuring began. */
        boolean warmupSpilled(double rate) {
            return warmupBacklog > Math.max(64, rate / 10);
        }

        double okPerSecond() {
            return seconds <= 0 ? 0 : ok / seconds;
        }
    }

    /** Settle latency of the sampled accepted operations (measured phase only). */
    record Settle(long tracked, long settled, long failed, long timedOut, long polls, Latency all, Map<Operation, Latency> byOperation) {

        /** Tracked transactions with no terminal status when the run ended (polling stops with the run). */
        long pending() {
            return tracked - settled - failed - timedOut;
        }
    }

    /**
     * Whether the service kept up with the schedule: no errors, nothing left unanswered, the achieved
     * rate within 2 % of the target (the last responses of an overloaded run arrive late, which
     * stretches the measured time), and not {@link #saturated()}.
     */
    boolean keptUp() {
        return counts.errors() == 0 && counts.unfinished() == 0 && counts.okPerSecond() >= 0.98 * run.rate() && !saturated();
    }

    /**
     * Whether operations queued in the client for most of the run: the median operation waited
     * longer than the late threshold for a free connection slot. A service exactly at its capacity
     * can match the rate while a backlog from a warm-up stall never drains; its throughput looks
     * fine and its latency is that backlog.
     */
    boolean saturated() {
        return sendDelay.count() > 0 && sendDelay.p50Millis() > run.lateThresholdMillis();
    }

    String text() {
        StringBuilder s = new StringBuilder();
        Run r = run;
        s.append(String.format(Locale.ROOT, "CrowdPay load run %s against %s%n", r.startedAt(), r.url()));
        s.append(String.format(Locale.ROOT, "  schedule    %.0f ops/s for %.0f s after %.0f s warm-up%s; %d connections x depth %d on %d I/O thread(s)%n",
                r.rate(), r.durationSeconds(), r.warmupSeconds(),
                r.warmupSeconds() > 0 && r.warmupRamp() < 1 ? String.format(Locale.ROOT, " (ramped from %.0f%%)", r.warmupRamp() * 100) : "",
                r.connections(), r.depth(), r.ioThreads()));
        s.append(String.format(Locale.ROOT, "  mix         %s; %d pods, hot-pod share %.2f; %d acting users, %d top-ups%n",
                r.mix(), r.pods(), r.hotPodShare(), r.actors(), r.topUps()));
        s.append(String.format(Locale.ROOT, "  load avg    %.2f before, %.2f at end (1 min)%n", r.loadBefore(), r.loadEnd()));
        s.append(String.format(Locale.ROOT, "  cpu         service %.2f, generator %.2f, everything else %.2f cores of %d (measured phase)%n",
                cpu.service(), cpu.self(), cpu.others(), cpu.cpus()));
        appendCores(s, "threads", cpu.threads(), "service cores by thread");
        appendCores(s, "others", cpu.processes(), "everything else by process");
        appendCollections(s, collections);
        Counts c = counts;
        s.append(String.format(Locale.ROOT, "  operations  %d scheduled, %d sent, %d ok, %d errors, %d unfinished, %d late (> %s ms)%n",
                c.scheduled(), c.sent(), c.ok(), c.errors(), c.unfinished(), c.late(), Latency.f(r.lateThresholdMillis())));
        if (c.warmupSpilled(r.rate())) {
            s.append(String.format(Locale.ROOT, saturated()
                    ? "  backlog     %d operations queued at the measured phase's start: the rate is above what the service"
                            + " sustains, so the queue only grows and the latency is the queue's%n"
                    : "  WARNING     %d warm-up operations were still unanswered when measuring began: the service fell behind"
                            + " while cold and the measured latency includes that queue; use a longer --warmup%n", c.warmupBacklog()));
        }
        s.append(String.format(Locale.ROOT, "  throughput  %.1f ok/s over %.2f s (target %.0f/s): %s%s%n", c.okPerSecond(), c.seconds(),
                r.rate(), keptUp() ? "kept up" : "DID NOT KEEP UP",
                saturated() ? String.format(Locale.ROOT, " (saturated: the median operation waited %s ms for a connection slot)",
                        Latency.f(sendDelay.p50Millis())) : ""));
        s.append("  latency     ").append(latency.text()).append("   [intended start -> response]\n");
        byOperation.forEach((op, l) -> s.append(String.format(Locale.ROOT, "    %-10s  %s%n", op, l.text())));
        s.append("  service     ").append(serviceTime.text()).append("   [sent -> response, uncorrected]\n");
        s.append("  send delay  ").append(sendDelay.text()).append("   [intended start -> sent]\n");
        s.append("  errors      ").append(errors.isEmpty() ? "none" : errors.toString()).append(
                c.connectionsLost() > 0 ? "; connections lost: " + c.connectionsLost() : "").append('\n');
        Settle st = settle;
        s.append(String.format(Locale.ROOT, "  settle      sample %.2f%%, poll every %s ms: %d tracked, %d settled, %d failed, %d timed out, %d still pending%n",
                100 * r.settleSample(), Latency.f(r.settlePollMillis()), st.tracked(), st.settled(), st.failed(), st.timedOut(),
                st.pending()));
        s.append("              ").append(st.all().text()).append("   [202 -> terminal status seen]\n");
        st.byOperation().forEach((op, l) -> s.append(String.format(Locale.ROOT, "    %-10s  %s%n", op, l.text())));
        ReadinessSampler.Readiness rd = readiness;
        s.append(String.format(Locale.ROOT, "  readyz      %d samples, %d not ready%s, %d skipped, %d failed%n", rd.samples(), rd.notReady(),
                rd.lastReason() == null ? "" : " (last: " + rd.lastReason() + ")", rd.skipped(), rd.failed()));
        s.append("    ring backlog        ").append(lagText(rd.ringBacklog())).append('\n');
        rd.consumers().forEach((name, l) -> {
            s.append(String.format(Locale.ROOT, "    %-20s%s  (events)%n", name, lagText(l)));
            LagSeries.Summary ms = rd.consumersMillis().get(name);
            if (ms != null) {
                s.append(String.format(Locale.ROOT, "    %-20s%s  (ms)%n", "", lagText(ms)));
            }
        });
        return s.toString();
    }

    private static String lagText(LagSeries.Summary l) {
        return String.format(Locale.ROOT, "max %d  p99 %d  mean first %.0f -> last %.0f  %s", l.max(), l.p99(), l.firstMean(),
                l.lastMean(), l.growing() ? "GROWING" : "steady");
    }

    ObjectNode json() {
        ObjectNode root = Json.MAPPER.createObjectNode();
        Run r = run;
        ObjectNode settings = root.putObject("run").put("started_at", r.startedAt()).put("url", r.url()).put("rate_per_s", r.rate())
                .put("duration_s", r.durationSeconds()).put("warmup_s", r.warmupSeconds()).put("warmup_ramp_from", r.warmupRamp()).put("connections", r.connections())
                .put("depth", r.depth()).put("io_threads", r.ioThreads()).put("pods", r.pods()).put("hot_pod_share", r.hotPodShare())
                .put("actors", r.actors()).put("top_ups", r.topUps()).put("settle_sample", r.settleSample())
                .put("settle_poll_ms", r.settlePollMillis()).put("late_threshold_ms", r.lateThresholdMillis())
                .put("load_average_before", r.loadBefore()).put("load_average_end", r.loadEnd());
        settings.putObject("mix").put("TRANSFER", r.mix().transfer()).put("FX_SWAP", r.mix().fxSwap())
                .put("WITHDRAWAL", r.mix().withdrawal());
        Counts c = counts;
        root.putObject("operations").put("scheduled", c.scheduled()).put("sent", c.sent()).put("ok", c.ok()).put("errors", c.errors())
                .put("unfinished", c.unfinished()).put("late", c.late()).put("measured_s", Latency.round(c.seconds()))
                .put("ok_per_s", Latency.round(c.okPerSecond())).put("connections_lost", c.connectionsLost())
                .put("warmup_backlog", c.warmupBacklog()).put("warmup_spilled", c.warmupSpilled(r.rate()))
                .put("kept_up", keptUp()).put("saturated", saturated());
        ObjectNode cores = root.putObject("cpu_cores").put("cpus", cpu.cpus());
        putCores(cores, "service", cpu.service());
        putCores(cores, "generator", cpu.self());
        putCores(cores, "others", cpu.others());
        ArrayNode threads = cores.putArray("service_threads");
        for (CpuSample.ThreadCores t : cpu.threads()) {
            threads.addObject().put("group", t.group()).put("user", Latency.round(t.user())).put("system", Latency.round(t.system()));
        }
        ArrayNode processes = cores.putArray("other_processes");
        for (CpuSample.ThreadCores p : cpu.processes()) {
            processes.addObject().put("group", p.group()).put("user", Latency.round(p.user())).put("system", Latency.round(p.system()));
        }
        ArrayNode gc = root.putArray("gc_cycles");
        for (CollectorSample.Row row : collections) {
            gc.addObject().put("gc", row.collector()).put("cause", row.cause()).put("cycles", row.cycles()).put("millis", row.millis());
        }
        root.put("gc_warming_up", CollectorSample.warmingUp(collections));
        root.set("latency", latency.json());
        ObjectNode perOp = root.putObject("latency_by_operation");
        byOperation.forEach((op, l) -> perOp.set(op.name(), l.json()));
        root.set("service_time", serviceTime.json());
        root.set("send_delay", sendDelay.json());
        ObjectNode errs = root.putObject("errors");
        errors.forEach(errs::put);
        ObjectNode st = root.putObject("settle").put("tracked", settle.tracked()).put("settled", settle.settled())
                .put("failed", settle.failed()).put("timed_out", settle.timedOut()).put("pending", settle.pending())
                .put("polls", settle.polls());
        st.set("latency", settle.all().json());
        ObjectNode stOp = st.putObject("latency_by_operation");
        settle.byOperation().forEach((op, l) -> stOp.set(op.name(), l.json()));
        ReadinessSampler.Readiness rd = readiness;
        ObjectNode ready = root.putObject("readyz").put("samples", rd.samples()).put("not_ready", rd.notReady())
                .put("skipped", rd.skipped()).put("failed", rd.failed());
        ready.put("last_reason", rd.lastReason());
        ready.set("ring_backlog", lagJson(rd.ringBacklog()));
        ArrayNode consumers = ready.putArray("consumers");
        rd.consumers().forEach((name, l) -> {
            ObjectNode node = lagJson(l).put("name", name);
            LagSeries.Summary ms = rd.consumersMillis().get(name);
            if (ms != null) {
                node.set("lag_ms", lagJson(ms));
            }
            consumers.add(node);
        });
        return root;
    }

    /**
     * Cores by group (the service's threads, or the other processes), three to a line: "name total
     * (kernel k)". The kernel's share is the time in system calls, page faults and the loopback
     * network stack.
     */
    private static void appendCores(StringBuilder s, String label, List<CpuSample.ThreadCores> rows, String what) {
        for (int i = 0; i < rows.size(); i += 3) {
            s.append(i == 0 ? String.format(Locale.ROOT, "  %-12s", label) : "              ");
            for (int j = i; j < Math.min(i + 3, rows.size()); j++) {
                CpuSample.ThreadCores t = rows.get(j);
                s.append(j > i ? ", " : "").append(String.format(Locale.ROOT, "%s %.2f (kernel %.2f)", t.group(), t.total(), t.system()));
            }
            s.append(i + 3 >= rows.size() ? "   [" + what + ", measured phase]" : ",").append(System.lineSeparator());
        }
    }

    /**
     * The service's collections in the measured phase, cycles only (ZGC's pause beans count the short
     * stops inside them), and a note when the collector was still making its start-up collections.
     */
    private static void appendCollections(StringBuilder s, List<CollectorSample.Row> collections) {
        List<String> cycles = collections.stream().filter(c -> !c.isPauses())
                .map(c -> String.format(Locale.ROOT, "%s x%d (%s) %.1f s", c.collector(), c.cycles(), c.cause(), c.millis() / 1000.0))
                .toList();
        if (!cycles.isEmpty()) {
            s.append("  collector   ").append(String.join(", ", cycles)).append("   [the service's collections, measured phase]")
                    .append(System.lineSeparator());
        }
        if (CollectorSample.warmingUp(collections)) {
            s.append("  NOTE        the service's collector was still making its start-up (Warmup) collections, which a"
                    + " long-running service no longer makes: its collections then differ (BENCHMARKS.md)").append(System.lineSeparator());
        }
    }

    /** Unknown (NaN) becomes null: JSON has no NaN. */
    private static void putCores(ObjectNode node, String name, double cores) {
        if (Double.isNaN(cores)) {
            node.putNull(name);
        } else {
            node.put(name, Latency.round(cores));
        }
    }

    private static ObjectNode lagJson(LagSeries.Summary l) {
        return Json.MAPPER.createObjectNode().put("samples", l.samples()).put("max", l.max()).put("p99", l.p99())
                .put("first_window_mean", Latency.round(l.firstMean())).put("last_window_mean", Latency.round(l.lastMean()))
                .put("growing", l.growing());
    }
}
