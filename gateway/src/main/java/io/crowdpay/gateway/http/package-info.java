/**
 * The REST gateway: Netty HTTP/1.1, request decoding, the one error mapper, and replies. It builds
 * engine commands and renders engine outcomes; it decides nothing about money.
 */
package io.crowdpay.gateway.http;
