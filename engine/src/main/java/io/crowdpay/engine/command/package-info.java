/**
 * The commands the engine accepts, as records of one sealed interface. Adapters build them; the
 * journal encodes them; nothing here knows about HTTP or JSON.
 */
package io.crowdpay.engine.command;
