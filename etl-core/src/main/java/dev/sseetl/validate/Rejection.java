package dev.sseetl.validate;

/**
 * Why a cell was refused: a stable code and a phrase that follows "Label 'value' ", e.g. {@code is not a whole
 * number}. Converters return shared constants so refusing a cell allocates nothing until the message is built.
 */
record Rejection(String code, String phrase) {
}
