package io.crowdpay.gateway.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.crowdpay.engine.Outcome;
import io.crowdpay.engine.command.Command;
import io.crowdpay.engine.transaction.TransactionId;
import io.crowdpay.engine.user.UserId;
import io.crowdpay.engine.wallet.WalletId;
import io.crowdpay.gateway.auth.AuthFailure;
import io.crowdpay.gateway.auth.Principal;
import io.crowdpay.journal.ring.CommandSlot;
import io.crowdpay.replicator.consumer.ConsumerStatus;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.AttributeKey;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes each request: trace id, authentication, scope, rate limit, decoding, then hands the command
 * to the ring and answers when the engine has. One instance serves every connection; it keeps no
 * per-request state outside the closures it creates.
 */
@ChannelHandler.Sharable
public final class ApiHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);

    /** Requests a client may pipeline behind the one in flight before the connection is closed. */
    static final int PIPELINED_MAX = 16;

    private static final AttributeKey<Pipelined> PIPELINED = AttributeKey.valueOf("crowdpay.pipelined");

    private final GatewayContext context;
    private final Requests requests;
    private final RateLimiter limiter;
    private final Responder responder;
    /** The list endpoint, or null while no projection is wired (it then answers T008). */
    private final TransactionList transactionList;
    /** GET /v1/transactions/{id}/audit: the transaction's events with their inclusion proofs. */
    private final AuditProofs auditProofs;

    public ApiHandler(GatewayContext context) {
        this.context = context;
        this.requests = new Requests(context.rates());
        this.limiter = new RateLimiter(context.rateLimitPerSecond());
        this.responder = new Responder(context.metrics());
        this.transactionList = context.transactions() == null ? null : new TransactionList(context.transactions(), responder);
        this.auditProofs = new AuditProofs(context, responder);
    }

    /**
     * Per connection: the requests read and not yet answered, and the answers that are ready but must
     * wait for an earlier one. HTTP/1.1 answers in request order, but the gateway handles a
     * connection's pipelined requests as they arrive: each goes to the ring (or is answered at once)
     * without waiting for the one before it, so one socket read, one ring batch and one flush can carry
     * several. An answer that is ready early (a 4xx, a read-model query) waits here for those before it.
     * Touched only on the connection's event loop.
     */
    private static final class Pipelined {
        /** Id of the next request read; ids start at 0 per connection. */
        long nextRead;
        /** Id of the next answer to write. */
        long nextWrite;
        /** Answers ready out of order, by id modulo the length; at most {@code 1 + PIPELINED_MAX} unanswered. */
        final FullHttpResponse[] ready = new FullHttpResponse[PIPELINED_MAX + 1];
        /** A request asked to close the connection (or could not be parsed): read nothing after it. */
        boolean closing;

        int unanswered() {
            return (int) (nextRead - nextWrite);
        }
    }

    /** What the reply to one request needs: where to send it, and how (in request order). */
    record Exchange(ChannelHandlerContext ctx, String traceId, boolean keepAlive, Delivery delivery) {
    }

    /**
     * Hands a finished response to the connection's ordering; called on its event loop. Its
     * {@code Connection} header says whether the connection stays open after it.
     */
    @FunctionalInterface
    interface Delivery {
        void send(FullHttpResponse response);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        Pipelined state = ctx.channel().attr(PIPELINED).get();
        if (state == null) {
            state = new Pipelined();
            ctx.channel().attr(PIPELINED).set(state);
        }
        if (state.closing) {
            return; // pipelined after a request that closes the connection: never answered, never handled
        }
        if (state.unanswered() > PIPELINED_MAX) {
            ctx.close(); // more than one in flight and PIPELINED_MAX behind it: pipelining must not buffer without bound
            return;
        }
        long id = state.nextRead++;
        boolean keepAlive = io.netty.handler.codec.http.HttpUtil.isKeepAlive(request) && !request.decoderResult().isFailure();
        if (!keepAlive) {
            state.closing = true;
        }
        if (state.closing || state.unanswered() > PIPELINED_MAX) {
            ctx.channel().config().setAutoRead(false); // read again once answers drain
        }
        Pipelined connection = state;
        Exchange ex = new Exchange(ctx, ServiceIds.traceId(request.headers()), keepAlive,
                response -> deliver(ctx, connection, id, response));
        handle(ex, request);
    }

    /**
     * Writes the answer to request {@code id} if every earlier one is written, then any later ones
     * already waiting, with one flush; otherwise keeps it until its turn.
     */
    private static void deliver(ChannelHandlerContext ctx, Pipelined state, long id, FullHttpResponse response) {
        if (id < state.nextWrite || !ctx.channel().isActive()) {
            response.release();
            return;
        }
        state.ready[(int) (id % state.ready.length)] = response;
        boolean wrote = false;
        while (true) {
            int next = (int) (state.nextWrite % state.ready.length);
            FullHttpResponse r = state.ready[next];
            if (r == null) {
                break;
            }
            state.ready[next] = null;
            state.nextWrite++;
            if (!io.netty.handler.codec.http.HttpUtil.isKeepAlive(r)) {
                // The last answer on this connection: anything else still coming is dropped.
                state.closing = true;
                state.nextWrite = Long.MAX_VALUE;
                ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
                releaseWaiting(state);
                return;
            }
            ctx.write(r);
            wrote = true;
        }
        if (wrote) {
            ctx.flush();
        }
        if (!state.closing && state.unanswered() <= PIPELINED_MAX / 2 && !ctx.channel().config().isAutoRead()) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    private static void releaseWaiting(Pipelined state) {
        for (int i = 0; i < state.ready.length; i++) {
            if (state.ready[i] != null) {
                state.ready[i].release();
                state.ready[i] = null;
            }
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        Pipelined state = ctx.channel().attr(PIPELINED).get();
        if (state != null) {
            releaseWaiting(state);
            state.nextWrite = Long.MAX_VALUE; // answers still coming are dropped
        }
        ctx.fireChannelInactive();
    }

    private void handle(Exchange ex, FullHttpRequest request) {
        if (request.decoderResult().isFailure()) {
            responder.problem(ex, Problem.invalid("the HTTP request could not be parsed", List.of())
                    .withStatus(HttpResponseStatus.BAD_REQUEST), false);
            return;
        }
        try {
            route(ex, request);
        } catch (ProblemException e) {
            responder.problem(ex, e.problem(), ex.keepAlive());
        } catch (RuntimeException bug) {
            String reference = ServiceIds.traceId().substring(0, 12);
            LOG.error("unexpected error {} (trace {})", reference, ex.traceId(), bug);
            responder.problem(ex, Problem.internal(reference), ex.keepAlive());
        }
    }

    private void route(Exchange ex, FullHttpRequest request) throws ProblemException {
        String path = new QueryStringDecoder(request.uri()).path();
        HttpMethod method = request.method();
        String[] parts = path.split("/", -1);
        switch (path) {
            case "/healthz" -> {
                requireMethod(method, HttpMethod.GET);
                responder.json(ex, HttpResponseStatus.OK, Json.object().put("status", "alive"), List.of());
                return;
            }
            case "/readyz" -> {
                requireMethod(method, HttpMethod.GET);
                readiness(ex);
                return;
            }
            case "/metrics" -> {
                requireMethod(method, HttpMethod.GET);
                responder.text(ex, HttpResponseStatus.OK, "text/plain; version=0.0.4; charset=utf-8", context.metrics().render());
                return;
            }
            case "/openapi.json" -> {
                requireMethod(method, HttpMethod.GET);
                responder.raw(ex, HttpResponseStatus.OK, "application/json", OpenApi.document());
                return;
            }
            default -> {
                // the /v1 routes below
            }
        }
        if (parts.length < 3 || !parts[0].isEmpty() || !parts[1].equals("v1")) {
            throw new ProblemException(Problem.of("T008", "not_found", "no route " + path));
        }
        Principal principal = authenticate(request);
        if (!limiter.tryAcquire(principal.subject())) {
            throw new ProblemException(Problem.of("T009", "rate_limited", "more than " + context.rateLimitPerSecond()
                    + " requests per second for " + principal.subject()));
        }
        routeV1(ex, request, principal, parts);
    }

    private void routeV1(Exchange ex, FullHttpRequest request, Principal principal, String[] parts) throws ProblemException {
        HttpMethod method = request.method();
        String resource = parts[2];
        boolean item = parts.length == 4 && !parts[3].isEmpty();
        if (parts.length == 5 && resource.equals("transactions") && !parts[3].isEmpty() && parts[4].equals("audit")) {
            requireMethod(method, HttpMethod.GET);
            requireAnyScope(principal, Principal.READ);
            if (parts[3].length() > 64) {
                throw new ProblemException(Problem.of("T008", "not_found", "no transaction " + parts[3].substring(0, 64) + "..."));
            }
            auditProofs.serve(ex, new TransactionId(parts[3]), new UserId(principal.subject()), principal.isAdmin());
            return;
        }
        if (parts.length > 4 || (parts.length == 4 && parts[3].isEmpty())) {
            throw new ProblemException(Problem.of("T008", "not_found", "no route " + String.join("/", parts)));
        }
        UserId actor = new UserId(principal.subject());
        switch (resource) {
            case "users", "pods", "wallets" -> {
                if (!item) {
                    throw new ProblemException(Problem.of("T008", "not_found", "use /v1/" + resource + "/{id}"));
                }
                if (resource.equals("wallets") && method.equals(HttpMethod.GET)) {
                    requireAnyScope(principal, Principal.READ);
                    String id = Requests.pathId(parts[3], "wallet_id");
                    submit(ex, new Command.GetWallet(new WalletId(id), actor, principal.isAdmin()));
                    return;
                }
                if (!method.equals(HttpMethod.PUT)) {
                    throw new ProblemException(Problem.methodNotAllowed(method.name(), resource.equals("wallets") ? "GET, PUT" : "PUT"));
                }
                requireAnyScope(principal, Principal.ADMIN);
                ObjectNode body = body(request);
                submit(ex, switch (resource) {
                    case "users" -> requests.putUser(parts[3], body);
                    case "pods" -> requests.putPod(parts[3], body);
                    default -> requests.putWallet(parts[3], body);
                });
            }
            case "transactions" -> {
                if (item) {
                    requireMethod(method, HttpMethod.GET);
                    requireAnyScope(principal, Principal.READ);
                    String id = parts[3];
                    if (id.length() > 64) {
                        throw new ProblemException(Problem.of("T008", "not_found", "no transaction " + id.substring(0, 64) + "..."));
                    }
                    submit(ex, new Command.GetTransaction(new TransactionId(id), actor, principal.isAdmin()));
                    return;
                }
                if (method.equals(HttpMethod.GET)) {
                    if (transactionList == null) {
                        throw new ProblemException(Problem.of("T008", "not_found",
                                "listing transactions arrives with the projections release; GET /v1/transactions/{id} works now"));
                    }
                    requireAnyScope(principal, Principal.READ);
                    transactionList.serve(ex, request.uri(), principal);
                    return;
                }
                if (!method.equals(HttpMethod.POST)) {
                    throw new ProblemException(Problem.methodNotAllowed(method.name(), "GET, POST"));
                }
                requireAnyScope(principal, Principal.WRITE);
                String key = request.headers().get("Idempotency-Key");
                String correlation = request.headers().get("X-Correlation-Id");
                submit(ex, requests.transaction(actor, body(request), key, correlation));
            }
            case "fx" -> {
                if (!(parts.length == 4 && parts[3].equals("quotes"))) {
                    throw new ProblemException(Problem.of("T008", "not_found", "use POST /v1/fx/quotes"));
                }
                requireMethod(method, HttpMethod.POST);
                requireAnyScope(principal, Principal.WRITE);
                submit(ex, requests.quote(actor, body(request)));
            }
            default -> throw new ProblemException(Problem.of("T008", "not_found", "no resource /v1/" + resource));
        }
    }

    /**
     * Hands the command to the ring; the reply comes back on the replier thread, which copies the
     * immutable outcome out of the slot (the slot is reused) and leaves rendering to this
     * connection's event loop. A request pipelined behind this one is handled at once; its answer
     * waits in {@link Pipelined} until this one's is written, so responses leave in request order.
     */
    private void submit(Exchange ex, Command command) throws ProblemException {
        ChannelHandlerContext ctx = ex.ctx();
        CommandSlot.Reply reply = slot -> {
            Outcome outcome = slot.outcome();
            String halt = slot.haltReason();
            ctx.executor().execute(() -> responder.outcome(ex, outcome, halt));
        };
        if (command.journaled()) {
            String lagging = context.downstream().shedding();
            if (lagging != null) {
                throw new ProblemException(Problem.of("T003", "downstream_lagging", lagging + "; retry after a second"));
            }
        }
        if (!context.pipeline().tryPublish(command, reply)) {
            throw new ProblemException(Problem.overloaded("the service is at capacity; retry after a second"));
        }
    }



    private Principal authenticate(FullHttpRequest request) throws ProblemException {
        Principal principal;
        try {
            principal = context.verifier().verify(request.headers().get(HttpHeaderNames.AUTHORIZATION));
        } catch (AuthFailure e) {
            throw new ProblemException(Problem.of("T006", e.reason(), e.getMessage()));
        }
        // The subject is the acting user: it must be a user id the API could name.
        if (!io.crowdpay.engine.Ids.isValidClientId(principal.subject())) {
            throw new ProblemException(Problem.of("T006", "invalid_subject", "the token's sub must match ^[A-Za-z0-9_-]{1,64}$"));
        }
        return principal;
    }

    private static void requireAnyScope(Principal principal, String scope) throws ProblemException {
        boolean ok = principal.has(scope) || (scope.equals(Principal.READ) && principal.isAdmin());
        if (!ok) {
            throw new ProblemException(Problem.of("T007", "insufficient_scope", "this call needs scope " + scope));
        }
    }

    private static void requireMethod(HttpMethod actual, HttpMethod expected) throws ProblemException {
        if (!actual.equals(expected)) {
            throw new ProblemException(Problem.methodNotAllowed(actual.name(), expected.name()));
        }
    }

    private static ObjectNode body(FullHttpRequest request) throws ProblemException {
        String type = request.headers().get(HttpHeaderNames.CONTENT_TYPE);
        if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            throw new ProblemException(Problem.of("T001", "unsupported_media_type", "send Content-Type: application/json")
                    .withStatus(HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE));
        }
        try {
            return Json.parseObject(ByteBufUtil.getBytes(request.content()));
        } catch (Json.Malformed e) {
            throw new ProblemException(Problem.invalid(e.getMessage(), List.of()));
        }
    }

    private void readiness(Exchange ex) {
        String notReady = context.readiness().get();
        ObjectNode body = Json.object().put("status", notReady == null ? "ready" : "not_ready");
        body.put("ring_backlog", context.pipeline().backlog()).put("ring_size", context.pipeline().ringSize());
        if (notReady != null) {
            body.put("reason", notReady);
        }
        var consumers = body.putArray("consumers");
        for (ConsumerStatus c : context.downstream().consumers()) {
            ObjectNode node = consumers.addObject().put("name", c.name()).put("checkpoint", c.checkpoint()).put("lag", c.lag())
                    .put("lag_ms", c.lagMillis()).put("state", c.failure() == null ? "ok" : "failing");
            if (c.failure() != null) {
                node.put("failure", c.failure()).put("failing_for_ms", c.failingForMillis());
            }
        }
        responder.json(ex, notReady == null ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE, body, List.of());
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("connection error, closing: {}", cause.toString());
        ctx.close();
    }
}
