package org.citywall.detection.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.citywall.event.Event;
import org.junit.jupiter.api.Test;

/** Huawei USG/Eudemon and H3C SecPath session and policy logs: syslog bodies to ECS connection fields. */
class NetworkDeviceLogsTest {

    @Test
    void huaweiSessionTeardownIsAnEndedConnection() {
        Event e = Decoding.decode("<188>Nov 29 2026 09:30:01 USG6000 %%01SECLOG/6/SESSION_TEARDOWN(l):IPVer=4,Protocol=tcp,SourceIP=10.1.1.5,DestinationIP=203.0.113.9,SourcePort=51234,DestinationPort=443,BeginTime=1796030000,EndTime=1796030001,SourceVpnID=0,DestinationVpnID=0,SourceZone=trust,DestinationZone=untrust,PolicyName=default,CloseReason=aged-out.");
        assertThat(e.fields()).containsEntry("event.module", "firewall").containsEntry("event.dataset", "firewall.log")
                .containsEntry("source.ip", "10.1.1.5").containsEntry("destination.ip", "203.0.113.9")
                .containsEntry("source.port", 51234L).containsEntry("destination.port", 443L)
                .containsEntry("network.transport", "tcp").containsEntry("event.action", "session_end")
                .containsEntry("event.outcome", "success").containsEntry("event.type", List.of("connection", "end"))
                .containsEntry("rule.name", "default").containsEntry("observer.vendor", "Huawei")
                .containsEntry("huawei.SourceZone", "trust").containsEntry("huawei.CloseReason", "aged-out")
                .containsEntry("event.code", "01SECLOG/6/SESSION_TEARDOWN(l)").containsEntry("host.name", "USG6000")
                .doesNotContainKey("firewall.SourceIP");
    }

    @Test
    void huaweiSessionBuiltWithBlanksAfterTheCommasIsAStartedConnection() {
        Event e = Decoding.decode("<190>Nov 29 2026 10:21:48 USG6000E %%01SECLOG/6/SESSION_BUILT(l):IPVer=4,Protocol=udp,SourceIP=10.1.1.1, DestinationIP=10.1.1.2,SourcePort=5353,DestinationPort=53,BeginTime=1796033000,SourceVpnID=0,DestinationVpnID=0.");
        assertThat(e.fields()).containsEntry("source.ip", "10.1.1.1").containsEntry("destination.ip", "10.1.1.2")
                .containsEntry("destination.port", 53L).containsEntry("network.transport", "udp")
                .containsEntry("event.action", "session_start").containsEntry("huawei.DestinationVpnID", "0");
    }

    @Test
    void huaweiPolicyAndPacketDenialsAreFailedConnections() {
        Event policy = Decoding.decode("<188>Nov 29 2026 10:00:00 USG6000 %%01POLICY/6/POLICYDENY(l):vsys=public, protocol=6, source-ip=198.51.100.7, source-port=40000, destination-ip=10.2.2.2, destination-port=3389, time=2026/11/29 10:00:00, source-zone=untrust, destination-zone=trust, rule-name=deny-rdp.");
        assertThat(policy.fields()).containsEntry("source.ip", "198.51.100.7").containsEntry("destination.port", 3389L)
                .containsEntry("network.transport", "tcp").containsEntry("event.action", "deny")
                .containsEntry("event.outcome", "failure").containsEntry("event.type", List.of("connection", "denied"))
                .containsEntry("rule.name", "deny-rdp").containsEntry("huawei.time", "2026/11/29 10:00:00");
        Event packet = Decoding.decode("<188>Nov 29 2026 10:00:00 USG6000 %%01SECLOG/4/PACKET_DENY(l):IPVer=4,Protocol=udp,SourceIP=198.51.100.8,DestinationIP=10.2.2.3,SourcePort=123,DestinationPort=161,PolicyName=default");
        assertThat(packet.fields()).containsEntry("event.action", "deny").containsEntry("source.ip", "198.51.100.8")
                .containsEntry("destination.port", 161L);
    }

