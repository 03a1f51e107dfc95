package org.citywall.crypto;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Base64;
import org.bouncycastle.util.Arrays;
import org.bouncycastle.util.encoders.Hex;

/**
 * The SM4 key (16 bytes) that encrypts a {@link KeyRing} file at rest. Read from a file or an
 * environment variable holding 32 hex digits or base64 of 16 bytes (a file may also hold the
 * 16 raw bytes). Missing or malformed is a {@code KEYRING_UNAVAILABLE} error — never a silent
 * new key.
 */
public final class MasterKey {

    /** The environment variable {@link #fromEnvironment()} reads. */
    public static final String ENV = "CITYWALL_MASTER_KEY";

    private final byte[] key;

    private MasterKey(byte[] key) {
        if (key.length != Sm4Gcm.KEY_LENGTH) {
            throw unavailable("master key must be 16 bytes (32 hex digits or base64 of 16 bytes)");
        }
        this.key = key.clone();
    }

    /** A master key from its 16 bytes. */
    public static MasterKey of(byte[] key) {
        return new MasterKey(key);
    }

    /** A fresh random master key (for first-time setup and tests). */
    public static MasterKey generate() {
        return new MasterKey(Sm4Gcm.generateKey());
    }

    /** Reads the key from {@code file}: 32 hex digits, base64 of 16 bytes, or 16 raw bytes. */
    public static MasterKey fromFile(Path file) {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw unavailable("master key file " + file + " does not exist");
        } catch (IOException e) {
            throw unavailable("master key file " + file + " cannot be read: " + e.getMessage());
        }
        if (content.length == Sm4Gcm.KEY_LENGTH) {
            return new MasterKey(content);
        }
        return parse(new String(content, StandardCharsets.US_ASCII).trim(), "master key file " + file);
    }

    /** Reads the key from the environment variable {@value #ENV}. */
    public static MasterKey fromEnvironment() {
        return fromEnvironment(ENV);
    }

    /** Reads the key from the named environment variable. */
    public static MasterKey fromEnvironment(String variable) {
        String v = System.getenv(variable);
        if (v == null || v.isBlank()) {
            throw unavailable("environment variable " + variable + " with the master key is not set");
        }
        return parse(v.trim(), "environment variable " + variable);
    }

    private static MasterKey parse(String text, String where) {
        try {
            if (text.matches("[0-9a-fA-F]{32}")) {
                return new MasterKey(Hex.decode(text));
            }
            return new MasterKey(Base64.getDecoder().decode(text));
        } catch (IllegalArgumentException e) {
            throw unavailable(where + " does not hold a master key (32 hex digits or base64 of 16 bytes)");
        }
    }

    /** The key as 32 lower-case hex digits, for writing a new master key file. */
    public String toHex() {
        return Hex.toHexString(key);
    }

    byte[] bytes() {
        return key.clone();
    }

    /** 8 bytes identifying this key without revealing it, stored in key ring files to tell "wrong key" from "damaged file". */
    byte[] checkValue() {
        return Arrays.copyOf(HmacSm3.mac(key, "citywall keyring master key check".getBytes(StandardCharsets.US_ASCII)), 8);
    }

    private static CryptoException unavailable(String message) {
        return new CryptoException(CryptoException.Reason.KEYRING_UNAVAILABLE, message);
    }

    @Override
    public String toString() {
        return "MasterKey[check=" + Hex.toHexString(checkValue()) + "]";
    }
}
