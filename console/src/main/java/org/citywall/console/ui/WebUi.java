package org.citywall.console.ui;

import io.javalin.config.JavalinConfig;
import io.javalin.http.staticfiles.Location;
import java.util.Map;
import java.util.Set;
import org.citywall.console.api.Access;

/**
 * Serves the web UI: the files the npm build (Vite) wrote under {@value #CLASSPATH_DIRECTORY} on
 * the classpath, at {@code /}. The UI routes in the URL fragment ({@code /#/alerts}), so no
 * server-side fallback page exists and unknown paths stay 404. Scripts and styles are files of
 * the same origin only, as the Content-Security-Policy requires.
 */
public final class WebUi {
    /** Where the built UI is on the classpath. */
    public static final String CLASSPATH_DIRECTORY = "/citywall-ui";

    private WebUi() {}

    /** Adds the static files to the server's configuration. */
    public static void install(JavalinConfig c) {
        c.staticFiles.add(sf -> {
            sf.hostedPath = "/";
            sf.directory = CLASSPATH_DIRECTORY;
            sf.location = Location.CLASSPATH;
            sf.roles = Set.of(Access.open());
            sf.headers = Map.of("Cache-Control", "no-cache");
        });
    }

    /** Whether the built UI is on the classpath (it is not when the npm build was skipped). */
    public static boolean present() {
        return WebUi.class.getResource(CLASSPATH_DIRECTORY + "/index.html") != null;
    }
}
