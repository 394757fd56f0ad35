package dev.andante.querier.http;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * What {@code /status/buildinfo} answers, shaped like Tempo's (which reports {@code goVersion}; we
 * report {@code javaVersion}).
 *
 * @param version release version, e.g. {@code 0.1.0}
 * @param revision source revision (commit), empty when unknown
 * @param javaVersion the running JVM's version
 */
public record BuildInfo(String version, String revision, String javaVersion) {
  /** Optional classpath resource with {@code version} and {@code revision}, written by the build. */
  public static final String RESOURCE = "/META-INF/andante/build.properties";
  private static final String UNKNOWN_VERSION = "dev";

  public BuildInfo {
    if (version == null || version.isBlank()) {
      throw new IllegalArgumentException("version must not be blank");
    }
    revision = revision == null ? "" : revision;
    javaVersion = javaVersion == null ? "" : javaVersion;
  }

  /**
   * This build's info: from {@link #RESOURCE} when present, else the jar manifest's
   * Implementation-Version, else {@code dev}.
   */
  public static BuildInfo current() {
    Properties props = new Properties();
    try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
      if (in != null) {
        props.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read build info: " + e.getMessage() + " (" + RESOURCE + ")", e);
    }
    String version = props.getProperty("version");
    if (version == null || version.isBlank()) {
      version = BuildInfo.class.getPackage().getImplementationVersion();
    }
    return new BuildInfo(
        version == null || version.isBlank() ? UNKNOWN_VERSION : version,
        props.getProperty("revision", ""),
        System.getProperty("java.version"));
  }

  JsonObject toJson() {
    JsonObject json = new JsonObject().put("version", version);
    if (!revision.isEmpty()) {
      json.put("revision", revision);
    }
    return json.put("javaVersion", javaVersion);
  }
}
