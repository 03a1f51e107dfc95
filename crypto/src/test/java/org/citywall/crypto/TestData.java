package org.citywall.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.math.ec.ECCurve;

/** The shared standards vectors (../shared/data/crypto/vectors.json) and helpers to replay them. */
final class TestData {

    private TestData() {
    }

    static Path shared() {
        String p = System.getProperty("citywall.shared");
        Path base = p != null ? Path.of(p) : Path.of("..", "..", "shared");
        if (!Files.isDirectory(base)) {
            base = Path.of("..", "shared");
        }
        return base;
    }

    static List<JsonNode> vectors() {
        try {
            JsonNode all = new ObjectMapper().readTree(shared().resolve("data/crypto/vectors.json").toFile());
            List<JsonNode> out = new ArrayList<>();
            all.forEach(out::add);
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read crypto vectors", e);
        }
    }

    static List<JsonNode> vectors(String algorithmPrefix) {
        return vectors().stream().filter(v -> v.path("algorithm").asText().startsWith(algorithmPrefix)).toList();
    }

    static byte[] hex(JsonNode node, String field) {
        return org.bouncycastle.util.encoders.Hex.decode(node.path(field).asText());
    }

    /**
     * The example Fp-256 curve of GB/T 32918 Annex A when the vector names it, else sm2p256v1.
     */
    static ECDomainParameters domain(JsonNode inputs) {
        String curve = inputs.path("curve").asText();
        if (curve.startsWith("sm2p256v1")) {
            return Sm2.DOMAIN;
        }
        BigInteger p = param(curve, "p"), a = param(curve, "a"), b = param(curve, "b"), n = param(curve, "n");
        ECCurve c = new ECCurve.Fp(p, a, b, n, BigInteger.ONE);
        return new ECDomainParameters(c, c.createPoint(param(curve, "Gx"), param(curve, "Gy")), n, BigInteger.ONE);
    }

    private static BigInteger param(String text, String name) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\b" + name + "=([0-9A-F]+)").matcher(text);
        if (!m.find()) {
            throw new IllegalStateException("curve parameter " + name + " missing");
        }
        return new BigInteger(m.group(1), 16);
    }

    /** A "random" source that yields the given bytes once: replays the standards' fixed k. */
    static SecureRandom fixed(byte[] value) {
        return new SecureRandom() {
            private boolean used;

            @Override
            public void nextBytes(byte[] bytes) {
                if (used || bytes.length != value.length) {
                    throw new IllegalStateException("fixed randomness asked for " + bytes.length + " bytes");
                }
                used = true;
                System.arraycopy(value, 0, bytes, 0, value.length);
            }
        };
    }
}
