package io.crowdpay.journal;

/**
 * Chronicle must never phone home (it tries to reach an analytics host unless told not to). The
 * launcher and the build set the system property too; this is the last line of defence for code
 * paths that open a queue without going through them, such as tests started from an IDE.
 */
final class ChronicleFlags {

    private ChronicleFlags() {
    }

    static void disableAnalytics() {
        System.setProperty("chronicle.analytics.disable", "true");
    }
}
