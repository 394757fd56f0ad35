package dev.andante.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The machine and code a run measured, written beside every figure; read from /proc, the JVM and
 * git, "unknown" where not available (not Linux, not a git checkout).
 */
public final class Host {
  private Host() {}

  public static int processors() {
    return Runtime.getRuntime().availableProcessors();
  }

  public static String cpuModel() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
          .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }

  public static String memory() {
    try {
      return Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
          .map(l -> String.format("%.1f GiB", Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024.0 / 1024.0))
          .findFirst().orElse("unknown");
    } catch (IOException | NumberFormatException e) {
      return "unknown";
    }
  }

  public static String jvm() {
    return System.getProperty("java.vm.name") + " " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")";
  }

  public static String os() {
    return System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch");
  }

  /** The first line of /proc/loadavg: load averages, runnable/total tasks, last PID. */
  public static String loadAverage() {
    try {
      List<String> lines = Files.readAllLines(Path.of("/proc/loadavg"));
      return lines.isEmpty() ? "unknown" : lines.get(0);
    } catch (IOException e) {
      return "unknown";
    }
  }

  /** {@code uptime}'s line: the load averages of the shared machine right now. */
  public static String uptime() {
    return run("uptime");
  }

  /** The abbreviated commit, marked when tracked files have uncommitted changes. */
  public static String commit() {
    return describeCommit("--short");
  }

  /** As {@link #commit()}, with the full hash. */
  public static String fullCommit() {
    return describeCommit();
  }

  private static String describeCommit(String... hashFlags) {
    List<String> command = new ArrayList<>(List.of("git", "rev-parse"));
    command.addAll(List.of(hashFlags));
    command.add("HEAD");
    String head = run(command.toArray(String[]::new));
    String dirty = run("git", "status", "--porcelain", "--untracked-files=no");
    return head + (dirty.isEmpty() || dirty.equals("unknown") ? "" : " (with uncommitted changes)");
  }

  public static String run(String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 ? out : "unknown";
    } catch (IOException e) {
      return "unknown";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown";
    }
  }
}
