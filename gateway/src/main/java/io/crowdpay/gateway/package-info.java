/**
 * The service process: {@link io.crowdpay.gateway.Service} wires recovery, the pipeline, the
 * counterparties and the HTTP server; {@code cli} is its command line.
 */
package io.crowdpay.gateway;
