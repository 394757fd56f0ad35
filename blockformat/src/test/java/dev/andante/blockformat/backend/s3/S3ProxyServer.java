package dev.andante.blockformat.backend.s3;

import dev.andante.blockformat.backend.S3Config;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3 server for tests: S3Proxy in this JVM, storing objects under a temp directory, on
 * 127.0.0.1 and an ephemeral port. Starts in well under a second. As a JUnit 5 extension:
 *
 * <pre>{@code
 * @RegisterExtension static final S3ProxyServer S3 = new S3ProxyServer();
 *
 * ObjectStore store = S3ObjectStore.create(S3.config(S3.createBucket()));
 * }</pre>
 *
 * or without JUnit: {@code try (S3ProxyServer s3 = S3ProxyServer.start()) { ... }}.
 */
public final class S3ProxyServer implements BeforeAllCallback, AfterAllCallback, AutoCloseable {
  public static final String ACCESS_KEY = "andante-access";
  public static final String SECRET_KEY = "andante-secret-key";
  private static final AtomicInteger BUCKETS = new AtomicInteger();

  private S3Proxy proxy;
  private Path dataDir;
  private boolean ownsDataDir;
  private S3Client admin;

  /** Not started yet: register it as an extension, or call {@link #start()}. */
  public S3ProxyServer() {}

  /** A started server over a new temp directory, removed again by {@link #close()}. */
  public static S3ProxyServer start() {
    S3ProxyServer server = new S3ProxyServer();
    server.startOn(null);
    return server;
  }

  /** A started server storing its objects under {@code dataDir}, which is left in place on close. */
  public static S3ProxyServer start(Path dataDir) {
    S3ProxyServer server = new S3ProxyServer();
    server.startOn(dataDir);
    return server;
  }

  /**
   * A started server on {@code port} storing its objects under {@code dataDir}: to stop a server
   * and start it again where clients expect it, as an outage ends.
   */
  public static S3ProxyServer start(Path dataDir, int port) {
    S3ProxyServer server = new S3ProxyServer();
    server.startOn(dataDir, port);
    return server;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    startOn(null);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  /** {@code http://127.0.0.1:<port>}. */
  public URI endpoint() {
    requireStarted();
    return URI.create("http://127.0.0.1:" + proxy.getPort());
  }

  public int port() {
    requireStarted();
    return proxy.getPort();
  }

  /** Where the buckets live on disk: one directory per bucket. */
  public Path dataDir() {
    requireStarted();
    return dataDir;
  }

  /** Creates a bucket of a new, unique name and returns the name. */
  public String createBucket() {
    String name = "andante-" + BUCKETS.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 8);
    createBucket(name);
    return name;
  }

  public void createBucket(String name) {
    requireStarted();
    admin.createBucket(b -> b.bucket(name));
  }

  /** An {@link S3Config} for {@code bucket} on this server: path style, static credentials. */
  public S3Config config(String bucket) {
    return config(bucket, "");
  }

  public S3Config config(String bucket, String prefix) {
    return new S3Config(
        bucket, prefix, endpoint().toString(), S3Config.DEFAULT_REGION, ACCESS_KEY, SECRET_KEY, true, true);
  }

  /** Options with short timeouts, so a test that meets a fault fails in seconds. */
  public static S3Options testOptions() {
    return S3Options.DEFAULT.withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(30), 3)
        .withMultipart(S3Options.MIN_PART_SIZE_BYTES, S3Options.MIN_PART_SIZE_BYTES);
  }

  /** A raw SDK client for this server, e.g. to look at what the backend wrote. Closed on close. */
  public S3Client client() {
    requireStarted();
    return admin;
  }

  @Override
  public synchronized void close() {
    if (proxy == null) {
      return;
    }
    try {
      admin.close();
      proxy.stop();
    } catch (Exception e) {
      throw new IllegalStateException("Cannot stop S3Proxy: " + e.getMessage(), e);
    } finally {
      proxy = null;
      if (ownsDataDir) {
        deleteRecursively(dataDir);
      }
    }
  }

  private synchronized void startOn(Path dir) {
    startOn(dir, 0);
  }

  private synchronized void startOn(Path dir, int port) {
    if (proxy != null) {
      throw new IllegalStateException("S3Proxy is already running on port " + proxy.getPort());
    }
    try {
      ownsDataDir = dir == null;
      dataDir = dir == null ? Files.createTempDirectory("andante-s3proxy-") : Files.createDirectories(dir);
      Properties properties = new Properties();
      properties.setProperty("jclouds.filesystem.basedir", dataDir.toString());
      properties.setProperty("jclouds.identity", ACCESS_KEY);
      properties.setProperty("jclouds.credential", SECRET_KEY);
      proxy =
          S3Proxy.builder()
              .blobStore(BlobStores.create("filesystem-nio2", properties))
              .endpoint(URI.create("http://127.0.0.1:" + port))
              .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
              .build();
      proxy.start();
      // start() returns once Jetty is started, with the ephemeral port bound.
      admin =
          S3Client.builder()
              .endpointOverride(endpoint())
              .region(Region.of(S3Config.DEFAULT_REGION))
              .forcePathStyle(true)
              .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
              .httpClientBuilder(software.amazon.awssdk.http.apache.ApacheHttpClient.builder())
              .build();
    } catch (Exception e) {
      throw new IllegalStateException("Cannot start S3Proxy: " + e.getMessage(), e);
    }
  }

  private void requireStarted() {
    if (proxy == null) {
      throw new IllegalStateException("S3Proxy is not running: register the extension or call start()");
    }
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot remove " + dir, e);
    }
  }
}
