/** Domain events the engine emits, and the registry of their stable wire names. */
package io.crowdpay.engine.event;
