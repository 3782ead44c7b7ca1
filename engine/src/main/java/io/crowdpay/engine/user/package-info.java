/** Users as reference data: KYC status and tier, mirrored from the services that own them. */
package io.crowdpay.engine.user;
