package org.citywall.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.citywall.app.embedded.HostAuditLog;
import org.citywall.audit.AuditEntry;
import org.citywall.audit.AuditLog;
import org.citywall.audit.AuditResult;
import org.citywall.console.users.User;
import org.citywall.console.users.UserStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code citywall users}: the console's accounts on the host, for the operator. Three-role
 * separation keeps the console's system administrator away from the administrator and auditor
 * accounts; when one of those forgets a password or is locked out, the operator of the machine
 * recovers it here, on the same audit trail, as {@code host:<OS user>}.
 */
@Command(name = "users", mixinStandardHelpOptions = true,
        description = {"Console accounts, on the host: list them, and recover those the console does not change",
                "(accounts holding sysadmin, secadmin or auditor). Every change is recorded on the audit trail as",
                "host:<OS user>. Changes need CityWall stopped on this data directory: the audit log has one writer."},
        subcommands = {UsersCommand.ListUsers.class, UsersCommand.ResetPassword.class, UsersCommand.Disable.class,
                UsersCommand.Enable.class})
public final class UsersCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Lists the accounts with roles, domains and state (never a password or hash). Works while CityWall runs.")
    static final class ListUsers implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--data-dir", defaultValue = "data", description = "The platform's data directory (default: ${DEFAULT-VALUE}).")
        Path dataDir;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            out.printf("%-24s %-22s %-24s %s%n", "USER", "ROLES", "DOMAINS", "STATE");
            for (User u : UserStore.open(dataDir).list()) {
                out.printf("%-24s %-22s %-24s %s%n", u.username(), String.join(",", u.roleNames()),
                        String.join(",", u.domainNames()), u.disabled() ? "disabled" : "active");
            }
            out.flush();
            return 0;
        }
    }

    /** A change to one account: recorded on the trail before it is made, and as failed if it then fails. */
    abstract static class AccountChange implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--data-dir", defaultValue = "data", description = "The platform's data directory (default: ${DEFAULT-VALUE}).")
        Path dataDir;

        @Parameters(paramLabel = "USER", description = "The account's user name.")
        String username;

        /** The audit action and its details. */
        abstract String action();

        abstract Map<String, Object> details();

        /** Makes the change and returns what to tell the operator. */
        abstract String apply(UserStore users);

        @Override
        public Integer call() throws IOException {
            try (AuditLog log = HostAuditLog.open(dataDir)) {
                UserStore users = UserStore.open(dataDir);
                if (users.find(username).isEmpty()) {
                    throw new IllegalArgumentException("no user '" + username + "' (see citywall users list)");
                }
                log.append(entry(AuditResult.SUCCESS, details()));
                String said;
                try {
                    said = apply(users);
                } catch (RuntimeException e) {
                    log.append(entry(AuditResult.FAILURE, Map.of("error", e.getClass().getSimpleName())));
                    throw e;
                }
                spec.commandLine().getOut().println(said);
                spec.commandLine().getOut().flush();
            }
            return 0;
        }

        private AuditEntry entry(AuditResult result, Map<String, Object> details) {
            return AuditEntry.builder().subject("host:" + System.getProperty("user.name")).action(action())
                    .object("user:" + username).result(result).source(hostName()).details(details).build();
        }

        private static String hostName() {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                return "localhost";
            }
        }
    }

    @Command(name = "reset-password", mixinStandardHelpOptions = true,
            description = "Sets a generated password and prints it once; CityWall keeps only its Argon2id hash.")
    static final class ResetPassword extends AccountChange {
        @Override
        String action() {
            return "user.password_reset"; // the console's action: an account's history shows every reset
        }

        @Override
        Map<String, Object> details() {
            return Map.of("via", "citywall users");
        }

        @Override
        String apply(UserStore users) {
            String password = users.resetPassword(username);
            users.requirePasswordChange(username); // its holder replaces it at the first log-in
            return "New password for '" + username + "' (shown once; the console asks for a new one at the first log-in):\n" + password;
        }
    }

    /** Disabling and enabling differ only in the state they set. */
    abstract static class Switch extends AccountChange {
        abstract boolean disabled();

        @Override
        String action() {
            return "user.change";
        }

        @Override
        Map<String, Object> details() {
            return Map.of("disabled", disabled(), "via", "citywall users");
        }

        @Override
        String apply(UserStore users) {
            users.setDisabled(username, disabled());
            return "'" + username + "' is " + (disabled() ? "disabled." : "enabled.");
        }
    }

    @Command(name = "disable", mixinStandardHelpOptions = true, description = "Disables the account: it can no longer log in.")
    static final class Disable extends Switch {
        @Override
        boolean disabled() {
            return true;
        }
    }

    @Command(name = "enable", mixinStandardHelpOptions = true, description = "Enables the account again.")
    static final class Enable extends Switch {
        @Override
        boolean disabled() {
            return false;
        }
    }
}
