package org.citywall.console.users;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What a console password must be: at least 12 and at most 128 characters, three of the four
 * character classes (lower, upper, digit, other), not containing the user name, and not one of
 * the passwords every attacker tries first.
 */
public final class PasswordPolicy {
    /** Shortest accepted password. */
    public static final int MIN_LENGTH = 12;
    /** Longest accepted password (Argon2 accepts more, but nobody types it and it bounds the work). */
    public static final int MAX_LENGTH = 128;

    // the handful that survive the class rules; a full breached-password list is an operator's add-on
    private static final Set<String> COMMON = Set.of("password1234", "p@ssw0rd1234", "passw0rd!234", "welcome@2024",
            "admin@123456", "qwerty123456", "1qaz@wsx3edc", "1qaz2wsx#edc", "changeme1234!", "p@ssword1234");

    private PasswordPolicy() {}

    /**
     * The rules {@code password} breaks for {@code username}; empty when it is acceptable.
     * Messages are stable codes: {@code too_short}, {@code too_long}, {@code too_few_classes},
     * {@code contains_username}, {@code too_common}.
     */
    public static List<String> violations(String username, String password) {
        List<String> out = new ArrayList<>();
        if (password == null || password.length() < MIN_LENGTH) {
            out.add("too_short");
            if (password == null) {
                return out;
            }
        }
        if (password.length() > MAX_LENGTH) {
            out.add("too_long");
        }
        int lower = 0, upper = 0, digit = 0, other = 0;
        for (int i = 0; i < password.length(); i++) {
            char c = password.charAt(i);
            if (Character.isLowerCase(c)) {
                lower = 1;
            } else if (Character.isUpperCase(c)) {
                upper = 1;
            } else if (Character.isDigit(c)) {
                digit = 1;
            } else {
                other = 1;
            }
        }
        if (lower + upper + digit + other < 3) {
            out.add("too_few_classes");
        }
        String lowerPw = password.toLowerCase(Locale.ROOT);
        if (username != null && username.length() >= 3 && lowerPw.contains(username.toLowerCase(Locale.ROOT))) {
            out.add("contains_username");
        }
        if (COMMON.contains(lowerPw)) {
            out.add("too_common");
        }
        return out;
    }

    /**
     * @throws WeakPasswordException listing the broken rules
     */
    public static void check(String username, String password) {
        List<String> v = violations(username, password);
        if (!v.isEmpty()) {
            throw new WeakPasswordException(v);
        }
    }
}
