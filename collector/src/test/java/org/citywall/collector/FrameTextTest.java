package org.citywall.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** Which frames are counted as binary: NUL bytes first, then anything that is not well-formed UTF-8. */
class FrameTextTest {

    private static int kind(String s, Charset cs) {
        return FrameText.kind(s.getBytes(cs));
    }

    @Test
    void ascii_and_utf8_text_is_text_however_long() {
        assertThat(kind("", StandardCharsets.UTF_8)).isEqualTo(FrameText.TEXT);
        assertThat(kind("<13>Nov 29 08:00:00 host app: user 张三 logged in", StandardCharsets.UTF_8)).isEqualTo(FrameText.TEXT);
        assertThat(kind("{\"msg\":\"" + "x".repeat(1000) + "\",\"emoji\":\"\uD83D\uDE00\"}", StandardCharsets.UTF_8))
                .isEqualTo(FrameText.TEXT);
    }

    @Test
    void a_nul_anywhere_is_nul_even_after_bytes_that_are_not_utf8() {
        assertThat(FrameText.kind(new byte[] {0})).isEqualTo(FrameText.NUL);
        assertThat(FrameText.kind("<13>0123456789abcdef\0tail".getBytes(StandardCharsets.US_ASCII))).isEqualTo(FrameText.NUL);
        assertThat(FrameText.kind(new byte[] {(byte) 0xff, 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 0})).isEqualTo(FrameText.NUL);
    }

    @Test
    void gbk_latin1_overlong_forms_surrogates_and_cut_sequences_are_not_utf8() {
        assertThat(kind("<13>用户张三登录", Charset.forName("GBK"))).isEqualTo(FrameText.NOT_UTF8);
        assertThat(kind("<13>café", StandardCharsets.ISO_8859_1)).isEqualTo(FrameText.NOT_UTF8);
        assertThat(FrameText.kind(new byte[] {(byte) 0xc0, (byte) 0x80})).isEqualTo(FrameText.NOT_UTF8);
        assertThat(FrameText.kind(new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80})).isEqualTo(FrameText.NOT_UTF8);
        assertThat(FrameText.kind(new byte[] {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80})).isEqualTo(FrameText.NOT_UTF8);
        assertThat(FrameText.kind(new byte[] {'a', (byte) 0xe5, (byte) 0xbc})).isEqualTo(FrameText.NOT_UTF8);
    }

    @Provide
    Arbitrary<byte[]> bytes() {
        Arbitrary<byte[]> any = Arbitraries.bytes().array(byte[].class).ofMaxSize(64);
        Arbitrary<byte[]> mostlyText = Arbitraries.strings().ofMaxLength(40)
                .map(s -> s.getBytes(StandardCharsets.UTF_8));
        Arbitrary<byte[]> utf8ish = Arbitraries.of((byte) 'a', (byte) 0, (byte) 0x80, (byte) 0xbf, (byte) 0xc2,
                (byte) 0xe0, (byte) 0xed, (byte) 0xf0, (byte) 0xf4, (byte) 0xa0, (byte) 0x9f, (byte) 0x90, (byte) 0xff)
                .array(byte[].class).ofMaxSize(40);
        return Arbitraries.oneOf(any, mostlyText, utf8ish);
    }

    @Property(tries = 3000)
    void agrees_with_the_jdks_strict_utf8_decoder(@ForAll("bytes") byte[] b) {
        int expected;
        if (new String(b, StandardCharsets.ISO_8859_1).indexOf('\0') >= 0) {
            expected = FrameText.NUL;
        } else {
            try {
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b));
                expected = FrameText.TEXT;
            } catch (CharacterCodingException e) {
                expected = FrameText.NOT_UTF8;
            }
        }
        assertThat(FrameText.kind(b)).isEqualTo(expected);
    }
}
