package org.elasticsearch.plugins;

import java.nio.file.Path;
import java.util.List;
import org.elasticsearch.common.settings.Settings;

/**
 * Plugins given as classes already on the classpath, instead of plugin bundles on disk: Maven
 * Central publishes the server and the Netty transport as jars, not as an installed distribution.
 *
 * <p>Lives in Elasticsearch's package because {@code PluginsService.LoadedPlugin} is package-private.
 */
public final class ClasspathPluginsService extends PluginsService {

    private final List<Class<? extends Plugin>> pluginClasses;
    private volatile List<LoadedPlugin> loaded;

    public ClasspathPluginsService(Settings settings, Path configDir, Path emptyDir, List<Class<? extends Plugin>> pluginClasses) {
        super(settings, configDir, emptyDir, emptyDir);
        this.pluginClasses = List.copyOf(pluginClasses);
    }

    /** On the classpath the server is an unnamed module: there are no qualified exports to wire. */
    @Override
    protected void addServerExportsService(java.util.Map<String, List<org.elasticsearch.jdk.ModuleQualifiedExportsService>> exports) {
        // nothing to do outside the module system
    }

    @Override
    protected List<LoadedPlugin> plugins() {
        List<LoadedPlugin> l = loaded;
        if (l == null) {
            synchronized (this) {
                if (loaded == null) {
                    loaded = pluginClasses.stream().map(ClasspathPluginsService::load).toList();
                }
                l = loaded;
            }
        }
        return l;
    }

    private static LoadedPlugin load(Class<? extends Plugin> type) {
        try {
            Plugin instance = type.getDeclaredConstructor().newInstance();
            PluginDescriptor descriptor = new PluginDescriptor(type.getName(), "classpath plugin", "NA",
                    org.elasticsearch.Build.current().version(), "17", type.getName(), null, List.of(),
                    false, false, false, false);
            return new LoadedPlugin(descriptor, instance);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot load plugin " + type.getName(), e);
        }
    }
}
