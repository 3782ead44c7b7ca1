package io.crowdpay.benchmarks.load;

/**
 * Which pod an operation acts on. Without skew the pods share the traffic evenly; with a hot-pod
 * share {@code h}, pod 0 takes exactly {@code h} of it and the others split the rest evenly. A hot pod
 * is what a popular shared wallet looks like to the engine: one wallet's balance is touched by a large
 * fraction of commands, which is where a single-writer design should shine and a locking one would not.
 *
 * @param pods     number of pods, at least 1
 * @param hotShare share of all operations sent to pod 0, in [0, 1); 0 means uniform
 */
record PodChoice(int pods, double hotShare) {

    PodChoice {
        if (pods < 1) {
            throw new IllegalArgumentException("at least one pod");
        }
        if (hotShare < 0 || hotShare >= 1) {
            throw new IllegalArgumentException("hot pod share must be in [0, 1), not " + hotShare);
        }
        if (pods == 1) {
            hotShare = 0;
        }
    }

    /** The pod for a uniform draw {@code u} in [0, 1). */
    int select(double u) {
        if (hotShare == 0) {
            return Math.min(pods - 1, (int) (u * pods));
        }
        if (u < hotShare) {
            return 0;
        }
        return 1 + Math.min(pods - 2, (int) ((u - hotShare) / (1 - hotShare) * (pods - 1)));
    }

    /** The expected share of all operations that pod {@code p} receives. */
    double share(int p) {
        if (hotShare == 0) {
            return 1.0 / pods;
        }
        return p == 0 ? hotShare : (1 - hotShare) / (pods - 1);
    }
}
