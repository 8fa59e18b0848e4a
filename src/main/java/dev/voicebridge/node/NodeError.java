package dev.voicebridge.node;

/** A command refused, answered as {@code node.invoke.result} {@code ok:false, error{code, message}}. */
final class NodeError extends RuntimeException {

  final String code;

  NodeError(String code, String message) {
    super(message, null, false, false);
    this.code = code;
  }
}
