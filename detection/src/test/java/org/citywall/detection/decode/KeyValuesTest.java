package org.citywall.detection.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How key=value records are split: the separator is chosen per record, by what precedes most keys. */
class KeyValuesTest {

    @ParameterizedTest(name = "''{1}'' <- {0}")
    @CsvSource(delimiter = '#', quoteCharacter = '`', value = {
        "srcip=1.2.3.4 dstip=5.6.7.8 action=deny #` `",
        "IPVer=4,Protocol=tcp,SourceIP=10.1.1.5,DestinationIP=203.0.113.9 #,",
        "Task=VT0, Ip=10.1.1.1, User=admin #,",
        "Protocol(1001)=TCP;SrcIPAddr(1003)=10.1.1.1;SrcPort(1004)=1; #;",
        "msg=\"a, b=c\" x=1 y=2 #` `",
        "single=pair #` `",
    })
    void separatorIsWhatPrecedesMostKeys(String record, char expected) {
        assertThat(KeyValues.separator(record, 0, record.length())).isEqualTo(expected);
    }

    @Test
    void delimitedPiecesWithoutAnEqualsSignContinueTheValue() {
        assertThat(pairs("FailedReason=Wrong password, please retry,UserName=x", ','))
                .containsExactly("FailedReason=Wrong password, please retry", "UserName=x");
    }

    @Test
    void fieldCodesLeaveKeysAndQuotedValuesKeepTheirSeparators() {
        assertThat(pairs("SrcIPAddr(1003)=10.1.1.1; Event(1048)=(8)Session created;Note=\"a;b\";", ';'))
                .containsExactly("SrcIPAddr=10.1.1.1", "Event=(8)Session created", "Note=a;b");
    }

    private static List<String> pairs(String s, char sep) {
        List<String> out = new ArrayList<>();
        KeyValues.scan(s, 0, s.length(), sep, (key, value, quoted) -> out.add(key + "=" + value));
        return out;
    }
}
