package dev.voicebridge.store;

import java.util.List;

/**
 * The schema as a list of migrations. Version 1 is the reference design's schema exactly (the tables a
 * Python-era bridge created); later versions only add, so a v1 database upgrades in place and keeps every
 * row. See docs/storage.md for why each column and index exists.
 */
final class Schema {

  private Schema() {
  }

  static final List<Migration> MIGRATIONS = List.of(
      new Migration(1, "reference schema: sessions, conversation_turns, tool_executions", false, List.of(
          """
          CREATE TABLE IF NOT EXISTS sessions (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              session_uuid TEXT UNIQUE NOT NULL,
              created_at TEXT NOT NULL,
              last_activity TEXT NOT NULL,
              state TEXT NOT NULL,
              context_window TEXT,
              metadata TEXT
          )""",
          """
          CREATE TABLE IF NOT EXISTS conversation_turns (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              session_id INTEGER NOT NULL,
              turn_index INTEGER NOT NULL,
              timestamp TEXT NOT NULL,
              role TEXT NOT NULL,
              content TEXT NOT NULL,
              message_type TEXT,
              speakability TEXT,
              tool_calls TEXT
          )""",
          """
          CREATE TABLE IF NOT EXISTS tool_executions (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              session_id INTEGER NOT NULL,
              tool_index INTEGER NOT NULL,
              tool_name TEXT NOT NULL,
              status TEXT NOT NULL,
              started_at TEXT,
              completed_at TEXT,
              parameters TEXT,
              result TEXT,
              error_message TEXT
          )""")),

      // v2: foreign keys with cascade (SQLite can only add them by rebuilding the tables), the columns the
      // gateway protocol needs (session key, run id, idempotency key, delivery state, tool call id), dense
      // unique indexes, and a trigger that keeps last_activity in step with appended turns.
      new Migration(2, "foreign keys, gateway columns, unique dense indexes", true, List.of(
          "ALTER TABLE sessions ADD COLUMN session_key TEXT",
          """
          CREATE TABLE conversation_turns_v2 (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
              turn_index INTEGER NOT NULL,
              timestamp TEXT NOT NULL,
              role TEXT NOT NULL,
              content TEXT NOT NULL,
              message_type TEXT,
              speakability TEXT,
              tool_calls TEXT,
              run_id TEXT,
              idempotency_key TEXT,
              delivery TEXT
          )""",
          // Renumbering with ROW_NUMBER makes turn_index dense and unique even if an old writer left gaps
          // or duplicates; the relative order of turns is kept.
          """
          INSERT INTO conversation_turns_v2 (id, session_id, turn_index, timestamp, role, content, message_type,
                                             speakability, tool_calls)
          SELECT id, session_id,
                 ROW_NUMBER() OVER (PARTITION BY session_id ORDER BY turn_index, id) - 1,
                 timestamp, role, content, message_type, speakability, tool_calls
          FROM conversation_turns""",
          "DROP TABLE conversation_turns",
          "ALTER TABLE conversation_turns_v2 RENAME TO conversation_turns",
          """
          CREATE TABLE tool_executions_v2 (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
              tool_index INTEGER NOT NULL,
              tool_name TEXT NOT NULL,
              status TEXT NOT NULL,
              started_at TEXT,
              completed_at TEXT,
              parameters TEXT,
              result TEXT,
              error_message TEXT,
              run_id TEXT,
              tool_call_id TEXT
          )""",
          """
          INSERT INTO tool_executions_v2 (id, session_id, tool_index, tool_name, status, started_at, completed_at,
                                          parameters, result, error_message)
          SELECT id, session_id,
                 ROW_NUMBER() OVER (PARTITION BY session_id ORDER BY tool_index, id) - 1,
                 tool_name, status, started_at, completed_at, parameters, result, error_message
          FROM tool_executions""",
          "DROP TABLE tool_executions",
          "ALTER TABLE tool_executions_v2 RENAME TO tool_executions",
          // sessions.session_uuid is already indexed by its UNIQUE constraint (sqlite_autoindex_sessions_1).
          "CREATE INDEX idx_sessions_state ON sessions(state, last_activity)",
          "CREATE INDEX idx_sessions_last_activity ON sessions(last_activity)",
          "CREATE INDEX idx_sessions_key ON sessions(session_key, state, last_activity)",
          "CREATE UNIQUE INDEX ux_turns_session_index ON conversation_turns(session_id, turn_index)",
          "CREATE INDEX idx_turns_timestamp ON conversation_turns(timestamp)",
          """
          CREATE INDEX idx_turns_idempotency ON conversation_turns(session_id, idempotency_key)
          WHERE idempotency_key IS NOT NULL""",
          "CREATE UNIQUE INDEX ux_tools_session_index ON tool_executions(session_id, tool_index)",
          "CREATE INDEX idx_tools_status ON tool_executions(status)",
          """
          CREATE UNIQUE INDEX ux_tools_call ON tool_executions(session_id, tool_call_id)
          WHERE tool_call_id IS NOT NULL""",
          """
          CREATE TRIGGER trg_turns_activity AFTER INSERT ON conversation_turns
          BEGIN
            UPDATE sessions SET last_activity = NEW.timestamp
            WHERE id = NEW.session_id AND last_activity < NEW.timestamp;
          END""")),

      // v3: full-text search. An external-content FTS5 index over conversation_turns.content, kept in step
      // by triggers, so the text is stored once. unicode61 with diacritics folded matches "cafe" to "café".
      new Migration(3, "full-text search index (FTS5)", false, List.of(
          """
          CREATE VIRTUAL TABLE turns_fts USING fts5(
              content, content='conversation_turns', content_rowid='id',
              tokenize='unicode61 remove_diacritics 2')""",
          """
          CREATE TRIGGER trg_turns_fts_insert AFTER INSERT ON conversation_turns BEGIN
            INSERT INTO turns_fts(rowid, content) VALUES (NEW.id, NEW.content);
          END""",
          """
          CREATE TRIGGER trg_turns_fts_delete AFTER DELETE ON conversation_turns BEGIN
            INSERT INTO turns_fts(turns_fts, rowid, content) VALUES ('delete', OLD.id, OLD.content);
          END""",
          """
          CREATE TRIGGER trg_turns_fts_update AFTER UPDATE OF content ON conversation_turns BEGIN
            INSERT INTO turns_fts(turns_fts, rowid, content) VALUES ('delete', OLD.id, OLD.content);
            INSERT INTO turns_fts(rowid, content) VALUES (NEW.id, NEW.content);
          END""",
          "INSERT INTO turns_fts(turns_fts) VALUES ('rebuild')")),

      // v4: a reply names the user turn it answers, and the same INSERT marks that turn answered (a
      // trigger), so a finished run is one statement: the reply and the question's state cannot part.
      new Migration(4, "replies name the turn they answer", false, List.of(
          """
          ALTER TABLE conversation_turns ADD COLUMN answers_turn_id INTEGER
              REFERENCES conversation_turns(id) ON DELETE SET NULL""",
          // Deleting turns (db cleanup) looks up the rows that name each one: without this index, a scan of
          // the whole table per deleted turn.
          "CREATE INDEX idx_turns_answers ON conversation_turns(answers_turn_id)",
          """
          CREATE TRIGGER trg_turns_answered AFTER INSERT ON conversation_turns
          WHEN NEW.answers_turn_id IS NOT NULL
          BEGIN
            UPDATE conversation_turns SET delivery = 'answered'
            WHERE id = NEW.answers_turn_id AND session_id = NEW.session_id;
          END""")));

  static int latestVersion() {
    return MIGRATIONS.get(MIGRATIONS.size() - 1).version();
  }
}
