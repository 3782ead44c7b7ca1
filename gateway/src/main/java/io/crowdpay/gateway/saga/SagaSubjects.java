package io.crowdpay.gateway.saga;

import io.crowdpay.engine.transaction.Leg;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;

/**
 * Where the saga's messages travel: one JetStream stream, {@value #STREAM}, file storage, seven days,
 * a two-minute duplicate window (senders set {@code Nats-Msg-Id}). Subjects, all JSON:
 * <ul>
 *   <li>{@code crowdpay.saga.leg.<fx|payout>.request}: the service asks a counterparty to execute a leg;</li>
 *   <li>{@code crowdpay.saga.leg.<fx|payout>.result}: the counterparty's answer;</li>
 *   <li>{@code crowdpay.saga.aml.result}: the AML screening's verdict on a transaction;</li>
 *   <li>{@code crowdpay.saga.kyc.updated}: a user's new KYC status and tier.</li>
 * </ul>
 * Schemas: {@link SagaMessages}.
 */
public final class SagaSubjects {

    public static final String STREAM = "CROWDPAY_SAGA";
    public static final String PREFIX = "crowdpay.saga.";
    public static final String AML_RESULT = PREFIX + "aml.result";
    public static final String KYC_UPDATED = PREFIX + "kyc.updated";
    /** What the service consumes: every answer that becomes a journaled input. */
    public static final String[] INPUTS = {PREFIX + "leg.*.result", AML_RESULT, KYC_UPDATED};
    public static final Duration DUPLICATE_WINDOW = Duration.ofMinutes(2);

    private SagaSubjects() {
    }

    public static String legRequest(Leg leg) {
        return PREFIX + "leg." + leg.name().toLowerCase(Locale.ROOT) + ".request";
    }

    public static String legResult(Leg leg) {
        return PREFIX + "leg." + leg.name().toLowerCase(Locale.ROOT) + ".result";
    }

    /** Creates the stream if it is missing (the service and the simulators both call it at start). */
    public static void ensureStream(JetStreamManagement jsm) throws IOException, JetStreamApiException {
        try {
            jsm.getStreamInfo(STREAM);
        } catch (JetStreamApiException missing) {
            if (missing.getApiErrorCode() != 10059) {
                throw missing;
            }
            try {
                jsm.addStream(StreamConfiguration.builder().name(STREAM).subjects(PREFIX + ">").storageType(StorageType.File)
                        .maxAge(Duration.ofDays(7)).duplicateWindow(DUPLICATE_WINDOW).build());
            } catch (JetStreamApiException raced) {
                if (raced.getApiErrorCode() != 10058) { // made by the other side meanwhile
                    throw raced;
                }
            }
        }
    }
}
