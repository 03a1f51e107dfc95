package org.citywall.event;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** The Elasticsearch composable index templates CityWall installs before it writes. */
public final class IndexTemplates {
    private IndexTemplates() {}

    /** Template name → template body (JSON), in the order they should be installed. */
    public static Map<String, String> all() {
        Map<String, String> m = new LinkedHashMap<>();
        for (String name : new String[] {"citywall-alerts", "citywall-events", "citywall-audit"}) {
            m.put(name, load(name));
        }
        return m;
    }

    private static String load(String name) {
        String path = "templates/" + name + ".json";
        try (InputStream in = IndexTemplates.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("index template resource missing: " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
