package org.citywall.detection.sigma;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.citywall.detection.cli.RulesCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code citywall rules check|test} as an analyst runs them. */
class RulesCommandTest {

    private record Run(int exit, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new RulesCommand());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void checkCountsWhatLoadsAndListsEveryRejectionWithFileAndLine(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("good.yml"), """
                title: good
                logsource: {product: linux, service: auth}
                taxonomy: ecs
                detection:
                    s:
                        user.name: root
                    condition: s
                """);
        Files.writeString(dir.resolve("bad.yml"), """
                title: bad
                logsource: {product: linux, service: auth}
                taxonomy: ecs
                detection:
                    s:
                        user.name|sometimes: root
                    condition: s
                """);
        Run r = run("check", dir.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("rejected " + dir.resolve("bad.yml") + ":6: [bad] unknown modifier 'sometimes'")
                .contains("1 rules and 0 correlation rules loaded, 1 rejected");
        assertThat(run("check", "builtin").exit()).isZero();
    }

    @Test
    void testPrintsMatchesAndOneAlertPerBurstFromRawLines(@TempDir Path dir) throws Exception {
        StringBuilder log = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            log.append("<38>1 2026-01-15T10:00:1").append(i).append("Z web1 sshd 2201 - - Failed password for invalid user u")
                    .append(i).append(" from 203.0.113.9 port 5210").append(i).append(" ssh2\n");
        }
        log.append("<86>1 2026-01-15T10:00:12Z web1 sudo - - - bob : user NOT in sudoers ; TTY=pts/0 ; PWD=/home/bob ; USER=root ; COMMAND=/bin/sh\n");
        Path events = dir.resolve("auth.log");
        Files.writeString(events, log);
        Run r = run("test", "builtin", events.toString());
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("match line 7").contains("Sudo by a user not in sudoers")
                .contains("alert new [high] SSH brute force from one source")
                .contains("group={source.ip=203.0.113.9} count=6")
                .contains("7 events, 1 rule matches");
        assertThat(r.out().lines().filter(l -> l.startsWith("alert new"))).hasSize(1);
    }

    @Test
    void nothingFiringExitsOne(@TempDir Path dir) throws Exception {
        Path events = dir.resolve("quiet.jsonl");
        Files.writeString(events, "{\"@timestamp\":\"2026-01-15T10:00:00Z\",\"event\":{\"dataset\":\"system.auth\"},\"message\":\"hello\"}\n");
        Run r = run("test", "builtin", events.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("1 events, 0 rule matches, 0 correlation alerts");
    }
}
