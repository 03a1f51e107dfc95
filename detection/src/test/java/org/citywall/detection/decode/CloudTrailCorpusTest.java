package org.citywall.detection.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.citywall.event.Event;
import org.citywall.event.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every CloudTrail record of Panther's rule tests (panther-labs/panther-analysis, Apache-2.0, read
 * at test time from {@code <citywall.shared>/data/cloudtrail}, licence beside it) decodes, both
 * auto-detected and with the format fixed, with every leaf value reachable under
 * {@code aws.cloudtrail.<path>} and the ECS fields CloudTrail rules need.
 */
class CloudTrailCorpusTest {

    static List<Map<String, Object>> corpus() throws IOException {
        String shared = System.getProperty("citywall.shared");
        if (shared == null) {
            fail("system property citywall.shared is not set");
        }
        Path dir = Path.of(shared, "data", "cloudtrail");
        assertThat(dir.resolve("LICENSE.txt")).exists();
        List<Map<String, Object>> out = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("aws_cloudtrail_rules_tests.jsonl"))) {
            out.add(Json.readObject(line));
        }
        return out;
    }

    static Stream<Arguments> records() throws IOException {
        List<Arguments> args = new ArrayList<>();
        int i = 0;
        for (Map<String, Object> c : corpus()) {
            i++;
            if (c.get("log") != null) {
                args.add(Arguments.of(i + ": " + c.get("rule_id") + " / " + c.get("test_name"), c.get("log")));
            }
        }
        return args.stream();
    }

    @Test
    void theCorpusHas464CasesOfWhichThreeHaveNoRecord() throws IOException {
        List<Map<String, Object>> all = corpus();
        assertThat(all).hasSize(464);
        assertThat(all.stream().filter(c -> c.get("log") == null)).hasSize(3);
        // a null "record" is not CloudTrail: it is kept as a decode failure, not lost
        Event e = Decoding.decode(Format.CLOUDTRAIL, "null");
        assertThat(e.hasTag(EventDecoder.TAG_DECODE_FAILURE)).isTrue();
        assertThat(e.getString("event.original")).isEqualTo("null");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("records")
    @SuppressWarnings("unchecked")
    void decodesWithEveryLeafReachable(String name, Map<String, Object> record) {
        String line = Json.write(record);
        for (Format format : new Format[] {Format.AUTO, Format.CLOUDTRAIL, Format.JSON}) {
            Event e = Decoding.decode(format, line);
            assertThat(e.fields()).as(format.id()).containsEntry("event.module", "aws")
                    .containsEntry("event.dataset", "aws.cloudtrail").containsEntry("cloud.provider", "aws")
                    .containsKey("event.outcome").doesNotContainKey("error.type");
            String eventName = (String) caseInsensitive(record, "eventName");
            assertThat(e.getString("event.action")).isEqualTo(eventName);
            assertThat(e.getString("aws.cloudtrail.eventName")).isEqualTo(eventName);
            Object source = caseInsensitive(record, "eventSource");
            if (source != null) {
                assertThat(e.getString("event.provider")).isEqualTo(source);
            }
            Object errorCode = caseInsensitive(record, "errorCode");
            if (errorCode != null) {
                assertThat(e.getString("event.outcome")).isEqualTo("failure");
            }
            assertLeaves(record, "aws.cloudtrail", e, true);
        }
    }

    /** Every scalar of the record appears at its dotted path (top-level and userIdentity keys in CloudTrail's spelling). */
    @SuppressWarnings("unchecked")
    static void assertLeaves(Object value, String path, Event e, boolean top) {
        if (value instanceof Map<?, ?> m) {
            for (Map.Entry<String, Object> entry : ((Map<String, Object>) m).entrySet()) {
                String key = entry.getKey();
                if (top || path.startsWith("aws.cloudtrail.userIdentity")) {
                    key = canonical(key);
                }
                assertLeaves(entry.getValue(), path + "." + key, e, false);
            }
        } else if (value instanceof List<?> l) {
            for (Object element : l) {
                assertLeaves(element, path, e, false);
            }
        } else if (value != null) {
            Object actual = e.get(path);
            assertThat(actual).as(path).isNotNull();
            Object expected = value instanceof Integer i ? (Object) i.longValue() : value;
            if (actual instanceof List<?> list) {
                assertThat((List<Object>) list).as(path).contains(expected);
            } else {
                assertThat(actual).as(path).isEqualTo(expected);
            }
        }
    }

    static final List<String> CANONICAL = List.of("eventVersion", "userIdentity", "eventTime", "eventSource", "eventName",
            "awsRegion", "sourceIPAddress", "userAgent", "errorCode", "errorMessage", "requestParameters",
            "responseElements", "additionalEventData", "requestID", "eventID", "readOnly", "resources", "eventType",
            "apiVersion", "managementEvent", "recipientAccountId", "eventCategory", "type", "principalId", "arn",
            "accountId", "accessKeyId", "userName", "sessionContext", "invokedBy", "attributes", "sessionIssuer",
            "creationDate", "mfaAuthenticated", "webIdFederationData", "sourceIdentity");

    static String canonical(String key) {
        for (String c : CANONICAL) {
            if (c.equalsIgnoreCase(key)) {
                return c;
            }
        }
        return key;
    }

    static Object caseInsensitive(Map<String, Object> record, String key) {
        for (Map.Entry<String, Object> e : record.entrySet()) {
            if (e.getKey().toLowerCase(Locale.ROOT).equals(key.toLowerCase(Locale.ROOT))) {
                return e.getValue();
            }
        }
        return null;
    }

    @Test
    void ecsFieldsOfATypicalRecord() {
        Event e = Decoding.decode("{\"eventVersion\":\"1.08\",\"userIdentity\":{\"type\":\"AssumedRole\",\"principalId\":\"AROA:tester@example.com\","
                + "\"arn\":\"arn:aws:sts::123456789012:assumed-role/ops/tester@example.com\",\"accountId\":\"123456789012\"},"
                + "\"eventTime\":\"2026-11-27T02:15:30Z\",\"eventSource\":\"ec2.amazonaws.com\",\"eventName\":\"AuthorizeSecurityGroupIngress\","
                + "\"awsRegion\":\"cn-north-1\",\"sourceIPAddress\":\"203.0.113.7\",\"userAgent\":\"aws-cli/2\",\"requestParameters\":{\"ipPermissions\":"
                + "{\"items\":[{\"ipRanges\":{\"items\":[{\"cidrIp\":\"0.0.0.0/0\"},{\"cidrIp\":\"10.0.0.0/8\"}]}}]}}}");
        assertThat(e.fields()).containsEntry("cloud.account.id", "123456789012").containsEntry("cloud.region", "cn-north-1")
                .containsEntry("source.ip", "203.0.113.7").containsEntry("user.name", "tester@example.com")
                .containsEntry("user_agent.original", "aws-cli/2").containsEntry("@timestamp", "2026-11-27T02:15:30Z")
                .containsEntry("event.outcome", "success")
                .containsEntry("aws.cloudtrail.requestParameters.ipPermissions.items.ipRanges.items.cidrIp", List.of("0.0.0.0/0", "10.0.0.0/8"));
    }

    @Test
    void lowerCasedExportsAreRestoredAndServiceSourcesAreNotIps() {
        Event e = Decoding.decode("{\"eventname\":\"ConsoleLogin\",\"eventsource\":\"signin.amazonaws.com\",\"eventtime\":\"2023-01-10 21:04:02\","
                + "\"useridentity\":{\"type\":\"Root\",\"accountid\":\"111122223333\"},\"sourceipaddress\":\"AWS Internal\","
                + "\"responseelements\":{\"ConsoleLogin\":\"Failure\"}}");
        assertThat(e.fields()).containsEntry("aws.cloudtrail.eventName", "ConsoleLogin")
                .containsEntry("aws.cloudtrail.userIdentity.accountId", "111122223333").containsEntry("user.name", "root")
                .containsEntry("event.outcome", "failure").containsEntry("@timestamp", "2023-01-10T21:04:02Z")
                .containsEntry("source.address", "AWS Internal").doesNotContainKey("source.ip")
                .containsEntry("event.category", List.of("authentication"));
    }
}
