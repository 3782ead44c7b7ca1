/**
 * The binary encodings of commands and values, used by the journal and snapshots. A storage format:
 * tags and field order never change in place; new versions are added beside the old readers.
 */
package io.crowdpay.engine.wire;
