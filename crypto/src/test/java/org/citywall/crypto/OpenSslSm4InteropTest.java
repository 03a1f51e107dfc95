package org.citywall.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.bouncycastle.util.encoders.Hex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SM4-CBC/CTR/ECB against {@code openssl enc} in both directions (OpenSSL 3.0 has no SM4-GCM). */
class OpenSslSm4InteropTest {

    @TempDir
    Path dir;

    @Test
    void cbcWithPaddingCtrAndEcbCrossBothWays() throws Exception {
        byte[] key = Sm4Gcm.generateKey();
        byte[] iv = new byte[16];
        new Random(2).nextBytes(iv);
        for (int size : new int[] {0, 1, 16, 17, 1000}) {
            byte[] data = new byte[size];
            new Random(size).nextBytes(data);
            Files.write(dir.resolve("pt"), data);
            check(Sm4.Mode.CBC, "-sm4-cbc", key, iv, data, true);
            check(Sm4.Mode.CTR, "-sm4-ctr", key, iv, data, false);
            check(Sm4.Mode.ECB, "-sm4-ecb", key, null, data, true);
        }
    }

    private void check(Sm4.Mode mode, String cipher, byte[] key, byte[] iv, byte[] data, boolean padding) throws Exception {
        String[] ivArgs = iv == null ? new String[0] : new String[] {"-iv", Hex.toHexString(iv)};
        // ours -> OpenSSL
        Files.write(dir.resolve("ours"), Sm4.encrypt(mode, key, iv, data, padding));
        OpenSsl.ok(dir, concat(new String[] {"enc", "-d", cipher, "-K", Hex.toHexString(key), "-in", "ours", "-out", "back"}, ivArgs));
        assertThat(Files.readAllBytes(dir.resolve("back"))).as(cipher).isEqualTo(data);
        // OpenSSL -> ours
        OpenSsl.ok(dir, concat(new String[] {"enc", "-e", cipher, "-K", Hex.toHexString(key), "-in", "pt", "-out", "theirs"}, ivArgs));
        assertThat(Sm4.decrypt(mode, key, iv, Files.readAllBytes(dir.resolve("theirs")), padding)).as(cipher).isEqualTo(data);
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void badPaddingIsADecryptionFailure() {
        byte[] key = Sm4Gcm.generateKey();
        byte[] iv = new byte[16];
        byte[] ct = Sm4.encrypt(Sm4.Mode.CBC, key, iv, "sixteen bytes!!!".getBytes(), true);
        ct[ct.length - 1] ^= 0x55;
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Sm4.decrypt(Sm4.Mode.CBC, key, iv, ct, true))
                .hasMessage("decryption failed");
    }
}
