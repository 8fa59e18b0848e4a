package dev.voicebridge.stt;

import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The language the user speaks to their Talk devices ({@code talk.config speechLocale}, e.g. "de-DE") and
 * this device's speech-to-text: Whisper, which speaks many languages, follows it unless
 * {@code stt.whisper.language} was set for this device (which then wins, as for the other Talk settings);
 * a Vosk model knows one language, so a locale it does not understand is said, with what to change,
 * rather than silently transcribed as gibberish. Pure.
 */
public final class SpeechLocale {

  /** vosk-model-en-us-0.22, vosk-model-small-de-0.15, vosk-model-fr-0.22-lgraph: the language after the prefix. */
  private static final Pattern VOSK_MODEL = Pattern.compile("vosk-model-(?:small-)?([a-z]{2,3})(?:[-_].*)?");

  private SpeechLocale() {
  }

  /** What applies: Whisper's language from now on (null: unchanged), and a line for the log (null: none). */
  public record Decision(String whisperLanguage, String message, boolean warning) {
    static final Decision NONE = new Decision(null, null, false);
  }

  /** The primary language of a locale: "de-DE" → "de", "pt_BR" → "pt", "EN" → "en"; null when there is none. */
  public static String language(String locale) {
    if (locale == null || locale.isBlank()) {
      return null;
    }
    String primary = locale.strip().split("[-_]", 2)[0].toLowerCase(Locale.ROOT);
    return primary.matches("[a-z]{2,3}") ? primary : null;
  }

  /** The language of a Vosk model, from its directory name as alphacephei names them; null when unknown. */
  public static String voskLanguage(Path model) {
    if (model == null || model.getFileName() == null) {
      return null;
    }
    Matcher m = VOSK_MODEL.matcher(model.getFileName().toString().toLowerCase(Locale.ROOT));
    return m.matches() ? m.group(1) : null;
  }

  /**
   * @param whisperLanguageLocal whether {@code stt.whisper.language} was set for this device
   * @param speechLocale         the gateway's Talk speechLocale (null: not set there)
   */
  public static Decision decide(String engine, SttSettings stt, boolean whisperLanguageLocal, String speechLocale) {
    String wanted = language(speechLocale);
    if (wanted == null) {
      return Decision.NONE;
    }
    if ("whisper".equals(engine)) {
      if (whisperLanguageLocal) {
        return stt.whisperLanguage().equals(wanted) ? Decision.NONE : new Decision(null, "the gateway's Talk speech "
            + "locale is " + speechLocale + "; this device keeps stt.whisper.language " + stt.whisperLanguage()
            + " (set for it)", false);
      }
      return new Decision(wanted, "speech-to-text language: " + wanted + " (the gateway's Talk speech locale "
          + speechLocale + ")", false);
    }
    String model = voskLanguage(stt.voskModel());
    if (model == null || model.equals(wanted)) {
      return Decision.NONE;
    }
    return new Decision(null, "the gateway's Talk speech locale is " + speechLocale + ", but the Vosk model "
        + stt.voskModel().getFileName() + " understands " + model + " only: set stt.vosk.modelPath to a " + wanted
        + " model (alphacephei.com/vosk/models), or stt.engine whisper", true);
  }
}
