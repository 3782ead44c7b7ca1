package io.crowdpay.benchmarks.load;

/**
 * The operation mix: the share of each {@link Operation}, chosen per operation from a uniform draw.
 * Shares are normalised, so "90,5,5" and "0.9,0.05,0.05" mean the same mix.
 */
record Mix(double transfer, double fxSwap, double withdrawal) {

    Mix {
        if (transfer < 0 || fxSwap < 0 || withdrawal < 0 || !(transfer + fxSwap + withdrawal > 0)) {
            throw new IllegalArgumentException("mix shares must be non-negative and not all zero");
        }
        double sum = transfer + fxSwap + withdrawal;
        transfer /= sum;
        fxSwap /= sum;
        withdrawal /= sum;
    }

    static final Mix DEFAULT = new Mix(90, 5, 5);

    /** Parses {@code "transfer,fx_swap,withdrawal"} shares, e.g. {@code 90,5,5}. */
    static Mix parse(String text) {
        String[] parts = text.split(",");
        if (parts.length != 3) {
            throw new IllegalArgumentException("--mix takes three shares: TRANSFER,FX_SWAP,WITHDRAWAL, e.g. 90,5,5");
        }
        return new Mix(Double.parseDouble(parts[0].strip()), Double.parseDouble(parts[1].strip()),
                Double.parseDouble(parts[2].strip()));
    }

    /** The operation for a uniform draw {@code u} in [0, 1). */
    Operation select(double u) {
        if (u < transfer) {
            return Operation.TRANSFER;
        }
        return u < transfer + fxSwap || withdrawal == 0 ? Operation.FX_SWAP : Operation.WITHDRAWAL;
    }

    double share(Operation op) {
        return switch (op) {
            case TRANSFER -> transfer;
            case FX_SWAP -> fxSwap;
            case WITHDRAWAL -> withdrawal;
        };
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "%.1f%% TRANSFER, %.1f%% FX_SWAP, %.1f%% WITHDRAWAL",
                100 * transfer, 100 * fxSwap, 100 * withdrawal);
    }
}
