package dev.voicebridge.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Requests and replies of the {@code store.*} addresses (request/reply, served by the persistence
 * verticle). Timestamps are ISO-8601 UTC strings with milliseconds ({@code 2026-11-24T06:37:01.123Z}).
 * A failed request is replied with a failure: code 400 (bad request), 404 (unknown session or turn) or
 * 500 (storage error, e.g. disk full), and a message meant for people.
 */
public final class StoreMessages {

  private StoreMessages() {
  }

  // ---- views: what the store returns -------------------------------------------------------------

  /** A session as stored. {@code contextWindow} is the serialised context window (see ContextWindow). */
  public record SessionView(
      String sessionUuid,
      String sessionKey,
      String createdAt,
      String lastActivity,
      SessionState state,
      JsonObject metadata,
      JsonObject contextWindow,
      Integer turnCount) {
  }

  /** One conversation turn as stored; {@code turnIndex} is dense from 0 within its session. */
  public record TurnView(
      long turnId,
      String sessionUuid,
      int turnIndex,
      String timestamp,
      Role role,
      String content,
      MessageType messageType,
      Speakability speakability,
      JsonArray toolCalls,
      String runId,
      String idempotencyKey,
      Delivery delivery) {
  }

  /** One tool execution as stored; {@code toolIndex} is dense from 0 within its session. */
  public record ToolView(
      long toolId,
      String sessionUuid,
      int toolIndex,
      String toolName,
      ToolStatus status,
      String startedAt,
      String completedAt,
      JsonObject parameters,
      String result,
      String errorMessage,
      String runId,
      String toolCallId) {
  }

  // ---- sessions ----------------------------------------------------------------------------------

  /** {@code store.session.create}: a new ACTIVE session. Reply: {@link SessionView}. */
  public record SessionCreate(String sessionKey, JsonObject metadata) {
  }

  /** {@code store.session.get}: reply {@link SessionView}, or failure 404. */
  public record SessionGet(String sessionUuid) {
    public SessionGet {
      Require.text(sessionUuid, "sessionUuid");
    }
  }

  /**
   * {@code store.session.active}: the most recently active ACTIVE session of {@code sessionKey}, created
   * when there is none. Reply: {@link SessionView}.
   */
  public record SessionActive(String sessionKey, JsonObject metadata) {
    public SessionActive {
      Require.text(sessionKey, "sessionKey");
    }
  }

  /**
   * {@code store.session.update}: sets what is given (null fields are left as they are); {@code touch}
   * sets last_activity to now. Metadata given is merged into the stored metadata. Reply: {@link SessionView}.
   */
  public record SessionUpdate(String sessionUuid, SessionState state, JsonObject metadata, JsonObject contextWindow,
      boolean touch) {
    public SessionUpdate {
      Require.text(sessionUuid, "sessionUuid");
    }
  }

  /**
   * {@code store.session.close}: state CLOSED (or ERROR when {@code error} is true) and the reason kept in
   * metadata as {@code closedReason}. Closing a closed session changes nothing. Reply: {@link SessionView}.
   */
  public record SessionClose(String sessionUuid, String reason, boolean error) {
    public SessionClose {
      Require.text(sessionUuid, "sessionUuid");
    }
  }

  /** {@code store.session.list}: newest activity first. Reply: {@link SessionList}. */
  public record SessionQuery(SessionState state, String sessionKey, Integer limit) {
  }

  public record SessionList(List<SessionView> sessions) {
  }

  // ---- turns -------------------------------------------------------------------------------------

  /**
   * {@code store.turn.append}: adds a turn at the next index of its session and replies, after the commit,
   * with the stored {@link TurnView}. Also sets the session's last_activity. An append whose
   * {@code idempotencyKey} and role are already stored in the session returns the stored turn instead of
   * adding another. {@code answersTurnId} (optional): the id of the user turn this reply answers; that turn
   * becomes ANSWERED in the same statement (also when the reply was already stored).
   */
  public record TurnAppend(
      String sessionUuid,
      Role role,
      String content,
      MessageType messageType,
      Speakability speakability,
      JsonArray toolCalls,
      String runId,
      String idempotencyKey,
      Delivery delivery,
      Long answersTurnId) {
    public TurnAppend {
      Require.text(sessionUuid, "sessionUuid");
      Require.present(role, "role");
      Require.present(content, "content");
    }
  }

  /** {@code store.turn.update}: sets delivery and/or runId of a stored turn. Reply: {@link TurnView}. */
  public record TurnUpdate(long turnId, Delivery delivery, String runId) {
  }

