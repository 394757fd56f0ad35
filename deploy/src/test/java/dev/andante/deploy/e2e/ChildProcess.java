package dev.andante.deploy.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;

/**
 * {@code java -jar andante.jar ...} as a child process. Its output goes to a file rather than a pipe:
 * when a child exits, the JDK closes the pipe under a thread still reading it, and the last lines —
 * those of the shutdown — would be lost.
 */
final class ChildProcess implements AutoCloseable {
  /** The line Andante logs once every role has started; see {@code Andante#start}. */
  private static final Pattern READY =
      Pattern.compile("Andante started.*HTTP API \\S+:(\\d+).*OTLP/gRPC \\S+:(\\d+).*OTLP/HTTP \\S+:(\\d+)");

  private final Process process;
  private final Path log;

  private ChildProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /** Starts the jar with {@code args}, in {@code workDir}; the output goes to {@code workDir/<logName>}. */
  static ChildProcess start(Path jar, Path workDir, String logName, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx512m");
    command.add("-jar");
    command.add(jar.toAbsolutePath().toString());
    command.addAll(List.of(args));
    Path log = workDir.resolve(logName);
    Process process =
        new ProcessBuilder(command)
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    return new ChildProcess(process, log);
  }

  /**
   * The ports from the start-up line (HTTP API, OTLP/gRPC, OTLP/HTTP), once {@code /ready} answers
   * 200: the querier has listed the blocks.
   */
  Ports awaitReady() {
    Ports ports = awaitStarted();
    TraceApi api = new TraceApi(ports.http());
    Awaitility.await("/ready of the child").atMost(60, TimeUnit.SECONDS).until(() -> api.get("/ready", null).status() == 200);
    return ports;
  }

  private Ports awaitStarted() {
    return Awaitility.await("the start-up line of the child")
        .atMost(90, TimeUnit.SECONDS)
        .pollInterval(100, TimeUnit.MILLISECONDS)
        .until(
            this::readyPorts,
            p -> {
              if (p == null && !process.isAlive()) {
                throw new AssertionError("andante.jar exited with " + process.exitValue() + ":\n" + output());
              }
              return p != null;
            });
  }

  private Ports readyPorts() {
    Matcher m = READY.matcher(output());
    if (!m.find()) {
      return null;
    }
    return new Ports(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
  }

  record Ports(int http, int otlpGrpc, int otlpHttp) {}

  String output() {
    try {
      return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Sends SIGTERM (what {@link Process#destroy()} does on Unix) and waits for the exit status. */
  int terminate() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("andante.jar did not exit within 120 s of SIGTERM:\n" + output());
    }
    return process.exitValue();
  }

  /** Sends SIGKILL, as a crash or an OOM killer would: no shutdown hook runs. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new AssertionError("andante.jar did not die within 30 s of SIGKILL");
    }
  }

  boolean isAlive() {
    return process.isAlive();
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
    }
  }
}
