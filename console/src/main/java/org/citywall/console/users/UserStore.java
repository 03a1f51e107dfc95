package org.citywall.console.users;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's accounts, kept in {@code <data>/console/users.json} (mode 600). Only Argon2id
 * hashes are stored; a generated password is returned once to the caller and never kept.
 *
 * <p>Thread-safe. Every change is written to a temporary file and moved into place, so a crash
 * leaves either the old or the new file, never half of one.
 */
public final class UserStore {
    private static final Logger LOG = LoggerFactory.getLogger(UserStore.class);
    private static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final Pattern DOMAIN = Pattern.compile("\\*|[a-z0-9][a-z0-9_-]{0,63}");
    /** The first administrator's name. */
    public static final String FIRST_ADMINISTRATOR = "admin";

    private final Path file;
    private final Clock clock;
    private final ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(SerializationFeature.INDENT_OUTPUT);
    private final Map<String, User> users = new TreeMap<>();

    private UserStore(Path file, Clock clock) {
        this.file = file;
        this.clock = clock;
    }

    /**
     * Opens (or starts) the store under {@code dataDir}.
     *
     * @throws UncheckedIOException when the file exists but cannot be read or parsed
     */
    public static UserStore open(Path dataDir) {
        return open(dataDir, Clock.systemUTC());
    }

    static UserStore open(Path dataDir, Clock clock) {
        UserStore s = new UserStore(dataDir.resolve("console").resolve("users.json"), clock);
        s.load();
        return s;
    }

    /**
     * Creates an account with a generated password that meets the {@link PasswordPolicy}.
     *
     * @param username {@code [a-z0-9][a-z0-9._-]{0,63}}
     * @param roles    at least one; not an administrator role together with auditor
     * @param domains  domains such as {@code taiyuan}, or {@code *} for all
     * @return the generated password — the only time it exists outside the caller; only its hash is stored
     * @throws IllegalArgumentException for a bad name, role combination or domain, or when the user exists
     */
    public String create(String username, Collection<Role> roles, Collection<String> domains) {
        String password = PasswordGenerator.generate();
        create(username, roles, domains, password);
        return password;
    }

    /**
     * Creates an account with a chosen password.
     *
     * @throws WeakPasswordException when the password breaks the {@link PasswordPolicy}
     * @throws IllegalArgumentException for a bad name, role combination or domain, or when the user exists
     */
    public void create(String username, Collection<Role> roles, Collection<String> domains, String password) {
        checkUsername(username);
        checkDomains(domains);
        Role.checkSeparation(roles);
        PasswordPolicy.check(username, password);
        String hash = Passwords.hash(password);
        Instant now = clock.instant();
        synchronized (this) {
            if (users.containsKey(username)) {
                throw new IllegalArgumentException("user '" + username + "' already exists");
            }
            users.put(username, new User(username, hash, Set.copyOf(roles), Set.copyOf(domains), now, now, false));
            save();
        }
        LOG.info("user.created user={} roles={} domains={}", username, roles, domains);
    }

    /**
     * At first start — when no account exists — creates {@value #FIRST_ADMINISTRATOR} (sysadmin, all
     * domains) with a generated password.
     *
     * @return the password to show once, or empty when accounts already exist
     */
    public Optional<String> createFirstAdministrator() {
        return createFirstAdministrator(() -> {});
    }

    /**
     * As {@link #createFirstAdministrator()}, running {@code beforeCreating} (the audit record, which
     * may refuse by throwing) just before the account is made, and only when it will be.
     */
    public synchronized Optional<String> createFirstAdministrator(Runnable beforeCreating) {
        if (!users.isEmpty()) {
            return Optional.empty();
        }
        beforeCreating.run();
        return Optional.of(create(FIRST_ADMINISTRATOR, List.of(Role.SYSADMIN), List.of(User.ALL_DOMAINS)));
    }

    /** The account named {@code username}, if any. */
    public synchronized Optional<User> find(String username) {
        return Optional.ofNullable(username == null ? null : users.get(username));
    }

    /** Every account, by name. */
    public synchronized List<User> list() {
        return new ArrayList<>(users.values());
    }

