/**
 * The EventBus client: subscribe to the transaction service's events by type, as the seed's
 * section 5.2 does in Python. Depends on jnats and Jackson only, so any JVM service can use it.
 */
package io.crowdpay.eventbus;
