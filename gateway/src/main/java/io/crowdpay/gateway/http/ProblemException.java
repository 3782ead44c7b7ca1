package io.crowdpay.gateway.http;

/**
 * Carries a {@link Problem} out of request decoding, where the first wrong thing ends the request.
 * Control flow for expected refusals inside the gateway only; the engine uses values.
 */
public final class ProblemException extends Exception {

    private final transient Problem problem;

    public ProblemException(Problem problem) {
        super(problem.code() + " " + problem.reason() + ": " + problem.detail(), null, false, false);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }
}
