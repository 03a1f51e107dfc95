package org.citywall.detection.intel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.citywall.event.Event;
import org.junit.jupiter.api.Test;

/** Indicator lists from CSV and STIX 2.1, matched against the ECS fields of each kind of value. */
class IndicatorSetTest {

    private static final String CSV = """
            type,value,description
            # addresses and networks
            ip,203.0.113.9,known scanner
            cidr,198.51.100.0/24,bulletproof hosting
            ipv6,2001:db8:bad::/48,"v6 range, hostile"
            domain,evil.example,phishing
            url,HTTP://Download.Example:80/payload.sh,dropper
            sha256,9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08,miner
            md5,d41d8cd98f00b204e9800998ecf8427e,empty file
            bogus,1.2.3.4,x
            ip,999.1.1.1,x
            sha1,abc,x
            """;

    private static final String STIX = """
            {"type":"bundle","id":"bundle--1","objects":[
              {"type":"identity","id":"identity--1","name":"CERT"},
              {"type":"indicator","spec_version":"2.1","id":"indicator--a","name":"C2 servers","pattern_type":"stix",
               "pattern":"[ipv4-addr:value = '192.0.2.77' OR ipv4-addr:value = '192.0.2.128/25']"},
              {"type":"indicator","spec_version":"2.1","id":"indicator--b","name":"Loader","pattern_type":"stix",
               "pattern":"[file:hashes.'SHA-1' = 'a94a8fe5ccb19ba61c4c0873d391e987982fbbd3'] OR [domain-name:value = 'c2.example.net']"},
              {"type":"indicator","spec_version":"2.1","id":"indicator--c","pattern_type":"stix",
               "pattern":"[ipv4-addr:value = '192.0.2.1' AND network-traffic:dst_port = 443]"},
              {"type":"indicator","spec_version":"2.1","id":"indicator--d","pattern_type":"snort","pattern":"alert tcp any any"},
              {"type":"indicator","spec_version":"2.1","id":"indicator--e","revoked":true,"pattern_type":"stix",
               "pattern":"[ipv4-addr:value = '192.0.2.20']"},
              {"type":"indicator","spec_version":"2.1","id":"indicator--f","pattern_type":"stix","valid_from":"2020-01-01T00:00:00Z",
               "valid_until":"2021-01-01T00:00:00Z","pattern":"[ipv4-addr:value = '192.0.2.21']"},
              {"type":"indicator","spec_version":"2.1","id":"indicator--g","pattern_type":"stix","valid_from":"2999-01-01T00:00:00Z",
               "pattern":"[ipv4-addr:value = '192.0.2.22']"},
              {"type":"indicator","spec_version":"2.1","id":"indicator--h","pattern_type":"stix","valid_from":"2020-01-01T00:00:00Z",
               "valid_until":"2999-01-01T00:00:00.000Z","pattern":"[ipv4-addr:value = '192.0.2.23']"},
              {"type":"indicator","spec_version":"2.1","id":"indicator--i","pattern_type":"stix","valid_until":"next tuesday",
               "pattern":"[ipv4-addr:value = '192.0.2.24']"}
            ]}
            """;

    private static IndicatorLoader loader() {
        return new IndicatorLoader().addCsv("iocs.csv", CSV).addStixBundle("feed.json", STIX);
    }

    private static IndicatorSet set() {
        return loader().build("v1");
    }

    @Test
    void everyUnusableLineIsReportedWithItsPlace() {
        assertThat(loader().problems()).containsExactly(
                "iocs.csv:10: unknown indicator type 'bogus'",
                "iocs.csv:11: not an IP network: '999.1.1.1'",
                "iocs.csv:12: 'abc' is not a sha1 hash (40 hex digits)",
                "feed.json:indicator--c: unsupported comparison 'ipv4-addr:value = '192.0.2.1' AND network-traffic:dst_port = 443'"
                        + " (only object:path = 'value')",
                "feed.json:indicator--d: pattern_type 'snort' is not supported (only stix)",
                "feed.json:indicator--i: valid_until 'next tuesday' is not an RFC 3339 timestamp");
    }

