package dev.voicebridge.cli;

import dev.voicebridge.base.BridgeException;
import dev.voicebridge.bus.Addresses;
import dev.voicebridge.bus.Bus;
import dev.voicebridge.bus.Delivery;
import dev.voicebridge.bus.GatewayMessages.GatewayStatus;
import dev.voicebridge.bus.GatewayMessages.LinkState;
import dev.voicebridge.bus.GatewayMessages.ReplyDelta;
import dev.voicebridge.bus.MessageType;
import dev.voicebridge.bus.SessionMessages.InputAccepted;
import dev.voicebridge.bus.SessionMessages.TurnAnswered;
import dev.voicebridge.bus.SessionMessages.UserInput;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The chat loop on the command's own thread: sends one line at a time on {@code session.input} and
 * prints the reply as {@code gateway.reply.delta} streams it for the line's run, until
 * {@code session.turn.answered} says the turn is complete (a reply that reached the bridge another way —
 * recovered after a reconnect — is printed whole then). Bus messages reach this thread through a queue,
 * so the event loop never waits on the terminal.
 */
final class ChatConsole {

  private final String url;
  private final long waitMs;
  private final long inputTimeoutMs;
  private final PrintStream out;
  private final boolean interactive;
  private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();
  private final EventBus bus;
  private GatewayStatus status;

  ChatConsole(Vertx vertx, String url, long waitMs, long requestTimeoutMs, PrintStream out,
      boolean interactive) {
    this.url = url;
    this.waitMs = waitMs;
    // A line waits for the answer in progress before it is sent (the session's outbox sends one at a time).
    this.inputTimeoutMs = 600_000 + requestTimeoutMs;
    this.out = out;
    this.interactive = interactive;
    this.bus = vertx.eventBus();
    Bus.on(bus, Addresses.GATEWAY_STATUS, GatewayStatus.class, events::add);
    Bus.on(bus, Addresses.GATEWAY_REPLY_DELTA, ReplyDelta.class, events::add);
    Bus.on(bus, Addresses.SESSION_TURN_ANSWERED, TurnAnswered.class, events::add);
  }

  /** Waits until the gateway client is connected; fails with its reason when it gives up or takes too long. */
  void awaitGateway() {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMs);
    while (status == null || status.state() != LinkState.CONNECTED) {
      Object e = poll(deadline);
      if (e == null) {
        throw new BridgeException("the gateway at " + url + " did not answer within " + waitMs / 1000 + " s"
            + (status != null && status.reason() != null ? ": " + status.reason() : ""));
      }
      observe(e);
    }
  }

  void run(BufferedReader in) throws IOException {
    prompt();
    String line;
    while ((line = in.readLine()) != null) {
      if (!line.isBlank()) {
        converse(line.strip());
      }
      prompt();
    }
  }

  private void converse(String text) {
    InputAccepted accepted = CliRuntime.waitFor(Bus.request(bus, Addresses.SESSION_INPUT, new UserInput(text, "chat"),
        InputAccepted.class, new DeliveryOptions().setSendTimeout(inputTimeoutMs)));
    if (accepted.delivery() == Delivery.PENDING) {
      System.err.println("(the gateway is not connected: the message is kept and sent when it is back)");
    }
    StringBuilder printed = new StringBuilder();
    // The wait for an absent gateway counts from this message, not from when the connection was lost: a
    // question typed 25 s into an outage still gets the whole wait (and the bridge reconnects at once for it).
    boolean connected = status != null && status.state() == LinkState.CONNECTED;
    long deadline = accepted.delivery() == Delivery.PENDING || !connected
        ? System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMs) : Long.MAX_VALUE;
    while (true) {
      Object e = poll(deadline);
      if (e == null) {
        throw new BridgeException("the gateway at " + url + " has been unreachable for the " + waitMs / 1000
            + " s since the message was typed"
            + (status != null && status.reason() != null ? " (" + status.reason() + ")" : "")
            + "; the message is stored and will be sent the next time the bridge connects");
      }
      observe(e);
      if (e instanceof GatewayStatus s) {
        deadline = s.state() == LinkState.CONNECTED ? Long.MAX_VALUE
            : deadline == Long.MAX_VALUE ? System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMs) : deadline;
      } else if (e instanceof ReplyDelta d && d.runId().equals(accepted.runId())) {
        print(d, printed);
      } else if (e instanceof TurnAnswered a && a.sessionUuid().equals(accepted.sessionUuid())
          && a.userTurnIndex() == accepted.turnIndex()) {
        finish(a, printed);
        return;
      }
    }
  }

  private void print(ReplyDelta d, StringBuilder printed) {
    String full = d.text() == null ? printed + (d.delta() == null ? "" : d.delta()) : d.text();
    if (full.startsWith(printed.toString())) {
      out.print(full.substring(printed.length()));
    } else {
      out.print(System.lineSeparator() + full); // the gateway replaced the text: show the new version whole
    }
    out.flush();
    printed.setLength(0);
    printed.append(full);
  }

  private void finish(TurnAnswered a, StringBuilder printed) {
    if (a.outcome() == MessageType.ERROR) {
      out.print((printed.length() > 0 ? System.lineSeparator() : "") + "(error) " + a.text());
    } else if (printed.length() == 0) {
      out.print(a.text());
    } else if (a.text() != null && !a.text().isEmpty() && !a.text().equals(printed.toString())) {
      String rest = a.text().startsWith(printed.toString()) ? a.text().substring(printed.length())
          : System.lineSeparator() + a.text();
      out.print(rest);
    }
    if (a.outcome() == MessageType.INTERRUPT) {
      out.print(" (aborted)");
    }
    out.println();
    out.flush();
  }

  private void observe(Object e) {
    if (e instanceof GatewayStatus s) {
      status = s;
      if (s.state() == LinkState.DISCONNECTED && Boolean.FALSE.equals(s.willRetry())) {
        throw new BridgeException(s.reason());
      }
    }
  }

  private Object poll(long deadlineNanos) {
    try {
      if (deadlineNanos == Long.MAX_VALUE) {
        return events.take();
      }
      long left = deadlineNanos - System.nanoTime();
      return left <= 0 ? null : events.poll(left, TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BridgeException("interrupted");
    }
  }

  private void prompt() {
    if (interactive) {
      out.print("you> ");
      out.flush();
    }
  }
}
