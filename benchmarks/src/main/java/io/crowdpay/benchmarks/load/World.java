package io.crowdpay.benchmarks.load;

/**
 * The names of everything the load creates, in one place, so the setup and the request templates
 * cannot disagree. Ids are fixed (not per run): the admin API's PUTs are upserts, so a second run
 * against the same service reuses the same users, pods and wallets.
 */
final class World {

    /** The IBAN the withdrawals pay out to (a valid checksum; the gateway verifies it). */
    static final String PAYOUT_IBAN = "DE44 5001 0517 5407 3249 31";

    private World() {
    }

    static String pod(int p) {
        return "lg_p" + p;
    }

    /** Actor 0 of a pod is its OWNER, the others are ADMINs (who may do every operation too). */
    static String actor(int p, int a) {
        return "lg_u" + p + "_" + a;
    }

    static String beneficiaryOwner(int b) {
        return "lg_b" + b;
    }

    static String beneficiaryWallet(int b) {
        return "lg_w" + b;
    }

    /** EUR cents as the API's decimal string: 1234 -> "12.34". */
    static String eur(long cents) {
        return cents / 100 + "." + (cents % 100 < 10 ? "0" : "") + cents % 100;
    }
}
