package io.crowdpay.replicator.projection;

/**
 * The read model could not answer now (its database is down, slow or out of connections): an
 * expected condition of a downstream store, which the gateway answers with 503 T003 and Retry-After
 * instead of a 500.
 */
public final class ReadModelUnavailable extends Exception {

    public ReadModelUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
