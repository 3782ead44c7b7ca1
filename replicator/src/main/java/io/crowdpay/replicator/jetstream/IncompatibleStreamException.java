package io.crowdpay.replicator.jetstream;

/**
 * The stream exists with a setting that cannot be changed in place (storage type, retention). It is
 * a deployment error, not a transient one: retrying cannot fix it, an operator must.
 */
public class IncompatibleStreamException extends RuntimeException {

    public IncompatibleStreamException(String message) {
        super(message);
    }
}
