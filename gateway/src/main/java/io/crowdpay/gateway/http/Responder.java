package io.crowdpay.gateway.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.crowdpay.engine.Outcome;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Writes every response: status, body, {@code X-Trace-Id}, keep-alive, and the response counters. */
final class Responder {

    private final Metrics metrics;

    Responder(Metrics metrics) {
        this.metrics = metrics;
    }

    void outcome(ApiHandler.Exchange ex, Outcome outcome, String haltReason) {
        if (haltReason != null) {
            problem(ex, Problem.of("T003", "ledger_unavailable", "the ledger is not accepting commands; retry later"), ex.keepAlive());
            return;
        }
        switch (outcome) {
            case Outcome.TransactionAccepted a -> {
                String id = a.transaction().id().value();
                List<Map.Entry<String, String>> headers = a.replayed()
                        ? List.of(Map.entry("Location", "/v1/transactions/" + id), Map.entry("Idempotent-Replayed", "true"))
                        : List.of(Map.entry("Location", "/v1/transactions/" + id));
                json(ex, HttpResponseStatus.ACCEPTED, Views.transactionJson(a.transaction()), headers);
            }
            case Outcome.TransactionFound f -> json(ex, HttpResponseStatus.OK, Views.transactionJson(f.transaction()), List.of());
            case Outcome.UserSaved u -> json(ex, HttpResponseStatus.OK, Views.user(u.user()), List.of());
            case Outcome.PodSaved p -> json(ex, HttpResponseStatus.OK, Views.pod(p.pod()), List.of());
            case Outcome.WalletFound w -> json(ex, HttpResponseStatus.OK, Views.wallet(w.wallet()), List.of());
            case Outcome.QuoteIssued q -> json(ex, HttpResponseStatus.CREATED, Views.quote(q.quote()),
                    List.of(Map.entry("Location", "/v1/fx/quotes/" + q.quote().id().value())));
            case Outcome.Rejected r -> problem(ex, Problem.from(r.rejection(), r.detail()), ex.keepAlive());
            case Outcome.Applied a -> problem(ex, Problem.internal("no-body"), ex.keepAlive());
        }
    }

    void json(ApiHandler.Exchange ex, HttpResponseStatus status, ObjectNode body, List<Map.Entry<String, String>> headers) {
        json(ex, status, Json.bytes(body), headers);
    }

    void json(ApiHandler.Exchange ex, HttpResponseStatus status, byte[] body, List<Map.Entry<String, String>> headers) {
        FullHttpResponse response = response(status, "application/json", body, ex.traceId());
        headers.forEach(h -> response.headers().set(h.getKey(), h.getValue()));
        send(ex, response, ex.keepAlive(), null);
    }

    void text(ApiHandler.Exchange ex, HttpResponseStatus status, String contentType, String body) {
        raw(ex, status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    void raw(ApiHandler.Exchange ex, HttpResponseStatus status, String contentType, byte[] body) {
        send(ex, response(status, contentType, body, ex.traceId()), ex.keepAlive(), null);
    }

    void problem(ApiHandler.Exchange ex, Problem problem, boolean keepAlive) {
        FullHttpResponse response = response(problem.status(), "application/problem+json", Json.bytes(problem.toJson(ex.traceId())), ex.traceId());
        if (problem.retryAfterSeconds() > 0) {
            response.headers().set(HttpHeaderNames.RETRY_AFTER, problem.retryAfterSeconds());
        }
        if (problem.allow() != null) {
            response.headers().set(HttpHeaderNames.ALLOW, problem.allow());
        }
        if (problem.code().equals("T006")) {
            response.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
        }
        send(ex, response, keepAlive, problem.code());
    }

    static FullHttpResponse response(HttpResponseStatus status, String contentType, byte[] body, String traceId) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
                .set("X-Trace-Id", traceId)
                .set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        return response;
    }

    private void send(ApiHandler.Exchange ex, FullHttpResponse response, boolean keepAlive, String code) {
        metrics.countResponse(response.status().code(), code);
        response.headers().set(HttpHeaderNames.CONNECTION, keepAlive ? HttpHeaderValues.KEEP_ALIVE : HttpHeaderValues.CLOSE);
        ex.delivery().send(response);
    }
}
