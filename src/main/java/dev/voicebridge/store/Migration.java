package dev.voicebridge.store;

import java.util.List;

/**
 * One schema version: the statements that take the database from {@code version - 1} to {@code version},
 * run in one transaction. {@code foreignKeysOff} migrations rebuild tables, which SQLite requires to do
 * with foreign-key enforcement off; a foreign-key check runs after them.
 */
record Migration(int version, String description, boolean foreignKeysOff, List<String> statements) {
}