    @Test
    void addressesMatchExactlyAndByNetwork() {
        IndicatorSet s = set();
        assertThat(s.match(new Event().put("source.ip", "203.0.113.9"))).singleElement()
                .satisfies(m -> assertThat(m.indicator().description()).isEqualTo("known scanner"));
        assertThat(s.match(new Event().put("destination.ip", "198.51.100.42"))).singleElement()
                .satisfies(m -> assertThat(m.field()).isEqualTo("destination.ip"));
        assertThat(s.match(new Event().put("source.ip", "2001:db8:bad:1::7"))).hasSize(1);
        assertThat(s.match(new Event().put("source.ip", "::ffff:203.0.113.9"))).as("IPv4-mapped").hasSize(1);
        assertThat(s.match(new Event().put("source.ip", "203.0.113.10"))).isEmpty();
        assertThat(s.match(new Event().put("user.name", "203.0.113.9"))).as("not an address field").isEmpty();
    }

    @Test
    void stixIndicatorsMatchAndRevokedOrExpiredOnesAreIgnored() {
        IndicatorSet s = set();
        assertThat(s.match(new Event().put("destination.ip", "192.0.2.77"))).hasSize(1);
        assertThat(s.match(new Event().put("destination.ip", "192.0.2.130"))).hasSize(1);
        assertThat(s.match(new Event().put("destination.ip", "192.0.2.20"))).isEmpty();
        assertThat(s.match(new Event().put("destination.ip", "192.0.2.21"))).as("expired").isEmpty();
        assertThat(s.match(new Event().put("destination.ip", "192.0.2.22"))).as("not yet valid").isEmpty();
        assertThat(s.match(new Event().put("destination.ip", "192.0.2.23"))).as("within its validity").hasSize(1);
        assertThat(s.match(new Event().put("file.hash.sha1", "A94A8FE5CCB19BA61C4C0873D391E987982FBBD3")))
                .singleElement().satisfies(m -> assertThat(m.indicator().source()).isEqualTo("feed.json:indicator--b"));
        assertThat(s.match(new Event().put("dns.question.name", "c2.example.net."))).hasSize(1);
    }

    @Test
    void domainsCoverTheirSubdomainsAndUrlHosts() {
        IndicatorSet s = set();
        assertThat(s.match(new Event().put("url.domain", "login.evil.example"))).hasSize(1);
        assertThat(s.match(new Event().put("url.domain", "notevil.example"))).isEmpty();
        assertThat(s.match(new Event().put("url.original", "https://cdn.evil.example/x.js"))).hasSize(1);
    }

    @Test
    void urlsMatchAfterNormalisation() {
        IndicatorSet s = set();
        assertThat(s.match(new Event().put("url.full", "http://download.example/payload.sh"))).hasSize(1);
        assertThat(s.match(new Event().put("url.full", "http://download.example/other.sh"))).isEmpty();
    }

    @Test
    void hashesMatchInAnyCaseInTheirOwnFields() {
        IndicatorSet s = set();
        assertThat(s.match(new Event().put("file.hash.sha256",
                "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"))).hasSize(1);
        assertThat(s.match(new Event().put("process.hash.md5", "D41D8CD98F00B204E9800998ECF8427E"))).hasSize(1);
        assertThat(s.match(new Event().put("file.hash.sha1", "d41d8cd98f00b204e9800998ecf8427e"))).isEmpty();
    }

    @Test
    void listValuedFieldsAreSearchedElementByElement() {
        assertThat(set().match(new Event().put("related.ip", List.of("10.0.0.1", "198.51.100.3")))).hasSize(1);
    }

    @Test
    void anEmptySetMatchesNothing() {
        assertThat(IndicatorSet.empty().match(new Event().put("source.ip", "203.0.113.9"))).isEmpty();
        assertThat(set().size()).as("7 from CSV, 5 from STIX (one within its validity)").isEqualTo(12);
    }
}
