package org.citywall.detection.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.citywall.event.Event;
import org.junit.jupiter.api.Test;

/** sshd, sudo, su, PAM and account-management lines become system.auth events with who, from where, what and how it ended. */
class AuthNormalisersTest {

    static Event auth(String program, String message) {
        return Decoding.decode("<86>Nov 27 10:15:30 host1 " + program + ": " + message);
    }

    @Test
    void failedPasswordNamesTheUserTheSourceAndTheMethod() {
        Event e = auth("sshd[24301]", "Failed password for root from 203.0.113.45 port 51234 ssh2");
        assertThat(e.fields()).containsEntry("event.module", "system").containsEntry("event.dataset", "system.auth")
                .containsEntry("event.action", "ssh_login").containsEntry("event.outcome", "failure")
                .containsEntry("user.name", "root").containsEntry("source.ip", "203.0.113.45")
                .containsEntry("source.port", 51234L).containsEntry("system.auth.ssh.method", "password")
                .containsEntry("process.name", "sshd").containsEntry("process.pid", 24301L)
                .containsEntry("event.category", List.of("authentication"));
    }

    @Test
    void aLineWithoutAnAddressBeforePortStaysASyslogLineNotADecoderError() {
        for (String msg : new String[] {"Failed password for root from port 22 ssh2", "Invalid user bob from port 22",
            "maximum authentication attempts exceeded for root from port 22 ssh2 [preauth]"}) {
            Event e = auth("sshd[1]", msg);
            assertThat(e.fields()).as(msg).doesNotContainKey("error.type").containsEntry("process.name", "sshd")
                    .doesNotContainKey("source.ip");
        }
    }

    @Test
    void failedPasswordForAnInvalidUserWithASpaceInTheName() {
        Event e = auth("sshd[1]", "Failed password for invalid user admin admin from 2001:db8::7 port 4022 ssh2");
        assertThat(e.fields()).containsEntry("user.name", "admin admin").containsEntry("source.ip", "2001:db8::7")
                .containsEntry("system.auth.ssh.invalid_user", true).containsEntry("event.outcome", "failure");
    }

    @Test
    void acceptedPublickeyKeepsTheKeySignature() {
        Event e = auth("sshd-session[77]", "Accepted publickey for ops from 10.20.3.17 port 60022 ssh2: ED25519 SHA256:Qz1l2bnq5W0");
        assertThat(e.fields()).containsEntry("event.action", "ssh_login").containsEntry("event.outcome", "success")
                .containsEntry("user.name", "ops").containsEntry("system.auth.ssh.method", "publickey")
                .containsEntry("system.auth.ssh.signature", "ED25519 SHA256:Qz1l2bnq5W0");
    }

    @Test
    void invalidUserIsItsOwnActionSoAttemptsAreNotCountedTwice() {
        Event e = auth("sshd[9]", "Invalid user oracle from 198.51.100.3 port 40022");
        assertThat(e.fields()).containsEntry("event.action", "ssh_invalid_user").containsEntry("event.outcome", "failure")
                .containsEntry("user.name", "oracle").containsEntry("source.ip", "198.51.100.3").containsEntry("source.port", 40022L);
    }

    @Test
    void repeatedMessagesAreUnwrappedAndCounted() {
        Event e = auth("sshd[9]", "message repeated 5 times: [ Failed password for root from 203.0.113.45 port 51234 ssh2]");
        assertThat(e.fields()).containsEntry("citywall.repeated", 5L).containsEntry("event.action", "ssh_login")
                .containsEntry("user.name", "root");
    }

    @Test
    void disconnectsAndHandshakeFailuresKeepTheSource() {
        assertThat(auth("sshd[9]", "Connection closed by authenticating user root 203.0.113.45 port 51234 [preauth]").fields())
                .containsEntry("event.action", "ssh_disconnect").containsEntry("source.ip", "203.0.113.45")
                .containsEntry("user.name", "root");
        assertThat(auth("sshd[9]", "Did not receive identification string from 198.51.100.9 port 61000").fields())
                .containsEntry("event.action", "ssh_handshake_failed").containsEntry("source.ip", "198.51.100.9");
    }

    @Test
    void anUnknownSshdMessageIsStillAnAuthEvent() {
        Event e = auth("sshd[1]", "Server listening on 0.0.0.0 port 22.");
        assertThat(e.fields()).containsEntry("event.dataset", "system.auth").doesNotContainKey("event.action");
    }

    @Test
    void pamAuthenticationFailureReadsItsKeyValues() {
        Event e = auth("sshd[3]", "pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=203.0.113.45  user=root");
        assertThat(e.fields()).containsEntry("event.action", "authentication_failure").containsEntry("event.outcome", "failure")
                .containsEntry("user.name", "root").containsEntry("source.ip", "203.0.113.45")
                .containsEntry("system.auth.pam.module", "pam_unix").containsEntry("system.auth.pam.service", "sshd")
                .containsEntry("system.auth.pam.type", "auth").containsEntry("system.auth.pam.tty", "ssh")
                .doesNotContainKey("system.auth.pam.ruser");
    }

    @Test
    void pamSessionsNameTheUserAndWhoOpenedThem() {
        Event e = auth("sudo", "pam_unix(sudo:session): session opened for user root(uid=0) by ops(uid=1001)");
        assertThat(e.fields()).containsEntry("event.action", "session_opened").containsEntry("user.name", "root")
                .containsEntry("system.auth.pam.by", "ops");
        Event fromAnyProgram = auth("login[812]", "pam_unix(login:session): session closed for user alice");
        assertThat(fromAnyProgram.fields()).containsEntry("event.action", "session_closed").containsEntry("user.name", "alice")
                .containsEntry("event.dataset", "system.auth");
    }

