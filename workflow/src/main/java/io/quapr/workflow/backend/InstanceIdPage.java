package io.quapr.workflow.backend;

import java.util.List;

/**
 * One page of instance ids, in id order.
 *
 * @param instanceIds the ids
 * @param continuationToken where the next page starts, or {@code null} after the last page
 */
public record InstanceIdPage(List<String> instanceIds, String continuationToken) {
}
