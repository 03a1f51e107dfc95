package org.citywall.collector.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.Test;

/** Only errors about the record itself are final; a broker that is down, slow or misconfigured is retried. */
class KafkaRefusalsTest {

    @Test
    void a_record_too_large_or_invalid_is_refused_for_good() {
        assertThat(KafkaBus.refusedForGood(new RecordTooLargeException("too large"))).isTrue();
        assertThat(KafkaBus.refusedForGood(new ExecutionException(new RecordTooLargeException("too large")))).isTrue();
        assertThat(KafkaBus.refusedForGood(new InvalidRecordException("bad"))).isTrue();
    }

    @Test
    void timeouts_missing_replicas_and_authorization_are_retried() {
        assertThat(KafkaBus.refusedForGood(new TimeoutException("slow"))).isFalse();
        assertThat(KafkaBus.refusedForGood(new NotEnoughReplicasException("isr"))).isFalse();
        assertThat(KafkaBus.refusedForGood(new TopicAuthorizationException("acl"))).isFalse();
        assertThat(KafkaBus.refusedForGood(new IllegalStateException("not reachable yet"))).isFalse();
    }

    @Test
    void the_producer_takes_records_as_large_as_the_largest_frame_plus_overhead() {
        assertThat(KafkaBus.MAX_REQUEST_BYTES).isGreaterThan(64 * 1024 * 1024);
    }
}
