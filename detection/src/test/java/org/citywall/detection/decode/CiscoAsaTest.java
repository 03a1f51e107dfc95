package org.citywall.detection.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.citywall.event.Event;
import org.junit.jupiter.api.Test;

/** Cisco ASA connection, denial and login messages to ECS; the initiator is always the source. */
class CiscoAsaTest {

    private static Event asa(String body) {
        return Decoding.decode("<166>Nov 29 2026 10:15:30 fw01 : %" + body);
    }

    @Test
    void inboundTcpConnectionBuiltNamesTheInitiatorFirst() {
        Event e = asa("ASA-6-302013: Built inbound TCP connection 991727 for outside:198.51.100.4/56310 (198.51.100.4/56310) to dmz:10.0.5.1/443 (203.0.113.10/443)");
        assertThat(e.fields()).containsEntry("event.dataset", "firewall.log").containsEntry("source.ip", "198.51.100.4")
                .containsEntry("source.port", 56310L).containsEntry("destination.ip", "10.0.5.1")
                .containsEntry("destination.port", 443L).containsEntry("network.transport", "tcp")
                .containsEntry("network.direction", "inbound").containsEntry("event.action", "session_start")
                .containsEntry("event.outcome", "success").containsEntry("observer.ingress.interface.name", "outside")
                .containsEntry("observer.egress.interface.name", "dmz").containsEntry("observer.vendor", "Cisco")
                .containsEntry("event.code", "ASA-6-302013").containsEntry("host.name", "fw01");
    }

    @Test
    void outboundConnectionsNameTheResponderFirst() {
        Event e = Decoding.decode("<166>%ASA-6-302015: Built outbound UDP connection 12 for outside:8.8.8.8/53 (8.8.8.8/53) to inside:10.0.0.5/51234 (203.0.113.2/40000)");
        assertThat(e.fields()).containsEntry("source.ip", "10.0.0.5").containsEntry("source.port", 51234L)
                .containsEntry("destination.ip", "8.8.8.8").containsEntry("destination.port", 53L)
                .containsEntry("network.transport", "udp").containsEntry("network.direction", "outbound");
    }

    @Test
    void teardownsCountBytesAndKeepTheReason() {
        Event tcp = asa("ASA-6-302014: Teardown TCP connection 991727 for outside:198.51.100.4/56310 to dmz:10.0.5.1/443 duration 0:00:05 bytes 4504 TCP FINs");
        assertThat(tcp.fields()).containsEntry("event.action", "session_end").containsEntry("network.bytes", 4504L)
                .containsEntry("event.reason", "TCP FINs").containsEntry("source.ip", "198.51.100.4")
                .containsEntry("destination.port", 443L).containsEntry("event.type", List.of("connection", "end"));
        Event udp = asa("ASA-6-302016: Teardown UDP connection 12 for outside:2001:db8::8/53 to inside:2001:db8::5/51234 duration 0:02:01 bytes 130");
        assertThat(udp.fields()).containsEntry("source.ip", "2001:db8::8").containsEntry("destination.ip", "2001:db8::5")
                .containsEntry("network.transport", "udp").doesNotContainKey("event.reason");
    }

    @Test
    void accessListDenials() {
        Event e = asa("ASA-4-106023: Deny tcp src outside:198.51.100.1/4444 dst inside:10.0.0.5/22 by access-group \"outside_access_in\" [0x0, 0x0]");
        assertThat(e.fields()).containsEntry("event.action", "deny").containsEntry("event.outcome", "failure")
                .containsEntry("source.ip", "198.51.100.1").containsEntry("source.port", 4444L)
                .containsEntry("destination.ip", "10.0.0.5").containsEntry("destination.port", 22L)
                .containsEntry("network.transport", "tcp").containsEntry("rule.name", "outside_access_in");
        Event icmp = asa("ASA-4-106023: Deny icmp src outside:198.51.100.1 dst inside:10.0.0.5 (type 8, code 0) by access-group \"acl\" [0x0, 0x0]");
        assertThat(icmp.fields()).containsEntry("network.transport", "icmp").containsEntry("destination.ip", "10.0.0.5")
                .doesNotContainKey("destination.port");
    }

