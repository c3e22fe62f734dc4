package io.quapr.packaging;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import java.util.List;

/**
 * Validates resources against the strict schema of their kind ({@link SchemaCatalog}); a kind the
 * catalog does not know is an error in itself, never a pass.
 */
public final class ManifestValidator {

    private final SchemaCatalog catalog;

    /** A validator for the Kubernetes kinds and those the given CRDs define. */
    public ManifestValidator(SchemaCatalog catalog) {
        this.catalog = catalog;
    }

    /** A validator for the Kubernetes kinds and the custom resources the bundle defines. */
    public static ManifestValidator forBundle() {
        return BundleValidator.INSTANCE;
    }

    /** Every problem of {@code manifest}, one line each; empty when it is valid. */
    public List<String> problems(Manifest manifest) {
        Schema schema = catalog.schemaOf(manifest.apiVersion(), manifest.kind()).orElse(null);
        if (schema == null) {
            return List.of("no schema for " + manifest.apiVersion() + " " + manifest.kind() + " ("
                    + DefinitionNames.of(manifest.apiVersion(), manifest.kind()) + ")");
        }
        return schema.validate(manifest.node()).stream().map(Error::toString).toList();
    }

    /** One validator for the bundle's CRDs, built once per test run (the definitions take a second). */
    private static final class BundleValidator {
        static final ManifestValidator INSTANCE = new ManifestValidator(
                SchemaCatalog.of(Manifests.bundle().ofKind("CustomResourceDefinition").toList()));
    }
}
