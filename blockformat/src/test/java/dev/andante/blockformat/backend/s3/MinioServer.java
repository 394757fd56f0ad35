package dev.andante.blockformat.backend.s3;

import static org.awaitility.Awaitility.await;

import dev.andante.blockformat.backend.S3Config;
import java.io.File;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A MinIO server run as a local process from a {@code minio} binary, for tests where one is
 * installed: on 127.0.0.1 and a free port, over a data directory of the caller's.
 */
public final class MinioServer implements AutoCloseable {
  /** Names a minio binary explicitly, ahead of the PATH. */
  public static final String BINARY_ENV = "ANDANTE_MINIO_BINARY";
  public static final String ACCESS_KEY = "andante-minio";
  public static final String SECRET_KEY = "andante-minio-secret";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private final Process process;
  private final int port;
  private final Path log;
  private final S3Client admin;

  private MinioServer(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
    this.admin =
        S3Client.builder()
            .endpointOverride(endpoint())
            .region(Region.of(S3Config.DEFAULT_REGION))
            .forcePathStyle(true)
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
            .httpClientBuilder(ApacheHttpClient.builder())
            .build();
  }

  /** The minio binary: {@value #BINARY_ENV}, else {@code minio} on the PATH, else {@code ~/go/bin/minio}. */
  public static Optional<Path> findBinary() {
    String explicit = System.getenv(BINARY_ENV);
    if (explicit != null && !explicit.isBlank()) {
      return Optional.of(Path.of(explicit)).filter(Files::isExecutable);
    }
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "minio"))) {
        return Optional.of(Path.of(dir, "minio"));
      }
    }
    Path goBin = Path.of(System.getProperty("user.home"), "go", "bin", "minio");
    return Files.isExecutable(goBin) ? Optional.of(goBin) : Optional.empty();
  }

  /** Starts {@code binary} over {@code workDir} and waits until it answers its health check. */
  public static MinioServer start(Path binary, Path workDir) throws IOException {
    Path data = Files.createDirectories(workDir.resolve("data"));
    Path log = workDir.resolve("minio.log");
    int port = freePort();
    ProcessBuilder builder =
        new ProcessBuilder(
                binary.toString(), "server", data.toString(), "--address", "127.0.0.1:" + port,
                "--console-address", "127.0.0.1:" + freePort(), "--quiet")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().put("MINIO_ROOT_USER", ACCESS_KEY);
    builder.environment().put("MINIO_ROOT_PASSWORD", SECRET_KEY);
    builder.environment().put("MINIO_BROWSER", "off");
    builder.environment().put("MINIO_UPDATE", "off");
    Process process = builder.start();
    MinioServer server = new MinioServer(process, port, log);
    try {
      await("minio on port " + port).atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(100))
          .until(() -> {
            if (!process.isAlive()) {
              throw new IllegalStateException("minio exited with " + process.exitValue() + ": " + Files.readString(log));
            }
            return server.isLive();
          });
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
    return server;
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + port);
  }

  public S3Config config(String bucket, String prefix) {
    return new S3Config(bucket, prefix, endpoint().toString(), S3Config.DEFAULT_REGION, ACCESS_KEY, SECRET_KEY, true, true);
  }

  public String createBucket() {
    String name = "andante-" + UUID.randomUUID().toString().substring(0, 8);
    admin.createBucket(b -> b.bucket(name));
    return name;
  }

  public S3Client client() {
    return admin;
  }

  public Path log() {
    return log;
  }

  @Override
  public void close() {
    admin.close();
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private boolean isLive() {
    try {
      HttpURLConnection connection =
          (HttpURLConnection) URI.create(endpoint() + "/minio/health/live").toURL().openConnection();
      connection.setConnectTimeout(500);
      connection.setReadTimeout(500);
      try {
        return connection.getResponseCode() == 200;
      } finally {
        connection.disconnect();
      }
    } catch (IOException e) {
      return false;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
