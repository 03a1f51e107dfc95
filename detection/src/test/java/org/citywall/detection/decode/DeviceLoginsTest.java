package org.citywall.detection.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.citywall.event.Event;
import org.junit.jupiter.api.Test;

/**
 * Logins to Huawei and H3C devices become authentication events shaped like sshd's: the same
 * {@code ssh_login} action, outcome, user and client address, so a rule counting failed logins per
 * source address can count them beside the servers'.
 */
class DeviceLoginsTest {

    @Test
    void huaweiSshFailure() {
        Event e = Decoding.decode("<188>Nov 29 2026 10:00:00 CORE-SW1 %%01SSH/4/SSH_FAIL(s)[3]:Failed to login through SSH. (Ip=198.51.100.20, UserName=admin, Times=1, FailedReason=Authentication failed)");
        assertThat(e.fields()).containsEntry("event.dataset", "system.auth").containsEntry("event.action", "ssh_login")
                .containsEntry("event.outcome", "failure").containsEntry("event.category", List.of("authentication"))
                .containsEntry("user.name", "admin").containsEntry("source.ip", "198.51.100.20")
                .containsEntry("huawei.Times", "1").containsEntry("huawei.FailedReason", "Authentication failed")
                .containsEntry("observer.vendor", "Huawei");
    }

    @Test
    void huaweiSshUserLoginFailureAndSuccess() {
        Event failed = Decoding.decode("<189>Nov 29 2026 10:00:01 CORE-SW1 %%01SSH/5/SSH_USER_LOGIN_FAIL(s):The SSH user failed to login. (ServiceType=stelnet, FailedReason=Password authentication failed, UserName=root, UserAddress=198.51.100.21, LocalAddress=10.0.0.1, VPNInstanceName=)");
        assertThat(failed.fields()).containsEntry("event.action", "ssh_login").containsEntry("event.outcome", "failure")
                .containsEntry("user.name", "root").containsEntry("source.ip", "198.51.100.21")
                .containsEntry("huawei.LocalAddress", "10.0.0.1").doesNotContainKey("huawei.VPNInstanceName");
        Event ok = Decoding.decode("<189>Nov 29 2026 10:00:02 CORE-SW1 %%01SSH/5/SSH_USER_LOGIN(s):The SSH user succeeded in logging in. (ServiceType=stelnet, UserName=netops, UserAddress=10.9.9.9, LocalAddress=10.0.0.1, VPNInstanceName=)");
        assertThat(ok.fields()).containsEntry("event.outcome", "success").containsEntry("user.name", "netops");
    }

    @Test
    void huaweiShellLoginFailureOverSshIsAnSshLogin() {
        Event e = Decoding.decode("<188>Nov 29 2026 10:00:00 AR1 %%01SHELL/4/LOGINFAILED(s):Failed to login. (Ip=198.51.100.22, UserName=**, Times=2, AccessType=SSH, VpnName=)");
        assertThat(e.fields()).containsEntry("event.action", "ssh_login").containsEntry("event.outcome", "failure")
                .containsEntry("source.ip", "198.51.100.22").doesNotContainKey("user.name");
    }

    @Test
    void huaweiRecordedCommandsKeepUserAddressAndCommandLine() {
        Event e = Decoding.decode("<189>Nov 29 2026 10:00:00 CORE-SW1 %%01SHELL/5/CMDRECORD(s)[0]:Recorded command information. (Task=VT0, Ip=10.1.1.1, VpnName=, User=admin, AuthenticationMethod=\"Local-user\", Command=\"display current-configuration\")");
        assertThat(e.fields()).containsEntry("event.action", "cli_command").containsEntry("event.outcome", "success")
                .containsEntry("user.name", "admin").containsEntry("source.ip", "10.1.1.1")
                .containsEntry("process.command_line", "display current-configuration")
                .containsEntry("huawei.AuthenticationMethod", "Local-user").doesNotContainKey("event.category");
    }

    @Test
    void h3cSshServerAuthenticationFailureAndSuccess() {
        Event failed = Decoding.decode("<190>Nov 29 10:00:00:123 2026 H3C %%10SSHS/6/SSHS_LOG: Authentication failed for user admin from 198.51.100.30 port 16266 because of invalid username or wrong password.");
        assertThat(failed.fields()).containsEntry("event.action", "ssh_login").containsEntry("event.outcome", "failure")
                .containsEntry("user.name", "admin").containsEntry("source.ip", "198.51.100.30")
                .containsEntry("source.port", 16266L).containsEntry("system.auth.ssh.method", "password")
                .containsEntry("event.reason", "invalid username or wrong password").containsEntry("observer.vendor", "H3C");
        Event ok = Decoding.decode("<190>Nov 29 10:00:05 2026 H3C %%10SSHS/6/SSHS_LOG: Accepted password for netops from 10.9.9.9 port 16270.");
        assertThat(ok.fields()).containsEntry("event.outcome", "success").containsEntry("user.name", "netops")
                .containsEntry("system.auth.ssh.method", "password").containsEntry("source.port", 16270L);
    }

    @Test
    void h3cShellLoginsAndFailures() {
        Event failed = Decoding.decode("<189>Nov 29 10:00:00 2026 H3C %%10LOGIN/5/LOGIN_FAILED: admin failed to log in from 198.51.100.31.");
        assertThat(failed.fields()).containsEntry("event.action", "login").containsEntry("event.outcome", "failure")
                .containsEntry("user.name", "admin").containsEntry("source.ip", "198.51.100.31");
        Event in = Decoding.decode("<189>Nov 29 10:00:00 2026 H3C %%10SHELL/5/SHELL_LOGIN: netops logged in from 10.9.9.9.");
        assertThat(in.fields()).containsEntry("event.outcome", "success").containsEntry("user.name", "netops")
                .containsEntry("source.ip", "10.9.9.9");
        Event line = Decoding.decode("<189>Jan 12 10:00:00:123 2026 H3C %%10SHELL/5/SHELL_LOGIN(l): VTY logged in from 10.1.1.1.");
        assertThat(line.fields()).containsEntry("source.ip", "10.1.1.1").doesNotContainKey("user.name");
        Event console = Decoding.decode("<189>Nov 29 10:00:00 2026 H3C %%10LOGIN/5/LOGIN_FAILED: TTY failed to log in from console0.");
        assertThat(console.fields()).containsEntry("event.outcome", "failure").doesNotContainKey("source.ip")
                .doesNotContainKey("user.name");
    }
}
