package io.crowdpay.gateway.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.crowdpay.engine.Rejection;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.List;

/**
 * An error answer (RFC 9457 problem+json) with the stable code and reason of API.md. The one error
 * mapper: every refusal, from the engine or the gateway, becomes one of these here and nowhere else.
 */
public record Problem(HttpResponseStatus status, String code, String reason, String detail, List<FieldError> errors,
                      int retryAfterSeconds, String allow) {

    /** One invalid field: its JSON path (e.g. {@code amount.value}) and what is wrong with it. */
    public record FieldError(String field, String reason) {
    }

    public Problem {
        errors = List.copyOf(errors);
    }

    public static Problem of(String code, String reason, String detail) {
        HttpResponseStatus status = switch (code) {
            case "T001" -> HttpResponseStatus.UNPROCESSABLE_ENTITY;
            case "T002" -> HttpResponseStatus.CONFLICT;
            case "T003" -> HttpResponseStatus.SERVICE_UNAVAILABLE;
            case "T004" -> HttpResponseStatus.PAYMENT_REQUIRED;
            case "T006" -> HttpResponseStatus.UNAUTHORIZED;
            case "T007" -> HttpResponseStatus.FORBIDDEN;
            case "T008" -> HttpResponseStatus.NOT_FOUND;
            case "T009" -> HttpResponseStatus.TOO_MANY_REQUESTS;
            default -> HttpResponseStatus.INTERNAL_SERVER_ERROR;
        };
        boolean retry = code.equals("T003") || code.equals("T009");
        return new Problem(status, code, reason, detail, List.of(), retry ? 1 : 0, null);
    }

    public static Problem invalid(String detail, List<FieldError> errors) {
        return new Problem(HttpResponseStatus.UNPROCESSABLE_ENTITY, "T001", "invalid_request", detail, errors, 0, null);
    }

    public static Problem invalidField(String field, String why) {
        return invalid(field + ": " + why, List.of(new FieldError(field, why)));
    }

    /** The same problem answered with another HTTP status (413, 415, 405) but the same code. */
    public Problem withStatus(HttpResponseStatus other) {
        return new Problem(other, code, reason, detail, errors, retryAfterSeconds, allow);
    }

    /** A 405 names the methods the resource does allow (RFC 9110: the Allow header is required). */
    public static Problem methodNotAllowed(String actual, String allowed) {
        return new Problem(HttpResponseStatus.METHOD_NOT_ALLOWED, "T001", "method_not_allowed",
                actual + " is not allowed here; use " + allowed, List.of(), 0, allowed);
    }

    public static Problem overloaded(String detail) {
        return of("T003", "overloaded", detail);
    }

    public static Problem internal(String errorReference) {
        return of("T005", "internal_error", "unexpected error; reference " + errorReference);
    }

    public static Problem from(Rejection rejection, String detail) {
        String code = switch (rejection) {
            case INVALID_REQUEST, KYC_NOT_VERIFIED, LIMIT_EXCEEDED, SANCTIONS_HIT, FX_QUOTE_EXPIRED, FX_QUOTE_INVALID,
                 RISK_REJECTED, CURRENCY_NOT_SUPPORTED, UNKNOWN_WALLET, UNKNOWN_POD -> "T001";
            case IDEMPOTENCY_KEY_REUSED -> "T002";
            case CAPACITY_EXCEEDED -> "T003";
            case INSUFFICIENT_FUNDS -> "T004";
            case NOT_A_MEMBER, ROLE_NOT_ALLOWED -> "T007";
            case NOT_FOUND -> "T008";
        };
        return of(code, rejection.reason(), detail);
    }

    public ObjectNode toJson(String traceId) {
        ObjectNode body = Json.object();
        body.put("type", "urn:crowdpay:problem:" + reason);
        body.put("title", status.reasonPhrase());
        body.put("status", status.code());
        body.put("code", code);
        body.put("reason", reason);
        body.put("detail", detail);
        body.put("trace_id", traceId);
        if (!errors.isEmpty()) {
            ArrayNode list = body.putArray("errors");
            errors.forEach(e -> list.addObject().put("field", e.field()).put("reason", e.reason()));
        }
        return body;
    }
}
