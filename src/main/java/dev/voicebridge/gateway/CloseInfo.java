package dev.voicebridge.gateway;

/**
 * How an established connection ended: the WebSocket close code and reason (1006 when the socket just
 * dropped), and the restart delay the gateway announced in a {@code shutdown} event, if it sent one.
 */
public record CloseInfo(int code, String reason, Long restartExpectedMs) {
}
