package org.citywall.detection.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DetectionJobMainTest {

    @Test
    void readsTheClusterArguments() {
        DetectionJobConfig c = DetectionJobMain.parse(new String[] {"--kafka", "k1:9092,k2:9092",
                "--elasticsearch", "http://es1:9200,http://es2:9200", "--rules", "/etc/citywall/rules", "--archive", "0.25"});
        assertThat(c.kafkaBootstrapServers()).isEqualTo("k1:9092,k2:9092");
        assertThat(c.elasticsearchHosts()).containsExactly("http://es1:9200", "http://es2:9200");
        assertThat(c.ruleDirectories()).containsExactly("/etc/citywall/rules");
        assertThat(c.parallelism()).as("left to the cluster's -p").isZero();
        assertThat(c.archive().archivesAnything()).isTrue();
        assertThat(c.suppression()).as("default").isEqualTo(java.time.Duration.ofMinutes(10));
        assertThat(c.correlationSettings().allowedLatenessMillis()).as("default").isEqualTo(60_000);
    }

    @Test
    void indicatorFilesAndIdlenessAreConfigurable() {
        DetectionJobConfig c = DetectionJobMain.parse(new String[] {"--kafka", "k:9092", "--elasticsearch", "http://e:9200",
                "--intel", "/srv/intel/c2.csv", "--intel", "/srv/intel/feed.json", "--idleness-seconds", "30"});
        assertThat(c.intelFiles()).containsExactly("/srv/intel/c2.csv", "/srv/intel/feed.json");
        assertThat(c.idleness()).isEqualTo(java.time.Duration.ofSeconds(30));
    }

    @Test
    void suppressionAndAllowedLatenessAreConfigurable() {
        DetectionJobConfig c = DetectionJobMain.parse(new String[] {"--kafka", "k:9092", "--elasticsearch", "http://e:9200",
                "--suppression-minutes", "30", "--allowed-lateness-seconds", "300"});
        assertThat(c.suppression()).isEqualTo(java.time.Duration.ofMinutes(30));
        assertThat(c.correlationSettings().allowedLatenessMillis()).isEqualTo(300_000);
        assertThatThrownBy(() -> DetectionJobMain.parse(new String[] {"--kafka", "k", "--elasticsearch", "e",
                "--suppression-minutes", "0"})).hasMessageContaining("suppression must be > 0");
    }

    @Test
    void namesWhatIsMissingOrUnknown() {
        assertThatThrownBy(() -> DetectionJobMain.parse(new String[] {"--kafka", "k:9092"}))
                .hasMessageContaining("--elasticsearch");
        assertThatThrownBy(() -> DetectionJobMain.parse(new String[] {"--kafak", "k:9092"}))
                .hasMessageContaining("unknown argument --kafak");
        assertThatThrownBy(() -> DetectionJobMain.parse(new String[] {"--kafka"})).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> DetectionJobMain.parse(new String[] {"--kafka", "k", "--elasticsearch", "e", "--archive", "2"}))
                .hasMessageContaining("between 0 and 1");
    }

    @Test
    void zoneLessTimestampsAreReadInTheHostsZoneUnlessTheOperatorNamesOne() {
        DetectionJobConfig defaults = DetectionJobMain.parse(new String[] {"--kafka", "k:9092", "--elasticsearch", "http://e:9200"});
        assertThat(defaults.decoder().zone()).isEqualTo(java.time.ZoneId.systemDefault());
        assertThat(defaults.decoder().fallbackCharset()).isEqualTo(java.nio.charset.StandardCharsets.ISO_8859_1);

        DetectionJobConfig c = DetectionJobMain.parse(new String[] {"--kafka", "k:9092", "--elasticsearch", "http://e:9200",
                "--zone", "Asia/Shanghai", "--fallback-charset", "GB18030"});
        assertThat(c.decoder().zone()).isEqualTo(java.time.ZoneId.of("Asia/Shanghai"));
        assertThat(c.decoder().fallbackCharset().name()).isEqualTo("GB18030");
        // a BSD syslog line from a device on Beijing time is eight hours ahead of UTC
        var e = new org.citywall.detection.decode.EventDecoder(c.decoder()).decode(new org.citywall.event.RawEvent(
                "<38>Nov 29 17:00:00 fw-01 sshd[1]: Failed password for root from 192.0.2.1 port 22 ssh2"
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8),
                java.time.Instant.parse("2026-11-29T09:00:05Z").toEpochMilli(), "10.0.0.1:514", "syslog-udp", "taiyuan"), "e1");
        assertThat(e.get("@timestamp")).isEqualTo("2026-11-29T09:00:00Z");
        assertThatThrownBy(() -> DetectionJobMain.parse(new String[] {"--kafka", "k", "--elasticsearch", "e", "--zone", "Mars/Olympus"}))
                .isInstanceOf(java.time.DateTimeException.class);
    }
}
