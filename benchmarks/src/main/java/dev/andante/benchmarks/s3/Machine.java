package dev.andante.benchmarks.s3;

import dev.andante.benchmarks.Host;

/** What a result was measured on: written beside every result so numbers are never orphaned. */
record Machine(
    int processors, String memory, String cpuModel, String loadAverage, String jvm, String os, String gitCommit) {

  static Machine describe() {
    return new Machine(
        Host.processors(), Host.memory(), Host.cpuModel(), Host.loadAverage(), Host.jvm(), Host.os(), Host.fullCommit());
  }
}
