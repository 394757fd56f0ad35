package dev.andante.deploy.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;

/** {@code java -jar andante.jar ...} as a child process, its output collected line by line. */
final class ChildProcess implements AutoCloseable {
  /** The line Andante logs once every role serves; see {@code Andante#start}. */
  private static final Pattern LISTENING =
      Pattern.compile("Andante is ready.*HTTP API \\S+:(\\d+).*OTLP/gRPC \\S+:(\\d+).*OTLP/HTTP \\S+:(\\d+)");

  private final Process process;
  private final List<String> lines = new ArrayList<>();

  private ChildProcess(Process process) {
    this.process = process;
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                  synchronized (lines) {
                    lines.add(line);
                  }
                }
              } catch (IOException ignored) {
                // The process ended.
              }
            },
            "andante-child-output");
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts the jar with {@code args}, in {@code workDir}. */
  static ChildProcess start(Path jar, Path workDir, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx512m");
    command.add("-jar");
    command.add(jar.toAbsolutePath().toString());
    command.addAll(List.of(args));
    return new ChildProcess(new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true).start());
  }

  /** The ports from the ready line: HTTP API, OTLP/gRPC, OTLP/HTTP. Waits for it. */
  Ports awaitReady() {
    return Awaitility.await("the ready line of the child")
        .atMost(90, TimeUnit.SECONDS)
        .pollInterval(100, TimeUnit.MILLISECONDS)
        .until(this::readyPorts, p -> {
          if (!process.isAlive() && p == null) {
            throw new AssertionError("andante.jar exited with " + process.exitValue() + ":\n" + output());
          }
          return p != null;
        });
  }

  private Ports readyPorts() {
    synchronized (lines) {
      for (String line : lines) {
        Matcher m = LISTENING.matcher(line);
        if (m.find()) {
          return new Ports(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
        }
      }
    }
    return null;
  }

  record Ports(int http, int otlpGrpc, int otlpHttp) {}

  String output() {
    synchronized (lines) {
      return String.join("\n", lines);
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
