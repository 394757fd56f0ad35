package dev.andante.deploy;

import dev.andante.deploy.config.Target;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The command line, read as Go's flag package (and so Tempo) reads it: {@code -name=value}, {@code
 * -name value}, and the same with {@code --}; a boolean flag alone means true.
 *
 * @param configFile {@code -config.file}, or empty to run with the defaults
 * @param target {@code -target}, overriding the file's {@code target}
 * @param expandEnv {@code -config.expand-env}: replace {@code ${VAR}} in the file
 * @param help {@code -help}: print the usage and exit
 */
public record MainArgs(Optional<Path> configFile, Optional<Target> target, boolean expandEnv, boolean help) {
  public static final String USAGE =
      """
      Usage: java -jar andante.jar [flags]

        -config.file=<path>        YAML configuration file (Tempo-compatible); without it,
                                   every setting takes its default (local storage under ./data)
        -config.expand-env[=true]  replace ${VAR} and ${VAR:-default} in the file with
                                   environment variables before reading it
        -target=<target>           roles to run: all (default), distributor, ingester, querier,
                                   compactor; overrides the file's 'target'
        -help                      print this text and exit

      Flags may also be written --name=value, -name value or --name value.
      """;

  public MainArgs {
    if (configFile == null || target == null) {
      throw new IllegalArgumentException("configFile and target must not be null (use Optional.empty())");
    }
  }

  /** @throws UsageException for an unknown flag, a missing or bad value, or a stray argument */
  public static MainArgs parse(String... args) {
    Optional<Path> configFile = Optional.empty();
    Optional<Target> target = Optional.empty();
    boolean expandEnv = false;
    boolean help = false;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--") ) {
        if (i + 1 < args.length) {
          throw new UsageException("unexpected argument '" + args[i + 1] + "'");
        }
        break;
      }
      if (!arg.startsWith("-") || arg.equals("-")) {
        throw new UsageException("unexpected argument '" + arg + "'");
      }
      String flag = arg.startsWith("--") ? arg.substring(2) : arg.substring(1);
      String name = flag;
      String value = null;
      int eq = flag.indexOf('=');
      if (eq >= 0) {
        name = flag.substring(0, eq);
        value = flag.substring(eq + 1);
      }
      switch (name) {
        case "config.file":
          if (value == null) {
            value = next(args, ++i, name);
          }
          configFile = Optional.of(path(value));
          break;
        case "target":
          if (value == null) {
            value = next(args, ++i, name);
          }
          try {
            target = Optional.of(Target.parse(value));
          } catch (IllegalArgumentException e) {
            throw new UsageException("-target: " + e.getMessage());
          }
          break;
        case "config.expand-env":
          expandEnv = bool(name, value);
          break;
        case "help":
        case "h":
          help = bool(name, value);
          break;
        default:
          throw new UsageException("unknown flag '" + arg + "'");
      }
    }
    return new MainArgs(configFile, target, expandEnv, help);
  }

  private static String next(String[] args, int i, String name) {
    if (i >= args.length) {
      throw new UsageException("flag -" + name + " needs a value");
    }
    return args[i];
  }

  private static boolean bool(String name, String value) {
    if (value == null || value.equals("true") || value.equals("1")) {
      return true;
    }
    if (value.equals("false") || value.equals("0")) {
      return false;
    }
    throw new UsageException("flag -" + name + ": '" + value + "' is not a boolean (true or false)");
  }

  private static Path path(String value) {
    if (value.isBlank()) {
      throw new UsageException("flag -config.file needs a path");
    }
    try {
      return Path.of(value);
    } catch (InvalidPathException e) {
      throw new UsageException("flag -config.file: '" + value + "' is not a path: " + e.getReason());
    }
  }
}
