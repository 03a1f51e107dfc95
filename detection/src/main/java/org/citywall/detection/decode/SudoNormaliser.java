package org.citywall.detection.decode;

import org.citywall.event.Ecs;
import org.citywall.event.Event;

/**
 * sudo's command log: {@code bob : [ERROR ; ]TTY=pts/0 ; PWD=/home/bob ; USER=root ; [GROUP=..
 * ; ENV=.. ; ]COMMAND=/bin/ls -la}. An error part ("3 incorrect password attempts", "user NOT in
 * sudoers", "command not allowed") makes the outcome a failure. COMMAND is last and may itself
 * contain {@code " ; "}, so it runs to the end of the line.
 */
final class SudoNormaliser {
    private SudoNormaliser() {}

    static boolean normalise(String msg, Event e) {
        int colon = msg.indexOf(" : ");
        if (colon <= 0) {
            return false;
        }
        int command = msg.indexOf("COMMAND=", colon);
        if (command < 0 && msg.indexOf("USER=", colon) < 0) {
            return false;
        }
        String user = msg.substring(0, colon).trim();
        String rest = command < 0 ? msg.substring(colon + 3) : msg.substring(colon + 3, command);
        String error = null;
        for (int start = 0; start < rest.length(); ) {
            int sep = rest.indexOf(" ; ", start);
            int stop = sep < 0 ? rest.length() : sep;
            String p = rest.substring(start, stop).trim();
            start = sep < 0 ? rest.length() : sep + 3;
            int eq = p.indexOf('=');
            if (eq > 0 && isUpperKey(p, eq)) {
                String key = p.substring(0, eq);
                String value = p.substring(eq + 1);
                switch (key) {
                    case "TTY" -> e.put("system.auth.sudo.tty", value);
                    case "PWD" -> {
                        e.put("system.auth.sudo.pwd", value);
                        e.put("process.working_directory", value);
                    }
                    case "USER" -> {
                        e.put("system.auth.sudo.user", value);
                        e.put("user.effective.name", value);
                    }
                    case "GROUP" -> e.put("system.auth.sudo.group", value);
                    case "ENV" -> e.put("system.auth.sudo.env", value);
                    default -> e.put("system.auth.sudo." + key.toLowerCase(java.util.Locale.ROOT), value);
                }
            } else if (!p.isEmpty()) {
                error = p;
            }
        }
        EcsFields.auth(e, "sudo", error == null ? "success" : "failure");
        EcsFields.category(e, "process");
        EcsFields.user(e, user);
        if (error != null) {
            e.put("system.auth.sudo.error", error);
        }
        if (command >= 0) {
            String cmd = msg.substring(command + 8).trim();
            e.put("system.auth.sudo.command", cmd);
            e.put(Ecs.PROCESS_COMMAND_LINE, cmd);
            int space = cmd.indexOf(' ');
            e.put("process.executable", space < 0 ? cmd : cmd.substring(0, space));
        }
        return true;
    }

    private static boolean isUpperKey(String p, int eq) {
        for (int i = 0; i < eq; i++) {
            char c = p.charAt(i);
            if (!(c >= 'A' && c <= 'Z') && c != '_') {
                return false;
            }
        }
        return true;
    }
}
