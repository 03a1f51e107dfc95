package org.citywall.console.users;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which accounts the console's system administrator may change, as a table of cases. */
class AccountAuthorityTest {
    static User user(String name, Role... roles) {
        return new User(name, "hash", Set.of(roles), Set.of("*"), Instant.EPOCH, Instant.EPOCH, false);
    }

    static final User ANALYST = user("ana", Role.ANALYST);
    static final User APP = user("svc", Role.APP);
    static final User AUDITOR = user("aud", Role.AUDITOR);
    static final User SECADMIN = user("sec", Role.SECADMIN);
    static final User PEER = user("ops2", Role.SYSADMIN, Role.ANALYST);

    @Test
    void passwords_are_reset_only_for_analyst_and_application_accounts_of_others() {
        assertThatCode(() -> AccountAuthority.checkPasswordReset("ops", ANALYST)).doesNotThrowAnyException();
        assertThatCode(() -> AccountAuthority.checkPasswordReset("ops", APP)).doesNotThrowAnyException();
        for (User u : List.of(AUDITOR, SECADMIN, PEER)) {
            assertThatThrownBy(() -> AccountAuthority.checkPasswordReset("ops", u)).as(u.username())
                    .hasFieldOrPropertyWithValue("code", "protected_account");
        }
        assertThatThrownBy(() -> AccountAuthority.checkPasswordReset("ana", ANALYST)).hasFieldOrPropertyWithValue("code", "own_account");
    }

    @Test
    void another_system_administrator_may_be_disabled_or_enabled_but_the_auditor_and_the_security_administrator_are_not_touched() {
        // a disable or enable keeps roles and domains as they are
        assertThatCode(() -> AccountAuthority.checkChange("ops", PEER, PEER.roles(), PEER.domains())).doesNotThrowAnyException();
        for (User u : List.of(AUDITOR, SECADMIN)) {
            assertThatThrownBy(() -> AccountAuthority.checkChange("ops", u, u.roles(), u.domains())).as(u.username())
                    .hasFieldOrPropertyWithValue("code", "protected_account");
        }
    }

    @Test
    void roles_and_domains_change_only_on_analyst_and_application_accounts_and_never_to_a_separation_role() {
        assertThatCode(() -> AccountAuthority.checkChange("ops", ANALYST, List.of(Role.ANALYST, Role.APP), List.of("taiyuan")))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> AccountAuthority.checkChange("ops", PEER, List.of(Role.SYSADMIN), List.of("*")))
                .hasFieldOrPropertyWithValue("code", "protected_account");
        assertThatThrownBy(() -> AccountAuthority.checkChange("ops", AUDITOR, AUDITOR.roles(), List.of("taiyuan")))
                .hasFieldOrPropertyWithValue("code", "protected_account");
        for (Role r : List.of(Role.SYSADMIN, Role.SECADMIN, Role.AUDITOR)) {
            assertThatThrownBy(() -> AccountAuthority.checkChange("ops", ANALYST, List.of(r), List.of("*"))).as(r.wireName())
                    .hasFieldOrPropertyWithValue("code", "protected_account");
        }
        assertThatThrownBy(() -> AccountAuthority.checkChange("ops2", PEER, PEER.roles(), PEER.domains()))
                .hasFieldOrPropertyWithValue("code", "own_account");
    }
}
