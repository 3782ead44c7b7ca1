package io.crowdpay.replicator.jetstream;

import io.nats.client.api.DiscardPolicy;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Creating and checking the stream on the machine's real nats-server; each test owns its stream. */
class EventStreamTest {

    private TestStream stream;

    @BeforeEach
    void connect() throws Exception {
        stream = new TestStream();
    }

    @AfterEach
    void deleteStream() throws Exception {
        stream.close();
    }

    @Test
    void givenNoStream_whenEnsured_thenCreatedWithTheDocumentedSettings() throws Exception {
        // The production defaults, 10 GiB bound included; only the names are the test's own.
        StreamSettings documented = StreamSettings.defaults()
                .withNames(stream.settings.streamName(), stream.settings.subjectPrefix());

        EventStream.ensureStream(stream.jsm, documented);

        StreamConfiguration created = stream.info().getConfiguration();
        assertThat(created.getStorageType()).isEqualTo(StorageType.File);
        assertThat(created.getRetentionPolicy()).isEqualTo(RetentionPolicy.Limits);
        assertThat(created.getSubjects()).containsExactly(stream.settings.subjectPrefix() + ".tx.>");
        assertThat(created.getReplicas()).isEqualTo(1);
        assertThat(created.getDuplicateWindow()).isEqualTo(Duration.ofMinutes(2));
        assertThat(created.getMaxAge()).isEqualTo(Duration.ofDays(7));
        assertThat(created.getMaxBytes()).isEqualTo(10L * 1024 * 1024 * 1024);
        assertThat(created.getDiscardPolicy()).isEqualTo(DiscardPolicy.Old);
    }

    @Test
    void givenStream_whenEnsuredAgain_thenLeftAsItIs() throws Exception {
        StreamInfo first = EventStream.ensureStream(stream.jsm, stream.settings);

        StreamInfo second = EventStream.ensureStream(stream.jsm, stream.settings);

        assertThat(second.getCreateTime()).isEqualTo(first.getCreateTime());
        assertThat(second.getConfiguration().toJson()).isEqualTo(first.getConfiguration().toJson());
        assertThat(stream.jsm.getStreamNames()).filteredOn(stream.settings.streamName()::equals).hasSize(1);
    }

    @Test
    void givenStreamWithOtherWindowAgeAndSubjects_whenEnsured_thenUpdatedInPlace() throws Exception {
        StreamConfiguration older = StreamConfiguration.builder(stream.settings.toConfiguration())
                .subjects(stream.settings.subjectPrefix() + ".legacy.>")
                .duplicateWindow(Duration.ofSeconds(30))
                .maxAge(Duration.ofDays(1))
                .build();
        StreamInfo before = stream.jsm.addStream(older);

        StreamInfo after = EventStream.ensureStream(stream.jsm, stream.settings);

        assertThat(after.getCreateTime()).isEqualTo(before.getCreateTime());
        assertThat(after.getConfiguration().getSubjects()).isEqualTo(List.of(stream.settings.subjectPrefix() + ".tx.>"));
        assertThat(after.getConfiguration().getDuplicateWindow()).isEqualTo(StreamSettings.DUPLICATE_WINDOW);
        assertThat(after.getConfiguration().getMaxAge()).isEqualTo(StreamSettings.AGE_MAX);
    }

    @Test
    void givenMemoryStream_whenEnsured_thenFailsNamingTheStorage() throws Exception {
        stream.jsm.addStream(stream.settings.withStorage(StorageType.Memory).toConfiguration());

        assertThatThrownBy(() -> EventStream.ensureStream(stream.jsm, stream.settings))
                .isInstanceOf(IncompatibleStreamException.class)
                .hasMessageContaining(stream.settings.streamName())
                .hasMessageContaining("memory storage, expected file");
        assertThat(stream.info().getConfiguration().getStorageType()).isEqualTo(StorageType.Memory);
    }

    @Test
    void givenWorkQueueStream_whenEnsured_thenFailsBecauseItWouldDeleteTheCheckpoint() throws Exception {
        stream.jsm.addStream(StreamConfiguration.builder(stream.settings.toConfiguration())
                .retentionPolicy(RetentionPolicy.WorkQueue).build());

        assertThatThrownBy(() -> EventStream.ensureStream(stream.jsm, stream.settings))
                .isInstanceOf(IncompatibleStreamException.class)
                .hasMessageContaining("workqueue retention, expected limits");
    }
}
