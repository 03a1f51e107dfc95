package org.citywall.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.citywall.crypto.KeyRing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditTrailTest {

    @TempDir
    Path dir;

    final KeyRing ring = Fixtures.keyRing();

    static AuditEntry entry(String action) {
        return AuditEntry.builder().subject("alice").role("analyst").action(action).result(AuditResult.SUCCESS).requestId("r").build();
    }

    @Test
    void aRecordedRequestGetsADurableReceipt() throws Exception {
        try (AuditLog log = AuditLog.open(Fixtures.options(dir, ring))) {
            AuditTrail trail = AuditTrail.of(log, RecordingPolicy.failClosed());
            assertThat(trail.record(entry("alert.read"))).hasValueSatisfying(r -> assertThat(r.seq()).isZero());
        }
    }

    @Test
    void whenNothingCanBeRecordedFailClosedClassesAreRefusedAndFailOpenOnesCounted() throws Exception {
        AuditLog log = AuditLog.open(Fixtures.options(dir, ring));
        AuditTrail trail = AuditTrail.of(log, RecordingPolicy.failClosed().failOpen("alert").failClosed("alert.export"));
        log.close(); // the log can no longer record anything
        assertThatThrownBy(() -> trail.record(entry("crypto.sign"))).isInstanceOf(AuditUnavailableException.class)
                .hasMessageContaining("closed");
        assertThatThrownBy(() -> trail.record(entry("alert.export"))).isInstanceOf(AuditUnavailableException.class);
        assertThat(trail.record(entry("alert.read"))).isEmpty();
        assertThat(trail.record(entry("alert"))).isEmpty();
        assertThat(trail.unrecorded()).isEqualTo(2);
    }

    @Test
    void theLongestRuleWins() {
        RecordingPolicy p = RecordingPolicy.failClosed().failOpen("alert").failClosed("alert.export");
        assertThat(p.failsClosed("alert.read")).isFalse();
        assertThat(p.failsClosed("alert.export")).isTrue();
        assertThat(p.failsClosed("alert.export.csv")).isTrue();
        assertThat(p.failsClosed("alerts.read")).isTrue();
        assertThat(p.failsClosed("console.login")).isTrue();
    }
}
