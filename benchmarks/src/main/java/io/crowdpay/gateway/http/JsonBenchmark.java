package io.crowdpay.gateway.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.crowdpay.engine.command.Command;
import io.crowdpay.engine.transaction.Transaction;
import io.crowdpay.engine.transaction.TransactionStatus;
import io.crowdpay.engine.user.UserId;
import io.crowdpay.gateway.config.FxRates;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The REST API's JSON on the gateway's event loop, for the commonest call, POST /v1/transactions with
 * a TRANSFER: {@code parseTransfer} reads the request body into a command (Jackson's strict parse,
 * then every field checked, the id and correlation id made), {@code renderTransaction} writes the 202's
 * body (the view GET /v1/transactions/{id} also answers). The body is the one the load generator sends.
 *
 * <p>Lives in the gateway's HTTP package for {@code Requests} and {@code Views}, which are not public.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "-Dchronicle.analytics.disable=true"})
@State(Scope.Thread)
public class JsonBenchmark {

    private static final int DISTINCT = 256;

    private Requests requests;
    private byte[][] bodies;
    private Transaction[] transactions;
    private final UserId actor = new UserId("usr_lg-bench-3");
    private int cursor;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        Path rates = Files.createTempFile("crowdpay-jmh-fx-", ".properties");
        Files.writeString(rates, "EUR.USD=1.0850\nEUR.GBP=0.8560\n");
        requests = new Requests(FxRates.load(rates));
        Files.delete(rates);
        bodies = new byte[DISTINCT][];
        transactions = new Transaction[DISTINCT];
        for (int i = 0; i < DISTINCT; i++) {
            bodies[i] = ("{\"type\":\"TRANSFER\",\"pod_id\":\"pod_lg-bench-" + (i % 100) + "\",\"amount\":{\"currency\":\"EUR\",\"value\":\""
                    + (25 + i % 10) + ".10\"},\"beneficiary_wallet_id\":\"wal_usr_lg-bench-b" + (i % 100)
                    + "\",\"description\":\"dinner share\",\"metadata\":{\"order\":\"ord_" + i + "\"},\"idempotency_key\":\"lg-bench-"
                    + String.format("%09d", i) + "\"}").getBytes(StandardCharsets.UTF_8);
            Command.Initiate c = parse(bodies[i]);
            transactions[i] = new Transaction(c, c.sourceWallet(), c.beneficiaryWallet(), null, TransactionStatus.SETTLED, null,
                    1_767_225_600_000L + i, 1_767_225_600_000L + i);
        }
        System.out.println("\n  request body " + bodies[0].length + " bytes, 202 body " + Views.transactionJson(transactions[0]).length + " bytes");
    }

    private Command.Initiate parse(byte[] body) throws Exception {
        ObjectNode json = Json.parseObject(body);
        return requests.transaction(actor, json, null, "corr-bench");
    }

    /** POST /v1/transactions body -> command. */
    @Benchmark
    public Command.Initiate parseTransfer() throws Exception {
        int i = cursor;
        cursor = (i + 1) & (DISTINCT - 1);
        return parse(bodies[i]);
    }

    /** The 202's body for an accepted transfer. */
    @Benchmark
    public byte[] renderTransaction() {
        int i = cursor;
        cursor = (i + 1) & (DISTINCT - 1);
        return Views.transactionJson(transactions[i]);
    }
}
