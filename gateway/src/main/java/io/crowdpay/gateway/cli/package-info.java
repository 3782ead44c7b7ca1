/** The command line (picocli): serve, token, seed-secrets, replay. */
package io.crowdpay.gateway.cli;
