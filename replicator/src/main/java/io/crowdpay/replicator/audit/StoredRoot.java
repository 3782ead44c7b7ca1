package io.crowdpay.replicator.audit;

import java.util.Objects;

/**
 * A signed root as the audit trail keeps and publishes it: the {@link SignedRoot} and when the
 * auditor signed it (epoch milliseconds of the auditor's clock). The time is not signed: it says when
 * the commitment was made, for the operator and the audit-vault, and proves nothing by itself.
 */
public record StoredRoot(SignedRoot root, long signedAtMillis) {

    public StoredRoot {
        Objects.requireNonNull(root, "root");
    }

    public long batchNumber() {
        return root.batchNumber();
    }
}
