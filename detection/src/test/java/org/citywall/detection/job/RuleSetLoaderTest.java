package org.citywall.detection.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.citywall.detection.sigma.RuleSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When a changed rule directory may replace the rules a running job uses. */
class RuleSetLoaderTest {

    private static String rule(String id, String product) {
        return """
                title: Rule %s
                id: %s
                logsource:
                    product: %s
                    service: sshd
                detection:
                    keywords:
                        - 'Failed password'
                    condition: keywords
                level: medium
                """.formatted(id, id, product);
    }

    private static final String RUNNING = "00000000-0000-4000-8000-00000000000a";
    private static final String UNSUPPORTED = "00000000-0000-4000-8000-00000000000b";
    private static final String NEW_UNSUPPORTED = "00000000-0000-4000-8000-00000000000c";

    @TempDir
    Path dir;

    private RuleSet load() {
        return new RuleSetLoader(List.of(dir.toString()), false).load();
    }

    private RuleSet runningSet() throws Exception {
        Files.writeString(dir.resolve("ssh.yml"), rule(RUNNING, "linux"));
        Files.writeString(dir.resolve("azure.yml"), rule(UNSUPPORTED, "azure"));
        RuleSet running = load();
        assertThat(running.rules()).extracting(r -> r.id()).containsExactly(RUNNING);
        assertThat(running.rejections()).hasSize(1);
        return running;
    }

    @Test
    void a_new_rule_that_cannot_load_is_rejected_on_its_own_and_the_rest_still_applies() throws Exception {
        RuleSet running = runningSet();
        Files.writeString(dir.resolve("azure-2.yml"), rule(NEW_UNSUPPORTED, "azure"));
        Files.writeString(dir.resolve("ssh-2.yml"), rule("00000000-0000-4000-8000-00000000000d", "linux"));
        RuleSet candidate = load();
        assertThat(candidate.rejections()).hasSize(2);
        assertThat(RuleSetLoader.acceptable(running, candidate)).isTrue();
    }

    @Test
    void a_rejected_rule_moving_to_another_line_is_not_a_new_rejection() throws Exception {
        RuleSet running = runningSet();
        Files.writeString(dir.resolve("azure.yml"), "# a comment that shifts every line\n\n" + rule(UNSUPPORTED, "azure"));
        RuleSet candidate = load();
        assertThat(candidate.rejections().get(0).line()).isNotEqualTo(running.rejections().get(0).line());
        assertThat(RuleSetLoader.acceptable(running, candidate)).isTrue();
    }

    @Test
    void an_edit_that_breaks_a_running_rule_is_refused_whole() throws Exception {
        RuleSet running = runningSet();
        Files.writeString(dir.resolve("ssh.yml"), rule(RUNNING, "linux").replace("condition: keywords", "condition: keywords and nothing_like_this"));
        Files.writeString(dir.resolve("ssh-2.yml"), rule("00000000-0000-4000-8000-00000000000d", "linux"));
        RuleSet candidate = load();
        assertThat(candidate.rules()).extracting(r -> r.id()).doesNotContain(RUNNING);
        assertThat(RuleSetLoader.acceptable(running, candidate)).isFalse();
    }

    @Test
    void a_file_that_no_longer_parses_is_refused_when_it_held_running_rules() throws Exception {
        RuleSet running = runningSet();
        Files.writeString(dir.resolve("ssh.yml"), rule(RUNNING, "linux") + "\n  : [unbalanced\n");
        assertThat(RuleSetLoader.acceptable(running, load())).isFalse();
    }

    @Test
    void deleting_a_rule_file_is_an_intended_removal() throws Exception {
        RuleSet running = runningSet();
        Files.delete(dir.resolve("ssh.yml"));
        RuleSet candidate = load();
        assertThat(candidate.rules()).isEmpty();
        assertThat(RuleSetLoader.acceptable(running, candidate)).isTrue();
    }

    @Test
    void a_serialised_copy_of_the_loader_still_knows_a_gone_directory_held_rules() throws Exception {
        Path rules = Files.createDirectories(dir.resolve("mounted"));
        Files.writeString(rules.resolve("ssh.yml"), rule(RUNNING, "linux"));
        RuleSetLoader client = new RuleSetLoader(List.of(rules.toString()), false);
        assertThat(client.load().rules()).hasSize(1);
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(client);
        }
        RuleSetLoader onTaskManager;
        try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
            onTaskManager = (RuleSetLoader) in.readObject();
        }
        Files.delete(rules.resolve("ssh.yml"));
        Files.delete(rules);
        assertThatThrownBy(onTaskManager::load).isInstanceOf(java.io.UncheckedIOException.class).hasMessageContaining("is gone");
    }

    @Test
    void a_rule_directory_that_is_gone_is_a_failed_reload_not_the_removal_of_its_rules() throws Exception {
        Path rules = Files.createDirectories(dir.resolve("mounted"));
        Files.writeString(rules.resolve("ssh.yml"), rule(RUNNING, "linux"));
        RuleSetLoader loader = new RuleSetLoader(List.of(rules.toString(), dir.resolve("never-there").toString()), false);
        assertThat(loader.load().rules()).hasSize(1); // a directory that never existed is just empty
        Files.delete(rules.resolve("ssh.yml"));
        Files.delete(rules);
        assertThatThrownBy(loader::load).isInstanceOf(java.io.UncheckedIOException.class).hasMessageContaining("is gone");
        Files.createDirectories(rules);
        Files.writeString(rules.resolve("ssh.yml"), rule(RUNNING, "linux"));
        assertThat(loader.load().rules()).hasSize(1);
    }

    @Test
    void a_pipeline_file_maps_a_log_source_the_built_in_one_does_not_know() throws Exception {
        Files.writeString(dir.resolve("acme.yml"), rule("00000000-0000-4000-8000-00000000000e", "acme"));
        assertThat(load().rejections()).hasSize(1);
        Path pipeline = dir.getParent().resolve(dir.getFileName() + "-acme-pipeline.yml");
        Files.writeString(pipeline, """
                name: acme-appliances
                logsources:
                  - match: {product: acme, service: sshd}
                    datasets: [system.auth]
                    unmapped: keep
                """);
        RuleSetLoader withPipeline = new RuleSetLoader(List.of(dir.toString()), false, List.of(pipeline.toString()));
        RuleSet set = withPipeline.load();
        assertThat(set.rejections()).isEmpty();
        assertThat(set.rules()).extracting(r -> r.id()).containsExactly("00000000-0000-4000-8000-00000000000e");
        String before = withPipeline.fingerprint();
        Files.writeString(pipeline, Files.readString(pipeline) + "# edited\n");
        assertThat(withPipeline.fingerprint()).as("an edited pipeline reloads the rules").isNotEqualTo(before);
        Files.writeString(pipeline, "logsources: [ {match: }");
        org.assertj.core.api.Assertions.assertThatThrownBy(withPipeline::load).hasMessageContaining(pipeline.getFileName().toString());
    }
}