    @Test
    void denialsWithoutAnAccessList() {
        Event inbound = asa("ASA-2-106001: Inbound TCP connection denied from 198.51.100.2/1234 to 10.0.0.5/23 flags SYN on interface outside");
        assertThat(inbound.fields()).containsEntry("event.action", "deny").containsEntry("source.ip", "198.51.100.2")
                .containsEntry("destination.port", 23L).containsEntry("network.transport", "tcp");
        Event udp = asa("ASA-2-106006: Deny inbound UDP from 198.51.100.3/5000 to 10.0.0.5/161 on interface outside");
        assertThat(udp.fields()).containsEntry("network.transport", "udp").containsEntry("source.port", 5000L)
                .containsEntry("destination.ip", "10.0.0.5");
        Event noConnection = asa("ASA-6-106015: Deny TCP (no connection) from 10.2.64.151/56308 to 10.159.11.1/443 flags RST on interface pt");
        assertThat(noConnection.fields()).containsEntry("source.ip", "10.2.64.151").containsEntry("destination.port", 443L)
                .containsEntry("event.outcome", "failure");
    }

    @Test
    void aaaAuthenticationNamesTheUserAndItsAddress() {
        Event ok = asa("ASA-6-113004: AAA user authentication Successful : server = 10.1.1.2 : user = alice");
        assertThat(ok.fields()).containsEntry("event.dataset", "system.auth").containsEntry("event.action", "aaa_authentication")
                .containsEntry("event.outcome", "success").containsEntry("user.name", "alice")
                .containsEntry("event.category", List.of("authentication")).containsEntry("cisco.asa.aaa.server", "10.1.1.2");
        Event rejected = asa("ASA-2-113005: AAA user authentication Rejected : reason = AAA failure : server = 10.1.1.2 : user = admin : user IP = 198.51.100.6");
        assertThat(rejected.fields()).containsEntry("event.outcome", "failure").containsEntry("user.name", "admin")
                .containsEntry("source.ip", "198.51.100.6").containsEntry("event.reason", "AAA failure");
        Event local = asa("ASA-2-113015: AAA user authentication Rejected : reason = Invalid password : local database : user = bob : user IP = 198.51.100.7");
        assertThat(local.fields()).containsEntry("user.name", "bob").containsEntry("source.ip", "198.51.100.7");
    }

    @Test
    void managementLoginsOverSshCountLikeServerLogins() {
        Event denied = asa("ASA-6-605004: Login denied from 198.51.100.9/51515 to outside:203.0.113.1/ssh for user \"admin\"");
        assertThat(denied.fields()).containsEntry("event.action", "ssh_login").containsEntry("event.outcome", "failure")
                .containsEntry("user.name", "admin").containsEntry("source.ip", "198.51.100.9")
                .containsEntry("source.port", 51515L).containsEntry("destination.ip", "203.0.113.1")
                .containsEntry("event.category", List.of("authentication"));
        Event permitted = asa("ASA-6-605005: Login permitted from 10.0.0.9/51516 to inside:10.0.0.1/https for user \"ops\"");
        assertThat(permitted.fields()).containsEntry("event.action", "http_login").containsEntry("event.outcome", "success")
                .containsEntry("user.name", "ops");
    }

    @Test
    void unknownOrTruncatedMessagesStayPlainSyslog() {
        Event truncated = asa("ASA-6-302013: Built inbound TCP connection 1 for");
        assertThat(truncated.fields()).containsEntry("event.dataset", "system.syslog").doesNotContainKey("source.ip")
                .doesNotContainKey("error.type");
        Event other = asa("ASA-5-111008: User 'enable_15' executed the 'write memory' command.");
        assertThat(other.fields()).containsEntry("event.dataset", "system.syslog").doesNotContainKey("observer.vendor");
    }
}
