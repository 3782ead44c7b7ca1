/** Pods: groups of members with roles that share a wallet; what each role may do. */
package io.crowdpay.engine.pod;