    @Test
    void sudoCommandLine() {
        Event e = auth("sudo", "    ops : TTY=pts/1 ; PWD=/home/ops ; USER=root ; COMMAND=/bin/sh -c 'id ; whoami'");
        assertThat(e.fields()).containsEntry("event.action", "sudo").containsEntry("event.outcome", "success")
                .containsEntry("user.name", "ops").containsEntry("user.effective.name", "root")
                .containsEntry("system.auth.sudo.tty", "pts/1").containsEntry("system.auth.sudo.pwd", "/home/ops")
                .containsEntry("process.command_line", "/bin/sh -c 'id ; whoami'")
                .containsEntry("process.executable", "/bin/sh");
    }

    @Test
    void sudoRefusalsAreFailures() {
        Event e = auth("sudo", "eve : user NOT in sudoers ; TTY=pts/0 ; PWD=/tmp ; USER=root ; COMMAND=/bin/bash");
        assertThat(e.fields()).containsEntry("event.outcome", "failure").containsEntry("system.auth.sudo.error", "user NOT in sudoers")
                .containsEntry("user.name", "eve");
        Event attempts = auth("sudo", "eve : 3 incorrect password attempts ; TTY=pts/0 ; PWD=/tmp ; USER=root ; COMMAND=/usr/bin/id");
        assertThat(attempts.fields()).containsEntry("event.outcome", "failure")
                .containsEntry("system.auth.sudo.error", "3 incorrect password attempts");
    }

    @Test
    void suInEveryDialect() {
        assertThat(auth("su[1]", "(to root) ops on pts/2").fields()).containsEntry("event.action", "su")
                .containsEntry("event.outcome", "success").containsEntry("user.name", "ops").containsEntry("user.effective.name", "root");
        assertThat(auth("su[1]", "FAILED SU (to root) eve on pts/3").fields()).containsEntry("event.outcome", "failure")
                .containsEntry("user.name", "eve");
        assertThat(auth("su", "Successful su for postgres by root").fields()).containsEntry("event.outcome", "success")
                .containsEntry("user.name", "root").containsEntry("user.effective.name", "postgres");
        assertThat(auth("su", "FAILED su for root by eve").fields()).containsEntry("event.outcome", "failure");
        assertThat(auth("su", "- pts/4 eve:root").fields()).containsEntry("event.outcome", "failure")
                .containsEntry("user.name", "eve").containsEntry("user.effective.name", "root");
        assertThat(auth("su", "'su root' failed for lonvick on /dev/pts/8").fields()).containsEntry("event.outcome", "failure")
                .containsEntry("user.name", "lonvick").containsEntry("user.effective.name", "root");
    }

    @Test
    void accountManagement() {
        assertThat(auth("useradd[4410]", "new user: name=backdoor, UID=0, GID=0, home=/root, shell=/bin/bash, from=/dev/pts/1").fields())
                .containsEntry("event.action", "user_created").containsEntry("user.name", "backdoor")
                .containsEntry("user.id", "0").containsEntry("group.id", "0")
                .containsEntry("system.auth.useradd.shell", "/bin/bash").containsEntry("event.category", List.of("iam"));
        assertThat(auth("usermod[4420]", "add 'backdoor' to group 'sudo'").fields())
                .containsEntry("event.action", "user_added_to_group").containsEntry("user.name", "backdoor")
                .containsEntry("group.name", "sudo");
        assertThat(auth("gpasswd[1]", "user eve added by root to group wheel").fields())
                .containsEntry("event.action", "user_added_to_group").containsEntry("group.name", "wheel");
        assertThat(auth("groupadd[1]", "new group: name=ops, GID=1002").fields())
                .containsEntry("event.action", "group_created").containsEntry("group.name", "ops");
        assertThat(auth("userdel[1]", "delete user 'eve'").fields()).containsEntry("event.action", "user_deleted")
                .containsEntry("user.name", "eve");
        assertThat(auth("passwd[1]", "pam_unix(passwd:chauthtok): password changed for eve").fields())
                .containsEntry("event.action", "password_changed").containsEntry("user.name", "eve");
    }

    @Test
    void faillockLockouts() {
        assertThat(auth("sshd[2]", "pam_faillock(sshd:auth): Consecutive login failures for user root account temporarily locked").fields())
                .containsEntry("event.action", "account_locked").containsEntry("user.name", "root");
    }

    @Test
    void otherAuthFacilityProgramsAreAuthEvents() {
        Event e = Decoding.decode("<38>Nov 27 10:15:30 host1 polkitd[901]: Registered Authentication Agent for unix-process:1");
        assertThat(e.fields()).containsEntry("event.dataset", "system.auth");
        Event daemon = Decoding.decode("<30>Nov 27 10:15:30 host1 systemd[1]: Started Session 4 of user ops.");
        assertThat(daemon.fields()).containsEntry("event.dataset", "system.syslog");
    }

    @Test
    void authLinesFromFilesWithoutPri() {
        Event e = Decoding.decode("Nov 27 10:15:30 host1 sshd[24301]: Failed password for root from 203.0.113.45 port 51234 ssh2");
        assertThat(e.fields()).containsEntry("event.action", "ssh_login").containsEntry("host.name", "host1")
                .doesNotContainKey("log.syslog.priority");
    }
}
