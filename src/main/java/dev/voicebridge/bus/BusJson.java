package dev.voicebridge.bus;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.jackson.VertxModule;
import java.util.Map;

/**
 * Maps the bus message records to and from {@link JsonObject}, the wire form every address uses.
 * Absent (null) fields are left out; unknown fields are ignored so that producers may add fields without
 * breaking older consumers (a tolerant reader).
 */
public final class BusJson {

  private static final ObjectMapper MAPPER = new ObjectMapper()
      .registerModule(new VertxModule())
      .setSerializationInclusion(JsonInclude.Include.NON_NULL)
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
      .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, false)
      .configure(SerializationFeature.FAIL_ON_EMPTY_BEANS, false);

  private BusJson() {
  }

  @SuppressWarnings("unchecked")
  public static JsonObject encode(Object message) {
    return new JsonObject(MAPPER.convertValue(message, Map.class));
  }

  /**
   * Decodes a message body. A body that lacks a required field or has a field of the wrong type gives a
   * {@link BadMessageException} naming the message type and the field.
   */
  public static <T> T decode(Object body, Class<T> type) {
    if (!(body instanceof JsonObject json)) {
      throw new BadMessageException(type.getSimpleName() + " must be a JSON object, got "
          + (body == null ? "nothing" : body.getClass().getSimpleName()));
    }
    try {
      return MAPPER.convertValue(json.getMap(), type);
    } catch (IllegalArgumentException e) {
      throw new BadMessageException("bad " + type.getSimpleName() + ": " + reason(e));
    }
  }

  private static String reason(IllegalArgumentException e) {
    Throwable cause = e.getCause();
    if (cause instanceof ValueInstantiationException vie && vie.getCause() != null) {
      return vie.getCause().getMessage();
    }
    if (cause instanceof MismatchedInputException mie) {
      String field = mie.getPath().isEmpty() ? "" : "field \"" + mie.getPath().get(mie.getPath().size() - 1)
          .getFieldName() + "\" ";
      return field + "has the wrong type";
    }
    return cause != null ? cause.getMessage() : e.getMessage();
  }
}
