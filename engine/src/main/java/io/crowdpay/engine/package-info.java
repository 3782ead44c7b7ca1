/**
 * The business logic processor: one thread, all state in memory, deterministic. {@link
 * io.crowdpay.engine.Engine} applies commands; sub-packages hold the domain by concept (money,
 * wallet, ledger, pod, user, fx, transaction). Nothing here may import another module, a framework,
 * or read a clock, a random source, the disk or the network; {@code EngineBoundaryTest} enforces it.
 */
package io.crowdpay.engine;
