/** A runnable example of the EventBus client: {@code crowdpay events}, or its main class directly. */
package io.crowdpay.eventbus.example;
