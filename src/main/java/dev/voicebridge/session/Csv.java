package dev.voicebridge.session;

import java.util.ArrayList;
import java.util.List;

/**
 * RFC 4180 CSV: fields with a comma, double quote, CR or LF are quoted and their quotes doubled; records
 * end with CRLF. {@link #parse(String)} reads it back, so an export round-trips exactly.
 */
public final class Csv {

  private Csv() {
  }

  public static String field(String value) {
    if (value == null) {
      return "";
    }
    boolean quote = value.indexOf(',') >= 0 || value.indexOf('"') >= 0 || value.indexOf('\r') >= 0
        || value.indexOf('\n') >= 0;
    return quote ? '"' + value.replace("\"", "\"\"") + '"' : value;
  }

  public static String record(List<String> fields) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      sb.append(field(fields.get(i)));
    }
    return sb.append("\r\n").toString();
  }

  /** Parses CSV text into records of fields. Accepts LF as well as CRLF record ends. */
  public static List<List<String>> parse(String text) {
    List<List<String>> records = new ArrayList<>();
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    boolean atFieldStart = true;
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"') {
          if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
            field.append('"');
            i += 2;
            continue;
          }
          quoted = false;
        } else {
          field.append(c);
        }
        i++;
        continue;
      }
      if (c == '"' && atFieldStart) {
        quoted = true;
        atFieldStart = false;
      } else if (c == ',') {
        fields.add(field.toString());
        field.setLength(0);
        atFieldStart = true;
      } else if (c == '\r' || c == '\n') {
        fields.add(field.toString());
        field.setLength(0);
        records.add(fields);
        fields = new ArrayList<>();
        atFieldStart = true;
        if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
          i++;
        }
      } else {
        field.append(c);
        atFieldStart = false;
      }
      i++;
    }
    if (quoted) {
      throw new IllegalArgumentException("CSV ends inside a quoted field");
    }
    if (field.length() > 0 || !fields.isEmpty()) {
      fields.add(field.toString());
      records.add(fields);
    }
    return records;
  }
}
