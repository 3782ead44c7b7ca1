package io.crowdpay.gateway.http;

import io.crowdpay.engine.Ids;
import io.crowdpay.engine.Rejection;
import io.crowdpay.engine.pod.PodId;
import io.crowdpay.engine.transaction.TransactionStatus;
import io.crowdpay.engine.transaction.TransactionType;
import io.crowdpay.engine.user.UserId;
import io.crowdpay.engine.wallet.WalletId;
import io.crowdpay.gateway.auth.Principal;
import io.crowdpay.replicator.projection.Cursors;
import io.crowdpay.replicator.projection.Position;
import io.crowdpay.replicator.projection.ReadModelUnavailable;
import io.crowdpay.replicator.projection.TransactionQueries;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /v1/transactions?pod_id=&wallet_id=&status=&type=&limit=&cursor=}, served from the
 * transaction projection: newest first, {@code {"items": [...], "next_cursor": "..."}} with
 * {@code next_cursor} absent on the last page. Each item is rendered by {@link Views#writeTransaction}, the
 * same code as {@code GET /v1/transactions/{id}}, so the two are byte for byte alike.
 *
 * <p>Who may list what: a caller with scope {@code admin} may list everything, with or without
 * {@code pod_id}. Anyone else must name a {@code pod_id} (else T001, a missing parameter) of a pod
 * they are a member of per the projection; otherwise T007 {@code not_a_member}, as {@code GET
 * /v1/transactions/{id}} answers for a pod's transaction to a non-member. An unknown pod answers
 * T007 too, so the endpoint does not tell who has a pod.
 *
 * <p>Parameters are checked on the event loop (cheap, no I/O); the membership check and the query
 * run on a small bounded pool, because the projection may be PostgreSQL and JDBC blocks. The answer
 * goes back to the connection's event loop, which alone writes to the channel. A full pool answers
 * 503 T003 at once rather than queueing without bound; an unreachable read model answers T003 too.
 */
final class TransactionList {

    /** Threads running list queries at once: bounds the read model's connections the gateway takes. */
    static final int QUERY_THREADS_MAX = 4;

    /** Listings waiting for a thread; past it, T003. */
    static final int QUEUED_MAX = 64;

    private static final long IDLE_THREAD_SECONDS_MAX = 30;
    private static final Set<String> PARAMETERS =
            new TreeSet<>(List.of("pod_id", "wallet_id", "status", "type", "limit", "cursor"));
    private static final Logger LOG = LoggerFactory.getLogger(TransactionList.class);

    private final TransactionQueries queries;
    private final Responder responder;
    private final ThreadPoolExecutor executor;

    /** A validated request: what to list, how many, and after which item. */
    record Query(TransactionQueries.Filter filter, int limit, Position after) {
    }

    /**
     * The pool's threads are daemons that end after being idle, so it needs no closing: the handler
     * that owns it has no close hook, and an idle gateway keeps no threads for it.
     */
    TransactionList(TransactionQueries queries, Responder responder) {
        this.queries = queries;
        this.responder = responder;
        AtomicInteger threads = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(QUERY_THREADS_MAX, QUERY_THREADS_MAX, IDLE_THREAD_SECONDS_MAX, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(QUEUED_MAX), runnable -> {
                    Thread thread = new Thread(runnable, "transaction-list-" + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        this.executor.allowCoreThreadTimeOut(true);
    }

    /** Validates the request here, then answers it from the pool. */
    void serve(ApiHandler.Exchange ex, String uri, Principal principal) throws ProblemException {
        Query query = parse(new QueryStringDecoder(uri).parameters(), principal.isAdmin());
        try {
            executor.execute(() -> answer(ex, query, principal));
        } catch (RejectedExecutionException full) {
            throw new ProblemException(Problem.overloaded("too many transaction listings at once; retry after a second"));
        }
    }

    private void answer(ApiHandler.Exchange ex, Query query, Principal principal) {
        try {
            PodId pod = query.filter().pod();
            if (!principal.isAdmin() && !queries.isMember(pod, new UserId(principal.subject()))) {
                reply(ex, Problem.from(Rejection.NOT_A_MEMBER, principal.subject() + " is not a member of pod " + pod.value()));
                return;
            }
            TransactionQueries.Page page = queries.list(query.filter(), query.limit(), query.after());
            byte[] body = render(page, query.filter());
            ex.ctx().executor().execute(() -> responder.raw(ex, HttpResponseStatus.OK, "application/json", body));
        } catch (ReadModelUnavailable e) {
            reply(ex, Problem.of("T003", "read_model_unavailable", "the transaction list cannot be read now; retry later"));
        } catch (RuntimeException bug) {
            String reference = ServiceIds.traceId().substring(0, 12);
            LOG.error("unexpected error {} listing transactions (trace {})", reference, ex.traceId(), bug);
            reply(ex, Problem.internal(reference));
        }
    }

    private void reply(ApiHandler.Exchange ex, Problem problem) {
        ex.ctx().executor().execute(() -> responder.problem(ex, problem, ex.keepAlive()));
    }

    static byte[] render(TransactionQueries.Page page, TransactionQueries.Filter filter) {
        return Views.json(g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("items");
            for (var row : page.items()) {
                Views.writeTransaction(g, row.transaction());
            }
            g.writeEndArray();
            if (page.next() != null) {
                g.writeStringField("next_cursor", Cursors.encode(page.next(), filter));
            }
            g.writeEndObject();
        });
    }

    /** Every problem of the query string at once, as T001 field errors; the first wrong thing does not hide the rest. */
    static Query parse(Map<String, List<String>> parameters, boolean admin) throws ProblemException {
        List<Problem.FieldError> errors = new ArrayList<>();
        parameters.forEach((name, values) -> {
            if (!PARAMETERS.contains(name)) {
                errors.add(new Problem.FieldError(name, "unknown query parameter; allowed: " + String.join(", ", PARAMETERS)));
            } else if (values.size() > 1) {
                errors.add(new Problem.FieldError(name, "given more than once"));
            }
        });
        String pod = id(parameters, "pod_id", errors);
        String wallet = id(parameters, "wallet_id", errors);
        TransactionStatus status = choice(parameters, "status", TransactionStatus.class, errors);
        TransactionType type = choice(parameters, "type", TransactionType.class, errors);
        int limit = limit(parameters, errors);
        if (pod == null && !admin && !parameters.containsKey("pod_id")) {
            errors.add(new Problem.FieldError("pod_id",
                    "required: name a pod you are a member of (only scope admin lists all pods)"));
        }
        Position after = null;
        if (errors.isEmpty()) {
            TransactionQueries.Filter filter = new TransactionQueries.Filter(pod == null ? null : new PodId(pod),
                    wallet == null ? null : new WalletId(wallet), status, type);
            String cursor = single(parameters, "cursor");
            if (cursor != null) {
                after = Cursors.decode(cursor, filter).orElse(null);
                if (after == null) {
                    errors.add(new Problem.FieldError("cursor",
                            "not a cursor of this listing: pass next_cursor unchanged, with the same filters"));
                }
            }
            if (errors.isEmpty()) {
                return new Query(filter, limit, after);
            }
        }
        String detail = "invalid query: " + String.join("; ", errors.stream().map(e -> e.field() + " " + e.reason()).toList());
        throw new ProblemException(Problem.invalid(detail, errors));
    }

    private static String single(Map<String, List<String>> parameters, String name) {
        List<String> values = parameters.get(name);
        return values == null || values.size() != 1 ? null : values.getFirst();
    }

    private static String id(Map<String, List<String>> parameters, String name, List<Problem.FieldError> errors) {
        String value = single(parameters, name);
        if (value != null && !Ids.isValidClientId(value)) {
            errors.add(new Problem.FieldError(name, "must match ^[A-Za-z0-9_-]{1,64}$"));
            return null;
        }
        return value;
    }

    private static <E extends Enum<E>> E choice(Map<String, List<String>> parameters, String name, Class<E> type,
                                                List<Problem.FieldError> errors) {
        String value = single(parameters, name);
        if (value == null) {
            return null;
        }
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(value)) {
                return constant;
            }
        }
        errors.add(new Problem.FieldError(name, "must be one of " + String.join(", ",
                Arrays.stream(type.getEnumConstants()).map(Enum::name).toList())));
        return null;
    }

    private static int limit(Map<String, List<String>> parameters, List<Problem.FieldError> errors) {
        String value = single(parameters, "limit");
        if (value == null) {
            return TransactionQueries.LIMIT_DEFAULT;
        }
        // Digits only, at most three: no sign, no exponent, no leading "+", nothing to overflow.
        if (value.matches("[0-9]{1,3}")) {
            int limit = Integer.parseInt(value);
            if (limit >= 1 && limit <= TransactionQueries.LIMIT_MAX) {
                return limit;
            }
        }
        errors.add(new Problem.FieldError("limit", "must be an integer from 1 to " + TransactionQueries.LIMIT_MAX));
        return TransactionQueries.LIMIT_DEFAULT;
    }
}
