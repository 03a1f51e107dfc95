package org.citywall.detection.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Auto-detection picks the codec from the first bytes. */
class FormatSnifferTest {

    @ParameterizedTest(name = "{1} <- {0}")
    @CsvSource(delimiter = '#', quoteCharacter = '`', value = {
        "<34>1 2003-10-11T22:14:15.003Z host su - ID47 - msg # RFC5424",
        "<34>Oct 11 22:14:15 host su: msg # RFC3164",
        "<34>10:15:30 host app: no month # RFC3164",
        "Oct 11 22:14:15 host su: msg # RFC3164",
        "*Mar  1 00:43:47.935: %SYS-5-CONFIG_I: x # RFC3164",
        "2026-11-27T10:15:30+08:00 host app: x # RFC3164",
        "{\"a\":1} # JSON",
        "\uFEFF{\"a\":1} # JSON",
        "CEF:0|a|b|c|d|e|1| # CEF",
        "type=SYSCALL msg=audit(1.2:3): x=1 # AUDITD",
        "node=h type=SYSCALL msg=audit(1.2:3): x=1 # AUDITD",
        "1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.0\" 200 1 # NGINX",
        "IN=eth0 OUT= SRC=1.2.3.4 DST=5.6.7.8 # FIREWALL",
        "srcip=1.2.3.4 dstip=5.6.7.8 action=deny # FIREWALL",
        "Protocol(1001)=TCP;SrcIPAddr(1003)=1.2.3.4;DstIPAddr(1007)=5.6.7.8; # FIREWALL",
        "2 123456789012 eni-1 1.2.3.4 5.6.7.8 1 2 6 1 1 1 2 ACCEPT OK # VPCFLOW",
        "hello world # PLAIN",
        "`` # PLAIN",
    })
    void recognises(String line, Format expected) {
        assertThat(FormatSniffer.sniff(line.getBytes(StandardCharsets.UTF_8))).isEqualTo(expected);
    }
}
