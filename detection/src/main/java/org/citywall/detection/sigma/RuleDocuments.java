package org.citywall.detection.sigma;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Reads rule YAML from files, directory trees and the classpath into documents, recording unreadable files. */
final class RuleDocuments {
    static final String BUILT_IN = "/org/citywall/detection/rules/";

    final List<YamlDocument> documents = new ArrayList<>();
    final List<Rejection> rejections = new ArrayList<>();

    void addText(String origin, String text) {
        YamlDocument.Stream s = YamlDocument.readAll(text, origin);
        documents.addAll(s.documents());
        if (s.error() != null) {
            rejections.add(s.error());
        }
    }

    /** A {@code .yml}/{@code .yaml} file, or every such file under a directory, in path order. */
    void addPath(Path path) throws IOException {
        if (Files.isDirectory(path)) {
            List<Path> files;
            try (Stream<Path> walk = Files.walk(path)) {
                files = walk.filter(Files::isRegularFile).filter(RuleDocuments::isYaml).sorted().toList();
            }
            for (Path f : files) {
                addFile(f);
            }
        } else {
            addFile(path);
        }
    }

    private void addFile(Path f) {
        try {
            addText(f.toString(), Files.readString(f, StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            rejections.add(new Rejection(f.toString(), 0, null, "cannot read file: " + e.getMessage()));
        }
    }

    static boolean isYaml(Path p) {
        String n = p.getFileName().toString();
        return n.endsWith(".yml") || n.endsWith(".yaml");
    }

    /** The built-in rule pack: the files listed in {@code rules/pack.txt} on the classpath. */
    void addBuiltIn() throws IOException {
        for (String name : builtInNames()) {
            try (InputStream in = RuleDocuments.class.getResourceAsStream(BUILT_IN + name)) {
                if (in == null) {
                    rejections.add(new Rejection("classpath:" + BUILT_IN + name, 0, null, "listed in pack.txt but missing"));
                    continue;
                }
                addText("classpath:" + BUILT_IN + name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
    }

    static List<String> builtInNames() throws IOException {
        try (InputStream in = RuleDocuments.class.getResourceAsStream(BUILT_IN + "pack.txt")) {
            if (in == null) {
                throw new IOException("built-in rule pack index missing: " + BUILT_IN + "pack.txt");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        }
    }
}
