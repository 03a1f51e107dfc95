package org.elasticsearch.node;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.plugins.ClasspathPluginsService;
import org.elasticsearch.plugins.Plugin;
import org.elasticsearch.plugins.PluginsService;

/**
 * An Elasticsearch node whose plugins are classes on the classpath.
 *
 * <p>Lives in Elasticsearch's package because {@code NodeConstruction.prepareConstruction} and
 * {@code NodeServiceProvider} are package-private; the public {@code Node(Environment)} constructor
 * only loads plugins from an installed distribution's directories.
 */
public final class ClasspathNode extends Node {

    public ClasspathNode(Environment environment, List<Class<? extends Plugin>> plugins) {
        super(NodeConstruction.prepareConstruction(environment, new ClasspathServices(plugins), true));
    }

    private static final class ClasspathServices extends NodeServiceProvider {
        private final List<Class<? extends Plugin>> plugins;

        ClasspathServices(List<Class<? extends Plugin>> plugins) {
            this.plugins = plugins;
        }

        @Override
        PluginsService newPluginService(Environment environment, Settings settings) {
            try {
                Path empty = Files.createDirectories(environment.tmpFile().resolve("no-plugins"));
                return new ClasspathPluginsService(settings, environment.configFile(), empty, plugins);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }
}
