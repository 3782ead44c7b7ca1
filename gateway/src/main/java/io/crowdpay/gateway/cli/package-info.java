/**
 * The command line (picocli): serve, token, seed-secrets, migrate, replay (with the rebuilds of the
 * database and the event log), and audit verify.
 */
package io.crowdpay.gateway.cli;
