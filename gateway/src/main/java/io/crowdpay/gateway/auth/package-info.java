/**
 * Bearer token authentication: {@link io.crowdpay.gateway.auth.TokenVerifier} turns an
 * {@code Authorization} header into a {@link io.crowdpay.gateway.auth.Principal} or refuses it with an
 * {@link io.crowdpay.gateway.auth.AuthFailure} (HTTP 401, T006); {@link io.crowdpay.gateway.auth.DevKeys}
 * and {@link io.crowdpay.gateway.auth.TokenMinter} make a development signing key and tokens signed with it.
 */
package io.crowdpay.gateway.auth;
