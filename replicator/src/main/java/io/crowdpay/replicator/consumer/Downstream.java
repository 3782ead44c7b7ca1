package io.crowdpay.replicator.consumer;

import java.util.List;

/** What the gateway asks of the downstream side: may it accept commands, and how is each consumer doing. */
public interface Downstream {

    /** No consumers: never sheds, reports nothing (tests of the HTTP layer alone). */
    Downstream NONE = new Downstream() {
        @Override
        public String shedding() {
            return null;
        }

        @Override
        public List<ConsumerStatus> consumers() {
            return List.of();
        }
    };

    /** Null while commands may be accepted, or why not (a consumer past the lag bound). */
    String shedding();

    List<ConsumerStatus> consumers();
}
