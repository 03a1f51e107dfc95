package org.citywall.console.users;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Three-role separation: system administrator, security administrator and auditor are three people. */
class RoleSeparationTest {

    @Test
    void anAuditorHoldsNoAdministratorRole() {
        assertThatThrownBy(() -> Role.checkSeparation(List.of(Role.AUDITOR, Role.SYSADMIN)))
                .hasMessageContaining("auditor cannot be combined");
        assertThatThrownBy(() -> Role.checkSeparation(List.of(Role.AUDITOR, Role.SECADMIN)))
                .hasMessageContaining("auditor cannot be combined");
    }

    @Test
    void aSystemAdministratorIsNotAlsoTheSecurityAdministrator() {
        assertThatThrownBy(() -> Role.checkSeparation(List.of(Role.SYSADMIN, Role.SECADMIN)))
                .hasMessageContaining("sysadmin cannot be combined with secadmin");
    }

    @Test
    void anAdministratorMayAlsoTriage() {
        assertThatCode(() -> Role.checkSeparation(List.of(Role.SYSADMIN, Role.ANALYST))).doesNotThrowAnyException();
        assertThatCode(() -> Role.checkSeparation(List.of(Role.SECADMIN, Role.ANALYST))).doesNotThrowAnyException();
    }

    @Test
    void everyUserHasARole() {
        assertThatThrownBy(() -> Role.checkSeparation(List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
