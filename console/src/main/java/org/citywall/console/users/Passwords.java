package org.citywall.console.users;

import org.apache.shiro.authc.credential.DefaultPasswordService;
import org.apache.shiro.authc.credential.PasswordService;
import org.apache.shiro.crypto.hash.DefaultHashService;

/**
 * Argon2id hashing through Shiro 2's hash support (the {@code shiro-hashes-argon2} provider),
 * in Shiro 2's crypt format, so Shiro's {@code PasswordMatcher} verifies what this writes.
 */
public final class Passwords {
    private static final PasswordService SERVICE = create();

    private Passwords() {}

    /** Shiro's password service configured for Argon2id; the realm's credentials matcher uses the same. */
    public static PasswordService service() {
        return SERVICE;
    }

    static String hash(String password) {
        return SERVICE.encryptPassword(password);
    }

    private static PasswordService create() {
        DefaultHashService hashes = new DefaultHashService();
        hashes.setDefaultAlgorithmName("argon2id");
        DefaultPasswordService s = new DefaultPasswordService();
        s.setHashService(hashes);
        return s;
    }
}
