package org.citywall.crypto;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;
import org.bouncycastle.util.io.pem.PemWriter;

/** Minimal PEM armour: one object in, one object out; the label is checked by callers. */
public final class Pem {

    private Pem() {
    }

    /** One decoded PEM block: its label (e.g. {@code PRIVATE KEY}) and DER content. */
    public record Block(String label, byte[] der) {
    }

    /** Reads the first PEM block in {@code text}. */
    public static Block read(String text) {
        try (PemReader r = new PemReader(new StringReader(text))) {
            PemObject o = r.readPemObject();
            if (o == null) {
                throw CryptoException.malformed("no PEM block found");
            }
            return new Block(o.getType(), o.getContent());
        } catch (IOException | RuntimeException e) {
            if (e instanceof CryptoException ce) {
                throw ce;
            }
            throw CryptoException.malformed("malformed PEM: " + e.getMessage());
        }
    }

    /** PEM text of {@code der} with the given label, ending with a newline. */
    public static String write(String label, byte[] der) {
        StringWriter sw = new StringWriter();
        try (PemWriter w = new PemWriter(sw)) {
            w.writeObject(new PemObject(label, der));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return sw.toString();
    }
}
