package org.citywall.detection.decode;

import org.citywall.event.Event;

/**
 * shadow-utils account management: useradd ({@code new user: name=eve, UID=1001, ...}), groupadd
 * ({@code new group: name=eve, GID=1001}), usermod and gpasswd group membership
 * ({@code add 'eve' to group 'sudo'}, {@code user eve added by root to group sudo}), userdel
 * ({@code delete user 'eve'}), and password changes ({@code password for 'eve' changed by 'root'}).
 */
final class AccountNormaliser {
    private AccountNormaliser() {}

    static boolean normalise(String msg, Event e) {
        String m = msg.trim();
        if (m.startsWith("new user: ")) {
            EcsFields.auth(e, "user_created", "success");
            EcsFields.category(e, "iam");
            fields(m.substring(10), e, "system.auth.useradd.");
            return true;
        }
        if (m.startsWith("new group: ")) {
            EcsFields.auth(e, "group_created", "success");
            EcsFields.category(e, "iam");
            fields(m.substring(11), e, "system.auth.groupadd.");
            return true;
        }
        if (m.startsWith("add '") && m.contains("' to ") && m.contains("group '")) {
            EcsFields.auth(e, "user_added_to_group", "success");
            EcsFields.category(e, "iam");
            EcsFields.user(e, quoted(m, 4));
            e.put("group.name", quoted(m, m.indexOf("group '") + 6));
            return true;
        }
        if (m.startsWith("user ") && m.contains(" added by ") && m.contains(" to group ")) {
            int added = m.indexOf(" added by ");
            int group = m.indexOf(" to group ");
            EcsFields.auth(e, "user_added_to_group", "success");
            EcsFields.category(e, "iam");
            EcsFields.user(e, m.substring(5, added));
            e.put("system.auth.groupmod.by", m.substring(added + 10, group));
            e.put("group.name", m.substring(group + 10).trim());
            return true;
        }
        if (m.startsWith("delete user '")) {
            EcsFields.auth(e, "user_deleted", "success");
            EcsFields.category(e, "iam");
            EcsFields.user(e, quoted(m, 12));
            return true;
        }
        if (m.startsWith("password for '") && m.contains(" changed by '")) {
            EcsFields.auth(e, "password_changed", "success");
            EcsFields.category(e, "iam");
            EcsFields.user(e, quoted(m, 13));
            e.put("system.auth.passwd.by", quoted(m, m.indexOf(" changed by '") + 12));
            return true;
        }
        return false;
    }

    /** {@code name=eve, UID=1001, GID=1001, home=/home/eve, shell=/bin/bash, from=/dev/pts/0}. */
    private static void fields(String s, Event e, String prefix) {
        for (int start = 0; start < s.length(); ) {
            int comma = s.indexOf(", ", start);
            int stop = comma < 0 ? s.length() : comma;
            int eq = s.indexOf('=', start);
            if (eq > start && eq < stop) {
                String key = s.substring(start, eq);
                String value = s.substring(eq + 1, stop);
                e.put(prefix + key.toLowerCase(java.util.Locale.ROOT), value);
                switch (key) {
                    case "name" -> {
                        if (prefix.endsWith("groupadd.")) {
                            e.put("group.name", value);
                        } else {
                            EcsFields.user(e, value);
                        }
                    }
                    case "UID" -> e.put("user.id", value);
                    case "GID" -> e.put("group.id", value);
                    default -> { }
                }
            }
            start = comma < 0 ? s.length() : comma + 2;
        }
    }

    /** The text between the quote at {@code quoteAt} and the next quote. */
    private static String quoted(String m, int quoteAt) {
        int close = m.indexOf('\'', quoteAt + 1);
        return close < 0 ? m.substring(quoteAt + 1) : m.substring(quoteAt + 1, close);
    }
}
