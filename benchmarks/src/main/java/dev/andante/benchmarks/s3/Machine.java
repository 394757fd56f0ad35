package dev.andante.benchmarks.s3;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** What a result was measured on: written beside every result so numbers are never orphaned. */
record Machine(
    int processors, String memory, String cpuModel, String loadAverage, String jvm, String os, String gitCommit) {

  static Machine describe() {
    return new Machine(
        Runtime.getRuntime().availableProcessors(),
        memTotal(),
        procField(Path.of("/proc/cpuinfo"), "model name"),
        firstLine(Path.of("/proc/loadavg")),
        System.getProperty("java.vm.name") + " " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")",
        System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
        currentCommit());
  }

  private static String memTotal() {
    String kb = procField(Path.of("/proc/meminfo"), "MemTotal").replace("kB", "").trim();
    try {
      return String.format("%.1f GiB", Long.parseLong(kb) / 1024.0 / 1024.0);
    } catch (NumberFormatException e) {
      return kb;
    }
  }

  private static String procField(Path file, String field) {
    try {
      for (String line : Files.readAllLines(file)) {
        if (line.startsWith(field)) {
          return line.substring(line.indexOf(':') + 1).trim();
        }
      }
    } catch (IOException e) {
      // Not Linux: say so rather than fail the run.
    }
    return "unknown";
  }

  private static String firstLine(Path file) {
    try {
      List<String> lines = Files.readAllLines(file);
      return lines.isEmpty() ? "unknown" : lines.get(0);
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static String currentCommit() {
    String head = git("rev-parse", "HEAD");
    String dirty = git("status", "--porcelain", "--untracked-files=no");
    return head + (dirty.isEmpty() || dirty.equals("unknown") ? "" : " (with uncommitted changes)");
  }

  private static String git(String... args) {
    String[] command = new String[args.length + 1];
    command[0] = "git";
    System.arraycopy(args, 0, command, 1, args.length);
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
        return "unknown";
      }
      return out;
    } catch (IOException e) {
      return "unknown";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown";
    }
  }
}
