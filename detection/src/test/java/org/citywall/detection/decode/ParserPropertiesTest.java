package org.citywall.detection.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

/** Properties of the building blocks: RFC 5424 round trips, year resolution, UTF-8 and IP checks. */
class ParserPropertiesTest {

    record Wire(String text, int priority, int version, Instant time, String host, String app, String sdValue, String message) {}

    @Provide
    Arbitrary<Wire> rfc5424Messages() {
        Arbitrary<Integer> pri = Arbitraries.integers().between(0, 191);
        Arbitrary<Integer> version = Arbitraries.integers().between(1, 999);
        Arbitrary<Long> micros = Arbitraries.longs().between(0, 4_102_444_799_000_000L);
        Arbitrary<Integer> offsetMinutes = Arbitraries.integers().between(-23 * 60 - 59, 23 * 60 + 59);
        Arbitrary<String> name = Arbitraries.strings().withCharRange('!', '~').ofMinLength(1).ofMaxLength(48);
        Arbitrary<String> sd = Arbitraries.strings().withChars("ab \"]\\=城κ").ofMaxLength(20);
        Arbitrary<String> msg = Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(80)
                .filter(s -> !s.endsWith("\n") && !s.endsWith("\r"));
        return Combinators.combine(pri, version, micros, offsetMinutes, name, name, sd, msg).as((p, v, us, off, host, app, sdv, m) -> {
            Instant t = Instant.ofEpochSecond(us / 1_000_000, (us % 1_000_000) * 1000);
            LocalDateTime local = LocalDateTime.ofEpochSecond(t.getEpochSecond() + off * 60L, t.getNano(), ZoneOffset.UTC);
            String offset = (off < 0 ? "-" : "+") + String.format(Locale.ROOT, "%02d:%02d", Math.abs(off) / 60, Math.abs(off) % 60);
            String ts = local.format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS", Locale.ROOT)) + offset;
            String escaped = sdv.replace("\\", "\\\\").replace("\"", "\\\"").replace("]", "\\]");
            String text = "<" + p + ">" + v + " " + ts + " " + host + " " + app + " - - [x@1 k=\"" + escaped + "\"]"
                    + (m.isEmpty() ? "" : " " + m);
            return new Wire(text, p, v, t, host.equals("-") ? null : host, app.equals("-") ? null : app, sdv,
                    m.isEmpty() ? null : m);
        });
    }

    @Property(tries = 500)
    void rfc5424RoundTrips(@ForAll("rfc5424Messages") Wire w) throws DecodeException {
        SyslogMessage m = new SyslogMessage();
        new Rfc5424Parser().parse(w.text().getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1, m);
        assertThat(m.priority).isEqualTo(w.priority());
        assertThat(m.version).isEqualTo(w.version());
        assertThat(m.timestamp).isEqualTo(w.time());
        assertThat(m.hostname).isEqualTo(w.host());
        assertThat(m.appname).isEqualTo(w.app());
        assertThat(m.structuredData).isEqualTo(Map.of("x@1", Map.of("k", w.sdValue())));
        assertThat(m.message).isEqualTo(w.message());
    }

    /**
     * A line without a year is from the past: received up to 350 days after its time, or up to a week
     * before it (a sender's clock running fast), it gets its true year.
     */
    @Property(tries = 1000)
    void yearLessTimestampsResolveToTheTrueYear(
            @ForAll @LongRange(min = 31_536_000L, max = 4_102_444_800L) long epochSecond,
            @ForAll @LongRange(min = -Timestamps.YEARLESS_FUTURE_TOLERANCE_SECONDS, max = 350 * 86_400L) long delaySeconds) {
        Instant t = Instant.ofEpochSecond(epochSecond);
        LocalDateTime local = LocalDateTime.ofEpochSecond(epochSecond, 0, ZoneOffset.UTC);
        String bsd = local.format(DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss", Locale.ENGLISH));
        long received = t.plusSeconds(delaySeconds).toEpochMilli();
        Timestamps ts = new Timestamps(ZoneOffset.UTC);
        assertThat(ts.bsd(bsd, 0, received)).isEqualTo(bsd.length());
        assertThat(ts.instant).isEqualTo(t);
    }

    @Property(tries = 2000)
    void instantsFormatExactlyLikeTheJdk(@ForAll @LongRange(min = -62_167_219_200L, max = 253_402_300_799L) long second,
            @ForAll @IntRange(min = 0, max = 999_999_999) int nanos, @ForAll @IntRange(min = 0, max = 2) int precision) {
        int n = precision == 0 ? nanos / 1_000_000 * 1_000_000 : precision == 1 ? nanos / 1000 * 1000 : nanos;
        assertThat(IsoInstant.format(second, n)).isEqualTo(Instant.ofEpochSecond(second, n).toString());
        assertThat(IsoInstant.format(second, 0)).isEqualTo(Instant.ofEpochSecond(second).toString());
    }

    @Property(tries = 2000)
    void utf8CheckAgreesWithTheJdkDecoder(@ForAll @Size(max = 40) byte[] bytes) {
        boolean jdk;
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            jdk = true;
        } catch (CharacterCodingException e) {
            jdk = false;
        }
        assertThat(Utf8.firstInvalid(bytes, 0, bytes.length) < 0).isEqualTo(jdk);
    }

    @Property(tries = 1000)
    void everyIpTheJdkPrintsIsRecognised(@ForAll @Size(min = 16, max = 16) byte[] v6, @ForAll @Size(min = 4, max = 4) byte[] v4)
            throws UnknownHostException {
        assertThat(Ips.isIp(InetAddress.getByAddress(v6).getHostAddress())).isTrue();
        String four = InetAddress.getByAddress(v4).getHostAddress();
        assertThat(Ips.isIp(four)).isTrue();
        assertThat(Ips.isIp(four + ".1")).isFalse();
        assertThat(Ips.isIp("host-" + four)).isFalse();
    }

    @Property(tries = 200)
    void compressedIpv6FormsAreRecognised(@ForAll @IntRange(min = 0, max = 7) int zeroStart, @ForAll @IntRange(min = 1, max = 8) int zeroLen) {
        int end = Math.min(8, zeroStart + zeroLen);
        StringBuilder left = new StringBuilder();
        StringBuilder right = new StringBuilder();
        for (int g = 0; g < zeroStart; g++) {
            left.append(left.length() == 0 ? "" : ":").append(Integer.toHexString(g + 1));
        }
        for (int g = end; g < 8; g++) {
            right.append(right.length() == 0 ? "" : ":").append(Integer.toHexString(g + 1));
        }
        assertThat(Ips.isIp(left + "::" + right)).as(left + "::" + right).isTrue();
        assertThat(Ips.isIp(left + ":::" + right)).isFalse();
    }
}
