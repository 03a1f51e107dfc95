package org.citywall.console.rules;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The rule files the detection job loads: the built-in pack on the classpath (listed in
 * {@code org/citywall/detection/rules/pack.txt}, read-only) and every {@code .yml}/{@code .yaml}
 * file below the platform's rules directory ({@code DATA/rules}, which the running job watches).
 * Origins are {@code builtin:<path in pack>} and {@code rules/<path in directory>}.
 */
public final class RuleFiles {
    static final String PACK = "org/citywall/detection/rules/";
    static final String BUILTIN = "builtin:";
    static final String DATA = "rules/";
    private final Path directory;
    private final ClassLoader loader;

    /**
     * @param directory the rules directory, or {@code null} when the console has none (uploads are then refused)
     */
    public RuleFiles(Path directory, ClassLoader loader) {
        this.directory = directory;
        this.loader = loader;
    }

    /** The rules directory, if any. */
    public Optional<Path> directory() {
        return Optional.ofNullable(directory);
    }

    /** Every rule file, built-in pack first, then the directory in path order (the job's order). */
    public List<RuleText> all() {
        List<RuleText> out = new ArrayList<>(builtIn());
        out.addAll(data());
        return out;
    }

    /** The built-in pack; empty when the detection module is not on the classpath. */
    public List<RuleText> builtIn() {
        List<RuleText> out = new ArrayList<>();
        String index = resource(PACK + "pack.txt");
        if (index == null) {
            return out;
        }
        for (String line : index.split("\n")) {
            String f = line.trim();
            if (f.isEmpty() || f.startsWith("#")) {
                continue;
            }
            String text = resource(PACK + f);
            if (text != null) {
                out.add(new RuleText(BUILTIN + f, text));
            }
        }
        return out;
    }

    /** The files below the rules directory. */
    public List<RuleText> data() {
        List<RuleText> out = new ArrayList<>();
        if (directory == null || !Files.isDirectory(directory)) {
            return out;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path f : files.filter(Files::isRegularFile).filter(RuleFiles::isYaml).sorted().toList()) {
                out.add(new RuleText(DATA + directory.relativize(f).toString().replace('\\', '/'),
                        Files.readString(f, StandardCharsets.UTF_8)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read rules in " + directory + ": " + e.getMessage(), e);
        }
        return out;
    }

    /**
     * Writes {@code rules/<name>} atomically (a temporary file moved into place), so the watching
     * job never reads half a file.
     */
    void write(String name, String yaml) {
        if (directory == null) {
            throw new IllegalStateException("no rules directory");
        }
        try {
            Files.createDirectories(directory);
            Path target = directory.resolve(name);
            Path tmp = directory.resolve("." + name + ".tmp");
            Files.writeString(tmp, yaml, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write rule file " + name + ": " + e.getMessage(), e);
        }
    }

    /** Removes {@code rules/<name>}. */
    void delete(String name) {
        try {
            Files.deleteIfExists(directory.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete rule file " + name + ": " + e.getMessage(), e);
        }
    }

    private static boolean isYaml(Path p) {
        String n = p.getFileName().toString();
        return !n.startsWith(".") && (n.endsWith(".yml") || n.endsWith(".yaml"));
    }

    private String resource(String path) {
        try (InputStream in = loader.getResourceAsStream(path)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
