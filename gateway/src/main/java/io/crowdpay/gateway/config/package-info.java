/**
 * The one configuration loader: environment settings ({@link io.crowdpay.gateway.config.ServiceConfig})
 * and the rules in ops/ ({@link io.crowdpay.gateway.config.OpsFiles}). Nothing else reads either.
 */
package io.crowdpay.gateway.config;
