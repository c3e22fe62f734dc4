package io.quapr.conformance;

import io.quapr.spi.ComponentType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.jboss.jandex.AnnotationInstance;
import org.jboss.jandex.AnnotationTarget;
import org.jboss.jandex.DotName;
import org.jboss.jandex.Index;
import org.jboss.jandex.Indexer;

/**
 * Finds the components a module declares: the classes annotated {@link ComponentType} among the
 * module's own compiled classes (not its dependencies, so a module never runs the suites of the
 * components it depends on).
 */
public final class ComponentDiscovery {

    private static final DotName COMPONENT_TYPE = DotName.createSimple(ComponentType.class.getName());

    private ComponentDiscovery() {
    }

    /**
     * The folder holding the module's compiled main classes: {@code quapr.conformance.classes}
     * if set, else {@code ${basedir}/target/classes} (Surefire sets {@code basedir}).
     */
    public static Path classesDirectory() {
        String explicit = System.getProperty("quapr.conformance.classes");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        return Path.of(System.getProperty("basedir", System.getProperty("user.dir")), "target", "classes");
    }

    /**
     * Indexes every class file under {@code classes} and returns the names of the classes
     * annotated {@link ComponentType}, sorted. A missing folder has no components.
     */
    public static List<String> componentClassNames(Path classes) {
        if (!Files.isDirectory(classes)) {
            return List.of();
        }
        Indexer indexer = new Indexer();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".class"))::iterator) {
                try (InputStream in = Files.newInputStream(file)) {
                    indexer.index(in);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot index " + classes, e);
        }
        Index index = indexer.complete();
        List<String> names = new ArrayList<>();
        for (AnnotationInstance a : index.getAnnotations(COMPONENT_TYPE)) {
            if (a.target() != null && a.target().kind() == AnnotationTarget.Kind.CLASS) {
                names.add(a.target().asClass().name().toString());
            }
        }
        names.sort(Comparator.naturalOrder());
        return names;
    }

    /**
     * Loads the component classes found in {@code classes} through the test class path.
     *
     * @throws IllegalStateException if an indexed class cannot be loaded
     */
    public static List<Class<?>> componentClasses(Path classes) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        List<Class<?>> result = new ArrayList<>();
        for (String name : componentClassNames(classes)) {
            try {
                result.add(Class.forName(name, false, loader));
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("component class " + name + " is indexed but not loadable", e);
            }
        }
        return result;
    }
}
