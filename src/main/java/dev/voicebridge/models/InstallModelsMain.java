package dev.voicebridge.models;

import dev.voicebridge.base.BridgeException;
import java.nio.file.Path;

/**
 * The build step ({@code exec-maven-plugin}, phase process-classes): installs every pinned model that is
 * missing, printing progress on stderr. Arguments: {@code [--archives DIR]}. A failure stops the build with
 * one line that says what to do; {@code -Dmodels.skip=true} builds without models.
 */
public final class InstallModelsMain {

  private InstallModelsMain() {
  }

  public static void main(String[] args) throws Exception {
    Path archives = null;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--archives") && i + 1 < args.length) {
        archives = Path.of(args[++i]);
      }
    }
    ModelsDirectory dir = ModelsDirectory.standard();
    try {
      new ModelInstaller(dir, archives, System.err).install(ModelCatalogue.all());
    } catch (BridgeException e) {
      // Maven prints the exception message; say what to do about it.
      throw new IllegalStateException("could not install the speech models into " + dir.root() + ": "
          + e.getMessage() + " (build without them: -Dmodels.skip=true; install later: "
          + "java -jar target/voice-bridge.jar models install)", e);
    }
  }
}
