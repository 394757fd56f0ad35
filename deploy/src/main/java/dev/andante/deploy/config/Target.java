package dev.andante.deploy.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Which roles one process runs ({@code target}, {@code -target}). */
public enum Target {
  /** Every role in one process: the single-binary mode. */
  ALL,
  /** Receivers and routing only: spans go to the ring's ingesters; needs {@code memberlist}. */
  DISTRIBUTOR,
  INGESTER,
  QUERIER,
  COMPACTOR;

  /** The name used in YAML and on the command line. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Whether the process runs OTLP receivers. With a ring they route each trace to its owners; alone,
   * they hand spans to the local ingester.
   */
  public boolean runsDistributor() {
    return this == ALL || this == DISTRIBUTOR || this == INGESTER;
  }

  public boolean runsIngester() {
    return this == ALL || this == INGESTER;
  }

  public boolean runsQuerier() {
    return this == ALL || this == QUERIER;
  }

  public boolean runsCompactor() {
    return this == ALL || this == COMPACTOR;
  }

  /** @throws IllegalArgumentException naming the accepted targets */
  public static Target parse(String text) {
    for (Target t : values()) {
      if (t.key().equals(text)) {
        return t;
      }
    }
    throw new IllegalArgumentException("'" + text + "' is not a target; use one of " + names());
  }

  public static String names() {
    return Arrays.stream(values()).map(Target::key).collect(Collectors.joining(", "));
  }
}
