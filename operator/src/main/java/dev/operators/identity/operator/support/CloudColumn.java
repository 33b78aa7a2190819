package dev.operators.identity.operator.support;

/**
 * A column of the document's tables.
 *
 * @param documentColumn the column heading in the document
 * @param retired whether the cloud no longer exists (Azure Germany)
 * @param note why, when retired; may be null
 */
public record CloudColumn(String documentColumn, boolean retired, String note) {}
