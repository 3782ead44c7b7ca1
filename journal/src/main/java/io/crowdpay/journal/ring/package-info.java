/**
 * The Disruptor pipeline around the engine: journaller (group commit), processor, output handlers.
 * Nothing here decides anything about money; it orders, persists and hands over.
 */
package io.crowdpay.journal.ring;
