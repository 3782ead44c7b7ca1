package io.crowdpay.engine.pod;

import io.crowdpay.engine.Ids;

/** The id of a pod, a shared wallet of a group of friends. */
public record PodId(String value) {
    public PodId {
        Ids.checked(value, "pod id");
    }

    @Override
    public String toString() {
        return value;
    }
}
