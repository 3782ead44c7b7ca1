package io.crowdpay.engine.pod;

import io.crowdpay.engine.Ids;

/** The id of a pod, a shared wallet of a group of friends. */
public record PodId(String value) {
    public PodId {
        Ids.checked(value, "pod id");
    }

    /*
     * equals and hashCode are written out, with the same results as the generated ones: ids are the
     * keys of the engine's hot maps, and the generated versions go through method handles that cost
     * several times a plain String comparison on every lookup of every command.
     */
    @Override
    public boolean equals(Object other) {
        return other instanceof PodId that && value.equals(that.value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return value;
    }
}
