/**
 * Comes with the gRPC issue: the protobuf contract of {@code TransactionService.Create} for
 * low-latency internal ingestion over mutual TLS, generated here and served by the gateway.
 * Nothing here yet.
 */
package io.crowdpay.proto;
