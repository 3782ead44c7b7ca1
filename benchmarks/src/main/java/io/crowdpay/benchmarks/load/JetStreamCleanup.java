package io.crowdpay.benchmarks.load;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.Nats;
import java.io.IOException;

/**
 * Deletes the JetStream stream a load run created ({@code benchmarks/load.sh --with-nats} gives every
 * run a stream of its own), so runs leave nothing behind on the shared NATS server. This machine has
 * no {@code nats} CLI; the client library is already on the classpath.
 *
 * <pre>java -cp benchmarks.jar io.crowdpay.benchmarks.load.JetStreamCleanup nats://127.0.0.1:4222 STREAM</pre>
 */
public final class JetStreamCleanup {

    private JetStreamCleanup() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length != 2 || !args[1].matches("LOAD_[A-Za-z0-9_]+")) {
            System.err.println("usage: JetStreamCleanup nats://host:port LOAD_<name>  (only load-run streams are deleted)");
            System.exit(2);
        }
        // Not try-with-resources: Connection.close() may throw InterruptedException, which main passes on.
        Connection nats = Nats.connect(args[0]);
        try {
            boolean deleted = nats.jetStreamManagement().deleteStream(args[1]);
            System.err.println("load: JetStream stream " + args[1] + (deleted ? " deleted" : " not deleted"));
        } catch (JetStreamApiException e) {
            System.err.println("load: JetStream stream " + args[1] + ": " + e.getMessage());
        } finally {
            nats.close();
        }
    }
}
