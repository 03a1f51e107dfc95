package org.citywall.app.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How long the platform's audit records stay in the live log: 180 days unless an operator sets more. */
class AuditRetentionSettingTest {

    @AfterEach
    void clear() {
        System.clearProperty(PlatformKeys.RETENTION_PROPERTY);
    }

    @Test
    void the_default_is_the_legal_minimum() {
        assertThat(PlatformKeys.auditRetention()).isEqualTo(Duration.ofDays(180));
    }

    @Test
    void longer_is_taken_and_shorter_is_a_clear_error() {
        System.setProperty(PlatformKeys.RETENTION_PROPERTY, "400");
        assertThat(PlatformKeys.auditRetention()).isEqualTo(Duration.ofDays(400));
        System.setProperty(PlatformKeys.RETENTION_PROPERTY, "30");
        assertThatThrownBy(PlatformKeys::auditRetention).hasMessageContaining("at least 180 days");
        System.setProperty(PlatformKeys.RETENTION_PROPERTY, "half a year");
        assertThatThrownBy(PlatformKeys::auditRetention).hasMessageContaining("number of days");
    }
}
