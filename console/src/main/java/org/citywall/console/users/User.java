package org.citywall.console.users;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * A console account as stored: never the password, only its Argon2id hash in Shiro 2's
 * {@code $shiro2$argon2id$...} crypt format.
 *
 * @param username          the login name, {@code [a-z0-9._-]{1,64}}
 * @param passwordHash      the Shiro 2 crypt-format hash
 * @param roles             at least one role; administrator roles and auditor are never together
 * @param domains           the 1+N domains the user works in; {@code *} for all
 * @param createdAt         when the account was made
 * @param passwordChangedAt when the password was last set
 * @param disabled          a disabled account cannot log in
 * @param mustChangePassword the password was set by someone else (an administrator, the host's
 *                          recovery command): until its holder chooses their own, the account can
 *                          do nothing but change it
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record User(
        @JsonProperty("username") String username,
        @JsonProperty("password_hash") String passwordHash,
        @JsonProperty("roles") Set<Role> roles,
        @JsonProperty("domains") Set<String> domains,
        @JsonProperty("created_at") Instant createdAt,
        @JsonProperty("password_changed_at") Instant passwordChangedAt,
        @JsonProperty("disabled") boolean disabled,
        @JsonProperty("must_change_password") boolean mustChangePassword) {

    public User(String username, String passwordHash, Set<Role> roles, Set<String> domains, Instant createdAt,
                Instant passwordChangedAt, boolean disabled) {
        this(username, passwordHash, roles, domains, createdAt, passwordChangedAt, disabled, false);
    }

    /** Every domain. */
    public static final String ALL_DOMAINS = "*";

    public User {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(passwordHash, "passwordHash");
        Role.checkSeparation(roles);
        roles = Set.copyOf(new TreeSet<>(roles));
        domains = domains == null ? Set.of() : Set.copyOf(domains);
    }

    /** Roles in a stable order, for JSON answers. */
    public List<String> roleNames() {
        return roles.stream().sorted().map(Role::wireName).toList();
    }

    /** Domains in a stable order, for JSON answers. */
    public List<String> domainNames() {
        return domains.stream().sorted().toList();
    }

    User withPasswordHash(String hash, Instant now) {
        return new User(username, hash, roles, domains, createdAt, now, disabled, false);
    }

    User withPasswordToChange() {
        return new User(username, passwordHash, roles, domains, createdAt, passwordChangedAt, disabled, true);
    }

    User withDisabled(boolean value) {
        return new User(username, passwordHash, roles, domains, createdAt, passwordChangedAt, value, mustChangePassword);
    }

    User withRolesAndDomains(Set<Role> newRoles, Set<String> newDomains) {
        return new User(username, passwordHash, newRoles, newDomains, createdAt, passwordChangedAt, disabled, mustChangePassword);
    }

    @Override
    public String toString() {
        // never the hash: toString ends up in logs
        return "User[" + username + " roles=" + roleNames() + " domains=" + domainNames() + (disabled ? " disabled" : "") + "]";
    }
}