    /**
     * Sets a new password.
     *
     * @throws WeakPasswordException when it breaks the policy
     * @throws IllegalArgumentException when there is no such user
     */
    public void setPassword(String username, String password) {
        PasswordPolicy.check(username, password);
        String hash = Passwords.hash(password);
        synchronized (this) {
            users.put(username, existing(username).withPasswordHash(hash, clock.instant()));
            save();
        }
        LOG.info("user.password_changed user={}", username);
    }

    /**
     * Changes a user's own password after checking the current one.
     *
     * @return false when {@code current} is wrong (nothing changes)
     * @throws WeakPasswordException when the new one breaks the policy or equals the current one
     * @throws IllegalArgumentException when there is no such user
     */
    public boolean changePassword(String username, String current, String next) {
        return changePassword(username, current, next, () -> {});
    }

    /**
     * Changes a user's own password after checking the current one and the policy, running
     * {@code beforeApplying} (the audit record, which may refuse) just before the new hash is stored.
     */
    public boolean changePassword(String username, String current, String next, Runnable beforeApplying) {
        String hash;
        synchronized (this) {
            hash = existing(username).passwordHash();
        }
        if (!Passwords.service().passwordsMatch(current, hash)) {
            return false;
        }
        if (current.equals(next)) {
            throw new WeakPasswordException(List.of("the new password must differ from the current one"));
        }
        PasswordPolicy.check(username, next);
        beforeApplying.run();
        setPassword(username, next);
        return true;
    }

    /** Resets the password to a generated one and returns it (once). */
    public String resetPassword(String username) {
        String password = PasswordGenerator.generate();
        setPassword(username, password);
        return password;
    }

    /**
     * Marks the password as set by someone else: until {@code username} chooses their own
     * (setting a password clears the mark), the account can do nothing but change it.
     */
    public synchronized void requirePasswordChange(String username) {
        users.put(username, existing(username).withPasswordToChange());
        save();
        LOG.info("user.password_change_required user={}", username);
    }

    /** Enables or disables log-in for {@code username}. */
    public synchronized void setDisabled(String username, boolean disabled) {
        users.put(username, existing(username).withDisabled(disabled));
        save();
        LOG.info("user.{} user={}", disabled ? "disabled" : "enabled", username);
    }

    /**
     * Replaces roles and domains.
     *
     * @throws IllegalArgumentException on a separation violation, a bad domain or an unknown user
     */
    public synchronized void setRoles(String username, Collection<Role> roles, Collection<String> domains) {
        Role.checkSeparation(roles);
        checkDomains(domains);
        users.put(username, existing(username).withRolesAndDomains(Set.copyOf(roles), Set.copyOf(domains)));
        save();
        LOG.info("user.roles_changed user={} roles={} domains={}", username, roles, domains);
    }

    /** Removes an account; false when there was none. */
    public synchronized boolean delete(String username) {
        boolean had = users.remove(username) != null;
        if (had) {
            save();
            LOG.info("user.deleted user={}", username);
        }
        return had;
    }

    private User existing(String username) {
        User u = users.get(username);
        if (u == null) {
            throw new IllegalArgumentException("no user '" + username + "'");
        }
        return u;
    }

    static void checkUsername(String username) {
        if (username == null || !USERNAME.matcher(username).matches()) {
            throw new IllegalArgumentException("user name must match [a-z0-9][a-z0-9._-]{0,63}");
        }
    }

    static void checkDomains(Collection<String> domains) {
        if (domains == null) {
            throw new IllegalArgumentException("domains are required (use * for all)");
        }
        for (String d : domains) {
            if (d == null || !DOMAIN.matcher(d).matches()) {
                throw new IllegalArgumentException("domain '" + d + "' must be * or match [a-z0-9][a-z0-9_-]{0,63}");
            }
        }
    }

    private void load() {
        if (!Files.exists(file)) {
            return;
        }
        try {
            List<User> list = mapper.readValue(file.toFile(), new TypeReference<List<User>>() {});
            for (User u : list) {
                users.put(u.username(), u);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read user store " + file + ": " + e.getMessage(), e);
        }
    }

    private void save() {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.deleteIfExists(tmp);
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            mapper.writeValue(tmp.toFile(), new ArrayList<>(users.values()));
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write user store " + file + ": " + e.getMessage(), e);
        }
    }
}
