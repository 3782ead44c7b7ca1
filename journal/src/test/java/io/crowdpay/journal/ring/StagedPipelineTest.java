package io.crowdpay.journal.ring;

/** Every {@link PipelineTest} again, with the journaller, processor and replier on threads of their own. */
class StagedPipelineTest extends PipelineTest {

    @Override
    String layout() {
        return "staged";
    }
}
