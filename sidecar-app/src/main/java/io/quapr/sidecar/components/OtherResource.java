package io.quapr.sidecar.components;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A resource of a kind other than Component ({@code Subscription}, {@code Resiliency},
 * {@code Configuration}, {@code HTTPEndpoint}): validated at load time, used by the blocks that
 * need it.
 *
 * @param source the file (and document number) it came from
 * @param kind the resource kind
 * @param apiVersion its apiVersion
 * @param name {@code metadata.name}
 * @param scopes the app ids it applies to; empty means every app
 * @param spec the {@code spec} object as read
 * @param secretStore {@code auth.secretStore}: where the resource's {@code secretKeyRef}s are read
 *        (an {@code HTTPEndpoint}'s headers); null when absent
 */
public record OtherResource(String source, String kind, String apiVersion, String name, List<String> scopes,
        JsonNode spec, String secretStore) {

    /** A resource without {@code auth.secretStore}. */
    public OtherResource(String source, String kind, String apiVersion, String name, List<String> scopes,
            JsonNode spec) {
        this(source, kind, apiVersion, name, scopes, spec, null);
    }
}
