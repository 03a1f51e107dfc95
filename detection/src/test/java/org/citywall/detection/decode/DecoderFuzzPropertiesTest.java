package org.citywall.detection.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.citywall.event.Event;
import org.citywall.event.RawEvent;

/**
 * Hostile input: random bytes, every truncation and random byte mutations of realistic lines, for
 * every format and both syslog modes. Never an exception, never an event lost, never a codec bug
 * (an {@code internal} error), and {@code event.original} always holds the bytes.
 */
class DecoderFuzzPropertiesTest {

    static final List<String> SAMPLES = samples();

    static List<String> samples() {
        List<String> all = new ArrayList<>();
        for (List<byte[]> lines : DecodeBenchmark.lines().values()) {
            for (byte[] l : lines) {
                all.add(new String(l, StandardCharsets.UTF_8));
            }
        }
        all.add("<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut=\"3\" eventSource=\"Application\" eventID=\"1011\"][examplePriority@32473 class=\"high\" note=\"a \\\"q\\\" \\] \\\\\"] \uFEFFAn application event");
        all.add("<189>1250: *Mar  1 00:43:47.935: %SYS-5-CONFIG_I: Configured from console by console");
        all.add("<166>Jul 06 2020 20:33:28 fw01 : %ASA-4-106023: Deny tcp src outside:198.51.100.1/4444 dst inside:10.0.0.5/22");
        all.add("<190>Jan 12 2026 10:00:00+08:00 HUAWEI %%01SHELL/5/CMDRECORD(s)[0]:Recorded command information. (User=admin)");
        all.add("<188>Nov 29 2026 09:30:01 USG6000 %%01SECLOG/6/SESSION_TEARDOWN(l):IPVer=4,Protocol=tcp,SourceIP=10.1.1.5,DestinationIP=203.0.113.9,SourcePort=51234,DestinationPort=443,CloseReason=aged-out.");
        all.add("<190>Nov 29 10:30:00 2026 SecPath %%10SESSION/6/SESSION_IPV4_FLOW: Protocol(1001)=TCP;SrcIPAddr(1003)=10.1.1.1;SrcPort(1004)=1;DstIPAddr(1007)=10.2.2.2;DstPort(1008)=22;Event(1048)=(8)Session created;");
        all.add("<188>Nov 29 2026 10:00:00 SW1 %%01SSH/4/SSH_FAIL(s)[3]:Failed to login through SSH. (Ip=198.51.100.20, UserName=admin, Times=1)");
        all.add("<190>Nov 29 10:00:00 2026 H3C %%10SSHS/6/SSHS_LOG: Authentication failed for user a b from 198.51.100.30 port 16266 because of wrong password.");
        all.add("<166>%ASA-6-302013: Built outbound TCP connection 1 for outside:2001:db8::1/443 (2001:db8::1/443) to inside:10.0.0.5/51234 (10.0.0.5/51234)");
        all.add("<166>%ASA-6-302014: Teardown TCP connection 1 for outside:1.2.3.4/443 to inside:10.0.0.5/51234 duration 0:00:05 bytes 4504 TCP FINs");
        all.add("<166>%ASA-2-113005: AAA user authentication Rejected : reason = AAA failure : server = 10.1.1.2 : user = x : user IP = 10.1.1.1");
        all.add("<166>%ASA-6-605004: Login denied from 198.51.100.9/51515 to outside:203.0.113.1/ssh for user \"admin\"");
        all.add("<86>Nov 27 10:15:30 h sshd[1]: message repeated 3 times: [ Failed password for invalid user a b from 2001:db8::1 port 22 ssh2]");
        all.add("<85>Nov 27 10:15:30 h su[1]: FAILED SU (to root) eve on pts/3");
        all.add("<86>Nov 27 10:15:30 h useradd[1]: new user: name=x, UID=0, GID=0, home=/root, shell=/bin/sh, from=/dev/pts/1");
        all.add("type=PROCTITLE msg=audit(1764209730.243:24287): proctitle=2F62696E2F7368002D63006964");
        all.add("portal.gov.cn:443 10.0.0.1 - - [27/Nov/2026:10:15:35 +0000] \"GET /a\\\"b HTTP/1.1\" 200 5 \"-\" \"x \\\"y\\\"\"");
        all.add("{\"eventname\":\"ConsoleLogin\",\"useridentity\":{\"type\":\"Root\"},\"awsregion\":\"us-east-1\",\"responseelements\":{\"ConsoleLogin\":\"Failure\"}}");
        return all;
    }