  /**
   * {@code store.turn.list}: turns of one session in index order, filtered by index range and/or time
   * range (inclusive); with {@code recent} set, the last {@code limit} turns. Reply: {@link TurnList}.
   */
  public record TurnQuery(String sessionUuid, Integer fromIndex, Integer toIndex, String since, String until,
      Integer limit, boolean recent) {
    public TurnQuery {
      Require.text(sessionUuid, "sessionUuid");
    }
  }

  public record TurnList(List<TurnView> turns) {
  }

  /**
   * {@code store.turn.search}: full-text search over turn content (all words must occur, in any order,
   * as words or word prefixes), newest first. Reply: {@link SearchResult}.
   */
  public record TurnSearch(String text, String sessionUuid, String since, String until, Integer limit) {
    public TurnSearch {
      Require.text(text, "text");
    }
  }

  /** A search hit with a short excerpt around the match (matches between [ and ]). */
  public record SearchHit(TurnView turn, String snippet) {
  }

  public record SearchResult(List<SearchHit> hits) {
  }

  // ---- tool executions ---------------------------------------------------------------------------

  /**
   * {@code store.tool.record}: creates or advances the tool execution identified by
   * ({@code sessionUuid}, {@code toolCallId}). Status only moves forward (pending → running →
   * completed/error, or → interrupted → cancelled); started_at is set when it starts running,
   * completed_at when it ends. Reply: {@link ToolView}.
   */
  public record ToolRecord(
      String sessionUuid,
      String runId,
      String toolCallId,
      String toolName,
      ToolStatus status,
      JsonObject parameters,
      String result,
      String errorMessage) {
    public ToolRecord {
      Require.text(sessionUuid, "sessionUuid");
      Require.text(toolCallId, "toolCallId");
      Require.present(status, "status");
    }
  }

  /** {@code store.tool.list}: tool executions of a session, by index. Reply: {@link ToolList}. */
  public record ToolQuery(String sessionUuid, List<ToolStatus> statuses) {
    public ToolQuery {
      Require.text(sessionUuid, "sessionUuid");
    }
  }

  public record ToolList(List<ToolView> tools) {
  }

  /**
   * {@code store.tool.transition}: moves every tool execution of the session whose status is in
   * {@code from} to {@code to}, recording {@code errorMessage}. Reply: {@link ToolList} of the changed ones.
   */
  public record ToolTransition(String sessionUuid, List<ToolStatus> from, ToolStatus to, String errorMessage) {
    public ToolTransition {
      Require.text(sessionUuid, "sessionUuid");
      Require.present(from, "from");
      Require.present(to, "to");
    }
  }

  // ---- maintenance -------------------------------------------------------------------------------

  /** {@code store.stats}: body {@code {}}. Reply: {@link StoreStats}. */
  public record StatsRequest() {
  }

  public record StoreStats(
      String path,
      long fileBytes,
      int schemaVersion,
      long sessions,
      long activeSessions,
      long closedSessions,
      long errorSessions,
      long turns,
      JsonObject turnsByRole,
      JsonObject turnsByType,
      long toolExecutions,
      JsonObject toolsByStatus,
      String oldestActivity,
      String newestActivity,
      double averageTurnsPerSession) {
  }

  /**
   * {@code store.backup}: a consistent copy of the live database ({@code VACUUM INTO}), mode 0600. Without
   * {@code out}, a time-stamped file in store.backupDir. Reply: {@link BackupResult}.
   */
  public record BackupRequest(String out) {
  }

  public record BackupResult(String path, long bytes) {
  }

  /**
   * {@code store.check}: SQLite's own checks of the live database, read-only ({@code PRAGMA integrity_check}
   * and {@code foreign_key_check}): what to run after a crash or a full disk. Reply: {@link CheckResult}.
   */
  public record CheckRequest() {
  }

  /** {@code ok} when both checks found nothing; otherwise {@code problems} says what (at most 100 lines). */
  public record CheckResult(String path, boolean ok, java.util.List<String> problems) {
  }

  /**
   * {@code store.cleanup}: closes ACTIVE sessions idle longer than {@code staleMinutes}, deletes CLOSED and
   * ERROR sessions whose last activity is older than {@code olderThanMinutes}, then deletes the oldest
   * CLOSED/ERROR sessions beyond {@code maxSessions} in all. Their turns and tool executions go with them
   * (foreign keys cascade). Null fields skip that step. Reply: {@link CleanupResult}.
   */
  public record CleanupRequest(Integer staleMinutes, Long olderThanMinutes, Integer maxSessions) {
  }

  public record CleanupResult(int closedStale, int deletedSessions, int deletedTurns) {
  }
}
