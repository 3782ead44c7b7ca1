package io.crowdpay.gateway.http;

import io.crowdpay.gateway.auth.TokenVerifier;
import io.crowdpay.gateway.config.FxRates;
import io.crowdpay.journal.ring.Pipeline;
import java.util.function.Supplier;

/**
 * What the HTTP layer needs from the rest of the service, shared by every connection.
 *
 * @param readiness answers null when ready, or why not
 */
public record GatewayContext(Pipeline pipeline, TokenVerifier verifier, FxRates rates, int bodyBytesMax,
                             int rateLimitPerSecond, Supplier<String> readiness, Metrics metrics) {
}