    @Test
    void h3cSessionLogDropsFieldCodesAndKeepsNatAddressesUnderTheVendor() {
        Event e = Decoding.decode("<190>Nov 29 10:30:00 2026 SecPath %%10SESSION/6/SESSION_IPV4_FLOW: Protocol(1001)=TCP;Application(1002)=SSH;SrcIPAddr(1003)=10.1.1.1;SrcPort(1004)=51234;NatSrcIPAddr(1005)=203.0.113.1;NatSrcPort(1006)=2048;DstIPAddr(1007)=10.2.2.2;DstPort(1008)=22;NatDstIPAddr(1009)=10.2.2.2;NatDstPort(1010)=22;InitPktCount(1044)=1;RcvVPNInstance(1042)=;BeginTime_e(1013)=11292026103000;EndTime_e(1014)=;Event(1048)=(8)Session created;");
        assertThat(e.fields()).containsEntry("event.dataset", "firewall.log").containsEntry("source.ip", "10.1.1.1")
                .containsEntry("source.port", 51234L).containsEntry("destination.ip", "10.2.2.2")
                .containsEntry("destination.port", 22L).containsEntry("network.transport", "tcp")
                .containsEntry("event.action", "session_start").containsEntry("event.outcome", "success")
                .containsEntry("h3c.NatSrcIPAddr", "203.0.113.1").containsEntry("h3c.Application", "SSH")
                .containsEntry("h3c.Event", "(8)Session created").containsEntry("observer.vendor", "H3C")
                .doesNotContainKey("h3c.RcvVPNInstance").doesNotContainKey("h3c.SrcIPAddr(1003)");
    }

    @Test
    void h3cSessionEndsAndDenialsNameTheirAction() {
        Event aged = Decoding.decode("<190>Nov 29 10:31:00 2026 SecPath %%10SESSION/6/SESSION_IPV4_FLOW: Protocol(1001)=UDP;SrcIPAddr(1003)=10.1.1.1;SrcPort(1004)=5000;DstIPAddr(1007)=10.2.2.2;DstPort(1008)=53;Event(1048)=(2)Aged for timeout;");
        assertThat(aged.fields()).containsEntry("event.action", "session_end").containsEntry("network.transport", "udp");
        Event denied = Decoding.decode("<188>Nov 29 10:31:00 2026 SecPath %%10FILTER/6/FILTER_ZONE_IPV4_EXECUTION: SrcZoneName(1025)=Untrust;DstZoneName(1035)=Trust;Type(1067)=ACL;SecurityPolicy(1072)=block-ssh;RuleID(1078)=5;Protocol(1001)=TCP;SrcIPAddr(1003)=198.51.100.9;SrcPort(1004)=40001;DstIPAddr(1007)=10.2.2.2;DstPort(1008)=22;MatchCount(1069)=1;Event(1048)=(6)Deny;");
        assertThat(denied.fields()).containsEntry("event.action", "deny").containsEntry("event.outcome", "failure")
                .containsEntry("source.ip", "198.51.100.9").containsEntry("h3c.SecurityPolicy", "block-ssh");
    }

    @Test
    void keyValueListsThatAreNotConnectionsStayUnderTheVendor() {
        Event e = Decoding.decode("<190>Nov 29 2026 10:00:00 USG6000 %%01IPS/4/EXCEPTION(l):The packet matched an exception IPS signature. (SyslogId=1, SrcIp=198.51.100.7, Profile=default, SignName=\"Some, Signature\", Action=Alert)");
        assertThat(e.fields()).containsEntry("huawei.SignName", "Some, Signature").containsEntry("huawei.Profile", "default")
                .containsEntry("huawei.SrcIp", "198.51.100.7").doesNotContainKey("destination.ip");
    }

    @Test
    void truncatedDeviceBodiesKeepTheEventAsSyslog() {
        Event e = Decoding.decode("<188>Nov 29 2026 09:30:01 USG6000 %%01SECLOG/6/SESSION_TEARDOWN(l):IPVer=4,Protocol=tcp,SourceIP=10.1.");
        assertThat(e.fields()).containsEntry("huawei.SourceIP", "10.1").doesNotContainKey("source.ip")
                .doesNotContainKey("error.type").containsKey("event.original");
        Event prose = Decoding.decode("<188>Nov 29 2026 09:30:01 USG6000 %%01SECLOG/6/SESSION_TEARDOWN(l):");
        assertThat(prose.fields()).containsEntry("event.dataset", "system.syslog").doesNotContainKey("error.type");
    }
}
