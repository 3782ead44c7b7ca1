package io.crowdpay.gateway.http;

import io.crowdpay.gateway.auth.TokenVerifier;
import io.crowdpay.gateway.config.FxRates;
import io.crowdpay.journal.ring.Pipeline;
import io.crowdpay.replicator.audit.AuditQueries;
import io.crowdpay.replicator.consumer.Downstream;
import io.crowdpay.replicator.projection.TransactionQueries;
import java.util.function.Supplier;

/**
 * What the HTTP layer needs from the rest of the service, shared by every connection.
 *
 * @param readiness    answers null when ready, or why not
 * @param downstream   the consumers' standing: /readyz lists them, and while {@code shedding()} gives
 *                     a reason (a consumer past its lag bound) new commands get 503 T003
 * @param transactions the transaction projection behind {@code GET /v1/transactions?...}
 * @param audit        the audit trail behind the proof endpoint, or null when no event store is
 *                     configured (embedded default)
 */
public record GatewayContext(Pipeline pipeline, TokenVerifier verifier, FxRates rates, int bodyBytesMax,
                             int rateLimitPerSecond, Supplier<String> readiness, Metrics metrics,
                             Downstream downstream, TransactionQueries transactions, AuditQueries audit) {

    /** Without downstream consumers: never sheds for lag, no list, no audit. */
    public GatewayContext(Pipeline pipeline, TokenVerifier verifier, FxRates rates, int bodyBytesMax,
                          int rateLimitPerSecond, Supplier<String> readiness, Metrics metrics) {
        this(pipeline, verifier, rates, bodyBytesMax, rateLimitPerSecond, readiness, metrics, Downstream.NONE, null, null);
    }
}
