package io.crowdpay.gateway.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.crowdpay.engine.Outcome;
import io.crowdpay.engine.command.Command;
import io.crowdpay.engine.transaction.TransactionId;
import io.crowdpay.engine.user.UserId;
import io.crowdpay.journal.ring.CommandSlot;
import io.crowdpay.replicator.EventRecord;
import io.crowdpay.replicator.audit.AuditQueries;
import io.crowdpay.replicator.audit.AuditQueries.AuditedEvent;
import io.crowdpay.replicator.audit.AuditQueries.TransactionAudit;
import io.crowdpay.replicator.audit.SignedRoot;
import io.crowdpay.replicator.audit.StoredRoot;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /v1/transactions/{id}/audit}: a transaction's events with their inclusion proofs and
 * the signed roots of their batches.
 *
 * <p>Who may read it is decided exactly as for {@code GET /v1/transactions/{id}}, by the same engine
 * query through the ring (a pod member or an admin; T007 or T008 otherwise), so the two can never
 * disagree. Only once the engine has found the transaction for this caller is the audit trail read
 * from PostgreSQL, on a small bounded executor: JDBC blocks, and an event loop thread must never
 * wait on it. A full executor answers T003 at once rather than queueing without bound.
 */
final class AuditProofs {

    /** Proofs computed at once: each holds a pooled connection and up to one batch of leaves. */
    static final int THREADS_MAX = 2;
    /** Requests waiting for a thread before new ones are turned away with T003. */
    static final int WAITING_MAX = 64;

    private static final Logger LOG = LoggerFactory.getLogger(AuditProofs.class);

    private final GatewayContext context;
    private final Responder responder;
    private final ThreadPoolExecutor executor;

    AuditProofs(GatewayContext context, Responder responder) {
        this.context = context;
        this.responder = responder;
        AtomicInteger threads = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(THREADS_MAX, THREADS_MAX, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(WAITING_MAX), task -> {
                    Thread thread = new Thread(task, "audit-proofs-" + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        // Idle threads exit, so a gateway that never serves a proof, or has stopped, holds none.
        executor.allowCoreThreadTimeOut(true);
    }

    /** Asks the engine whether the caller may see the transaction; the audit is read only if so. */
    void serve(ApiHandler.Exchange ex, TransactionId id, UserId actor, boolean admin) throws ProblemException {
        if (context.audit() == null) {
            throw new ProblemException(Problem.of("T008", "audit_not_configured", "the audit trail is kept in the"
                    + " PostgreSQL event store; this service runs without one (set DATABASE_URL to enable it)"));
        }
        CommandSlot.Reply reply = slot -> {
            // Copied out now: the slot is reused as soon as this returns.
            Outcome outcome = slot.outcome();
            String halt = slot.haltReason();
            if (halt == null && outcome instanceof Outcome.TransactionFound) {
                read(ex, id.value());
            } else {
                ex.ctx().executor().execute(() -> responder.outcome(ex, outcome, halt));
            }
        };
        if (!context.pipeline().tryPublish(new Command.GetTransaction(id, actor, admin), reply)) {
            throw new ProblemException(Problem.overloaded("the service is at capacity; retry after a second"));
        }
    }

    private void read(ApiHandler.Exchange ex, String transactionId) {
        try {
            executor.execute(() -> answer(ex, transactionId));
        } catch (RejectedExecutionException full) {
            ex.ctx().executor().execute(() -> responder.problem(ex,
                    Problem.overloaded("too many audit proofs are being computed; retry after a second"), ex.keepAlive()));
        }
    }

    private void answer(ApiHandler.Exchange ex, String transactionId) {
        try {
            ObjectNode body = render(context.audit().transaction(transactionId));
            ex.ctx().executor().execute(() -> responder.json(ex, HttpResponseStatus.OK, body, List.of()));
        } catch (AuditQueries.Unavailable e) {
            LOG.warn("audit trail of {} unavailable (trace {}): {}", transactionId, ex.traceId(), e.getMessage());
            Problem problem = Problem.of("T003", "audit_unavailable", "the audit trail cannot be read right now; retry later");
            ex.ctx().executor().execute(() -> responder.problem(ex, problem, ex.keepAlive()));
        } catch (RuntimeException bug) {
            String reference = ServiceIds.traceId().substring(0, 12);
            LOG.error("unexpected error {} reading the audit trail of {} (trace {})", reference, transactionId, ex.traceId(), bug);
            ex.ctx().executor().execute(() -> responder.problem(ex, Problem.internal(reference), ex.keepAlive()));
        }
    }

    /** The response body, documented in docs/openapi.py (TransactionAudit). */
    static ObjectNode render(TransactionAudit audit) {
        ObjectNode body = Json.object().put("transaction_id", audit.transactionId());
        ArrayNode events = body.putArray("events");
        for (AuditedEvent audited : audit.events()) {
            events.add(event(audited));
        }
        ArrayNode roots = body.putArray("roots");
        for (StoredRoot stored : audit.roots()) {
            SignedRoot root = stored.root();
            roots.addObject().put("batch_number", root.batchNumber()).put("first_sequence", root.firstSequence())
                    .put("last_sequence", root.lastSequence()).put("leaf_count", root.leafCount())
                    .put("merkle_root", root.merkleRootHex()).put("chain_head", root.chainHeadHex())
                    .put("key_id", root.keyId()).put("signature", root.signature())
                    .put("signed_at", Views.time(stored.signedAtMillis()));
        }
        body.put("truncated", audit.truncated());
        return body;
    }

    private static ObjectNode event(AuditedEvent audited) {
        EventRecord e = audited.event();
        ObjectNode node = Json.object().put("sequence", e.sequence()).put("event_id", e.eventId())
                .put("stream_id", e.streamId()).put("stream_version", e.streamVersion()).put("type", e.type());
        try {
            node.set("payload", Json.MAPPER.readTree(e.payloadJson()));
        } catch (JsonProcessingException malformed) {
            throw new IllegalStateException("stored payload of event " + e.sequence() + " is not JSON", malformed);
        }
        node.put("journal_index", e.journalIndex()).put("at_ms", e.atMillis());
        if (e.correlationId() != null) {
            node.put("correlation_id", e.correlationId());
        }
        node.put("leaf_hash", audited.leafHex()).put("sealed", audited.sealed());
        if (audited.sealed()) {
            node.put("chain_head", audited.chainHeadHex()).put("batch_number", audited.inclusion().batchNumber())
                    .put("leaf_index", audited.inclusion().leafIndex()).put("leaf_count", audited.inclusion().leafCount());
            ArrayNode proof = node.putArray("inclusion_proof");
            audited.inclusion().proofHex().forEach(proof::add);
        }
        return node;
    }
}
