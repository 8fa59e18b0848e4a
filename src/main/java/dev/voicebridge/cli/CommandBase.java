package dev.voicebridge.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** What every command shares: the global options (declared once on the root) and its output stream. */
public abstract class CommandBase implements Callable<Integer> {

  @Spec
  protected CommandSpec spec;

  /** The root command's global options; picocli sets inherited options there wherever they are typed. */
  protected GlobalOptions global() {
    return (GlobalOptions) spec.root().mixins().get("global").userObject();
  }

  protected PrintWriter out() {
    return spec.commandLine().getOut();
  }

  protected CliRuntime runtime() {
    return CliRuntime.start(global());
  }
}
