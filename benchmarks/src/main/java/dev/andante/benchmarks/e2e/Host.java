package dev.andante.benchmarks.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** The machine and code a run measured: written beside every figure. */
final class Host {
  private Host() {}

  static int processors() {
    return Runtime.getRuntime().availableProcessors();
  }

  static String cpuModel() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
          .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }

  static String memory() {
    try {
      return Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
          .map(l -> String.format("%.1f GiB", Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024.0 / 1024.0))
          .findFirst().orElse("unknown");
    } catch (IOException | NumberFormatException e) {
      return "unknown";
    }
  }

  static String jvm() {
    return System.getProperty("java.vm.name") + " " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")";
  }

  /** {@code uptime}'s line: the load averages of the shared machine right now. */
  static String uptime() {
    return run("uptime");
  }

  static String commit() {
    String head = run("git", "rev-parse", "--short", "HEAD");
    String dirty = run("git", "status", "--porcelain", "--untracked-files=no");
    return head + (dirty.isEmpty() || dirty.equals("unknown") ? "" : " (with uncommitted changes)");
  }

  static String run(String... command) {
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
