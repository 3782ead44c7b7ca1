/**
 * The Chronicle Queue input journal (the system of record), snapshots on disk, and start-up recovery.
 * Everything durable about the engine lives here; the engine itself never touches a file.
 */
package io.crowdpay.journal;