    static final List<DecoderConfig> CONFIGS = configs();

    static List<DecoderConfig> configs() {
        List<DecoderConfig> c = new ArrayList<>();
        for (Format f : Format.values()) {
            for (SyslogMode m : SyslogMode.values()) {
                c.add(DecoderConfig.builder().format(f).syslogMode(m).build());
            }
        }
        return c;
    }

    /** Decodes with every config; checks the contract; returns nothing, fails on breach. */
    static void decodeEverywhere(byte[] bytes) {
        for (DecoderConfig config : CONFIGS) {
            EventDecoder decoder = new EventDecoder(config);
            Event e = decoder.decode(new RawEvent(bytes, 1_764_209_730_000L, "p", "i", "d"), "id");
            assertThat(e).isNotNull();
            assertThat(e.getString("error.code")).as("no codec bug for %s", config).isNotEqualTo("internal");
            String original = e.getString("event.original");
            boolean utf8 = Utf8.firstInvalid(bytes, 0, bytes.length) < 0;
            assertThat(original.getBytes(utf8 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1)).isEqualTo(bytes);
            assertThat(e.getString("event.id")).isEqualTo("id");
            assertThat(e.get("@timestamp")).isNotNull();
            assertThat(decoder.counters().total()).as("counted").isEqualTo(1);
            for (Map.Entry<String, Object> f : e.fields().entrySet()) {
                Object v = f.getValue();
                assertThat(v instanceof String || v instanceof Long || v instanceof Double || v instanceof Boolean
                        || v instanceof List<?>).as("value type of %s", f.getKey()).isTrue();
            }
            String json = e.toJson();
            assertThat(json).isNotEmpty();
        }
    }

    @Property(tries = 300)
    void randomBytes(@ForAll @Size(max = 600) byte[] bytes) {
        decodeEverywhere(bytes);
    }

    @Property(tries = 200)
    void randomTextMadeOfSyntaxCharacters(@ForAll("syntax") String text) {
        decodeEverywhere(text.getBytes(StandardCharsets.UTF_8));
    }

    @Provide
    Arbitrary<String> syntax() {
        return Arbitraries.strings().withChars("<>[]{}\"'\\=|:;,. -_0123456789abcTZ%*/\n\r\t\u0000\u001D\uFEFF城")
                .ofMaxLength(200);
    }

    @Property(tries = 60)
    void everyTruncationOfARealisticLine(@ForAll("sample") String line) {
        byte[] full = line.getBytes(StandardCharsets.UTF_8);
        for (int len = 0; len <= full.length; len++) {
            byte[] prefix = new byte[len];
            System.arraycopy(full, 0, prefix, 0, len);
            decodeEverywhere(prefix);
        }
    }

    @Property(tries = 500)
    void randomMutationsOfARealisticLine(@ForAll("mutated") byte[] bytes) {
        decodeEverywhere(bytes);
    }

    @Provide
    Arbitrary<String> sample() {
        return Arbitraries.of(SAMPLES);
    }

    @Provide
    Arbitrary<byte[]> mutated() {
        Arbitrary<Integer> count = Arbitraries.integers().between(1, 6);
        Arbitrary<Long> seed = Arbitraries.longs();
        return Combinators.combine(sample(), count, seed).as((line, n, s) -> {
            byte[] b = line.getBytes(StandardCharsets.UTF_8);
            java.util.Random r = new java.util.Random(s);
            byte[] specials = "\"=\\][<> \n\0|{}:'".getBytes(StandardCharsets.ISO_8859_1);
            for (int k = 0; k < n && b.length > 0; k++) {
                int at = r.nextInt(b.length);
                b[at] = r.nextBoolean() ? specials[r.nextInt(specials.length)] : (byte) r.nextInt(256);
            }
            return b;
        });
    }
}
