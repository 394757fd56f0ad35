package dev.andante.deploy;

import dev.andante.deploy.config.AndanteConfig;
import dev.andante.deploy.config.ConfigException;
import dev.andante.deploy.config.ConfigLoader;
import dev.andante.deploy.config.EnvExpander;
import java.io.PrintStream;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar andante.jar -config.file=andante.yaml [-target=all] [-config.expand-env=true]}.
 * Exit status: 0 after a clean shutdown or {@code -help}, 1 when the config or start-up fails, 2 for
 * a bad command line. SIGTERM (and Ctrl-C) flush the ingester's traces to a block before exiting.
 */
public final class Main {
  static final int EXIT_FAILURE = 1;
  static final int EXIT_USAGE = 2;

  private Main() {}

  public static void main(String[] args) {
    Launch launch = Launch.prepare(args, EnvExpander.system(), System.out, System.err);
    if (launch.config().isEmpty()) {
      System.exit(launch.exitCode());
    }
    Logger log = LoggerFactory.getLogger(Main.class);
    Andante andante;
    try {
      andante = Andante.start(launch.config().get());
    } catch (RuntimeException e) {
      // The message says what is wrong (a port in use, a bucket that cannot be reached); the stack
      // trace is for debugging only.
      log.error("{}", e.getMessage());
      log.debug("Start-up failure", e);
      System.exit(EXIT_FAILURE);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  log.info("Shutting down: flushing traces and closing servers");
                  try {
                    andante.close();
                  } finally {
                    stopped.countDown();
                  }
                },
                "andante-shutdown"));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * What the command line asks for: a configuration to start with, or an exit status after the
   * usage or an error has been printed.
   */
  record Launch(int exitCode, Optional<AndanteConfig> config) {
    static Launch prepare(String[] args, EnvExpander env, PrintStream out, PrintStream err) {
      MainArgs parsed;
      try {
        parsed = MainArgs.parse(args);
      } catch (UsageException e) {
        err.println("andante: " + e.getMessage());
        err.print(MainArgs.USAGE);
        return new Launch(EXIT_USAGE, Optional.empty());
      }
      if (parsed.help()) {
        out.print(MainArgs.USAGE);
        return new Launch(0, Optional.empty());
      }
      try {
        ConfigLoader loader = parsed.expandEnv() ? ConfigLoader.expandingEnv(env) : ConfigLoader.plain();
        AndanteConfig config = parsed.configFile().map(loader::load).orElse(AndanteConfig.DEFAULT);
        return new Launch(0, Optional.of(parsed.target().map(config::withTarget).orElse(config)));
      } catch (ConfigException e) {
        err.println(e.getMessage());
        return new Launch(EXIT_FAILURE, Optional.empty());
      }
    }
  }
}
