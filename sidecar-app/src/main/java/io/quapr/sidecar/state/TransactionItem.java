package io.quapr.sidecar.state;

/**
 * One operation of a transaction as the app sent it: {@code operation} is {@code upsert} or
 * {@code delete}; anything else is refused with daprd's error.
 *
 * @param operation the operation name as sent
 * @param save the write, for {@code upsert}
 * @param delete the delete, for {@code delete}
 */
public record TransactionItem(String operation, SaveItem save, DeleteItem delete) {
}
