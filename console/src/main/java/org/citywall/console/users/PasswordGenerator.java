package org.citywall.console.users;

import java.security.SecureRandom;

/** Random passwords that meet the {@link PasswordPolicy}: 20 characters, ~114 bits, no look-alikes. */
final class PasswordGenerator {
    private static final String LOWER = "abcdefghijkmnpqrstuvwxyz";
    private static final String UPPER = "ABCDEFGHJKLMNPQRSTUVWXYZ";
    private static final String DIGIT = "23456789";
    private static final String OTHER = "-_.!@#%+=";
    private static final String ALL = LOWER + UPPER + DIGIT + OTHER;
    private static final int LENGTH = 20;
    private static final SecureRandom RANDOM = new SecureRandom();

    private PasswordGenerator() {}

    static String generate() {
        while (true) {
            char[] c = new char[LENGTH];
            for (int i = 0; i < LENGTH; i++) {
                c[i] = ALL.charAt(RANDOM.nextInt(ALL.length()));
            }
            String p = new String(c);
            // rejection sampling keeps the distribution uniform over acceptable passwords
            if (has(p, LOWER) && has(p, UPPER) && has(p, DIGIT) && has(p, OTHER)) {
                return p;
            }
        }
    }

    private static boolean has(String p, String set) {
        for (int i = 0; i < p.length(); i++) {
            if (set.indexOf(p.charAt(i)) >= 0) {
                return true;
            }
        }
        return false;
    }
}
