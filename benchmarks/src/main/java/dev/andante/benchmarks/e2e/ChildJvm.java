package dev.andante.benchmarks.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JVM the harness starts (Andante, Zipkin or the load generator), its output going to a log
 * file. {@link #close()} sends SIGTERM and waits, so Andante flushes what it holds to a block.
 */
final class ChildJvm implements AutoCloseable {
  private final String name;
  private final Process process;
  private final Path log;

  private ChildJvm(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  /** {@code java <jvmArgs> <mainArgs>} with this JVM's {@code java}, output to {@code log}. */
  static ChildJvm start(String name, List<String> jvmArgs, List<String> mainArgs, Map<String, String> env, Path log) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmArgs);
    command.addAll(mainArgs);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(env);
    try {
      return new ChildJvm(name, builder.start(), log);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start " + name + ": " + e.getMessage() + " (" + command + ")", e);
    }
  }

  long pid() {
    return process.pid();
  }

  Path log() {
    return log;
  }

  /** Waits until a line of the log matches {@code pattern}; returns the match. */
  Matcher awaitLog(Pattern pattern, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      String text = read();
      Matcher m = pattern.matcher(text);
      if (m.find()) {
        return m;
      }
      if (!process.isAlive()) {
        throw new IllegalStateException("Cannot wait for " + name + ": it exited with " + process.exitValue()
            + "; log " + log + ":\n" + tail(text));
      }
      pause(100);
    }
    throw new IllegalStateException("Cannot wait for " + name + ": no '" + pattern + "' in its log within " + timeout
        + " (" + log + "):\n" + tail(read()));
  }

  /** Waits for the process to exit on its own; returns its exit code. */
  int awaitExit(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException("Cannot wait for " + name + ": still running after " + timeout + " (" + log + ")");
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Cannot wait for " + name + ": interrupted", e);
    }
  }

  String read() {
    try {
      return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      return "";
    }
  }

  /** SIGTERM, then up to two minutes for a clean exit (Andante writes its last block), then SIGKILL. */
  @Override
  public void close() {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(2, TimeUnit.MINUTES)) {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static String tail(String text) {
    String[] lines = text.split("\n");
    return String.join("\n", java.util.Arrays.asList(lines).subList(Math.max(0, lines.length - 20), lines.length));
  }

  static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Cannot wait: interrupted", e);
    }
  }
}
