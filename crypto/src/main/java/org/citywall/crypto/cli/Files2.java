package org.citywall.crypto.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.citywall.crypto.Pem;
import org.citywall.crypto.Sm2PrivateKey;
import org.citywall.crypto.Sm2PublicKey;
import org.citywall.crypto.pki.Pkix;

/** File handling shared by the crypto commands: PEM or DER in, PEM or DER out. */
final class Files2 {

    private Files2() {
    }

    static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + p + ": " + why(e));
        }
    }

    static void write(Path p, byte[] data) {
        try {
            Files.write(p, data);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + p + ": " + why(e), e);
        }
    }

    /** Writes a private key readable only by its owner. */
    static void writeSecret(Path p, byte[] data) {
        try {
            Files.deleteIfExists(p);
            Files.createFile(p);
            try {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system
            }
            Files.write(p, data);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + p + ": " + why(e), e);
        }
    }

    /** A short reason: NIO exceptions carry only the path as their message. */
    static String why(IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.FileSystemException fse && fse.getReason() != null) {
            return fse.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** PEM text with {@code label}, or the DER itself when {@code der}. */
    static byte[] encode(String label, byte[] der, boolean asDer) {
        return asDer ? der : Pem.write(label, der).getBytes(StandardCharsets.US_ASCII);
    }

    /** PEM wherever its header is, e.g. after the text {@code openssl x509 -text} prints first. */
    static boolean isPem(byte[] b) {
        return org.citywall.crypto.pki.Pkix.isPem(b);
    }

    static Sm2PrivateKey privateKey(Path p) {
        byte[] b = read(p);
        return isPem(b) ? Sm2PrivateKey.fromPem(new String(b, StandardCharsets.US_ASCII)) : Sm2PrivateKey.fromDer(b);
    }

    /** A public key from a PUBLIC KEY file or from a certificate. */
    static Sm2PublicKey publicKey(Path p) {
        byte[] b = read(p);
        if (isPem(b)) {
            String text = new String(b, StandardCharsets.US_ASCII);
            if (text.contains("BEGIN CERTIFICATE")) {
                return Pkix.publicKey(Pkix.certificate(b));
            }
            return Sm2PublicKey.fromPem(text);
        }
        try {
            return Sm2PublicKey.fromDer(b);
        } catch (RuntimeException e) {
            return Pkix.publicKey(Pkix.certificate(b));
        }
    }

    /** The UTF-8 bytes of a user id; at most 8191 (GM/T 0003 counts its bits in 16 bits). */
    static byte[] userId(String id) {
        byte[] b = id.getBytes(StandardCharsets.UTF_8);
        if (b.length == 0 || b.length > 8191) {
            throw new IllegalArgumentException("--user-id must be 1 to 8191 bytes of UTF-8");
        }
        return b;
    }
}
