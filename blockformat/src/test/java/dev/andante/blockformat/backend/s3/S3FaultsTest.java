package dev.andante.blockformat.backend.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.andante.blockformat.backend.BackendException;
import dev.andante.blockformat.backend.GeneratedData;
import dev.andante.blockformat.backend.NotFoundException;
import dev.andante.blockformat.backend.ObjectStore;
import dev.andante.blockformat.backend.S3Config;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What the S3 backend says when the bucket, the credentials or the endpoint are wrong. */
@Timeout(60)
class S3FaultsTest {
  @RegisterExtension static final S3ProxyServer S3 = new S3ProxyServer();
  private static final S3Options FAST = S3Options.DEFAULT.withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(2), 2);

  @Test
  void missingBucketIsNamed() {
    try (ObjectStore store = S3ObjectStore.create(S3.config("no-such-bucket"), FAST)) {
      assertThatThrownBy(store::verify)
          .isInstanceOf(BackendException.class)
          .hasMessageContaining("Cannot use bucket no-such-bucket")
          .hasMessageContaining("does not exist")
          .hasMessageContaining(S3.endpoint().toString());
      assertThatThrownBy(() -> store.read("t/b/meta.json"))
          .isInstanceOf(BackendException.class)
          .isNotInstanceOf(NotFoundException.class)
          .hasMessageContaining("Cannot read t/b/meta.json: bucket no-such-bucket does not exist");
      assertThatThrownBy(() -> store.write("t/b/meta.json", new byte[1]))
          .isInstanceOf(BackendException.class)
          .hasMessageContaining("Cannot write t/b/meta.json")
          .hasMessageContaining("does not exist");
      assertThatThrownBy(() -> store.list("t/"))
          .isInstanceOf(BackendException.class)
          .hasMessageContaining("Cannot list t/")
          .hasMessageContaining("does not exist");
    }
  }

  @Test
  void badCredentialsAreNamed() {
    String bucket = S3.createBucket();
    S3Config good = S3.config(bucket);
    S3Config wrongSecret = new S3Config(bucket, "", good.endpoint(), good.region(), good.accessKey(), "wrong", true, true);
    try (ObjectStore store = S3ObjectStore.create(wrongSecret, FAST)) {
      assertThatThrownBy(store::verify)
          .isInstanceOf(BackendException.class)
          .hasMessageContaining("Cannot use bucket " + bucket)
          .hasMessageContaining("access denied (403")
          .hasMessageContaining("access_key");
      assertThatThrownBy(() -> store.read("t/k"))
          .isInstanceOf(BackendException.class)
          .isNotInstanceOf(NotFoundException.class)
          .hasMessageContaining("Cannot read t/k: access denied (403")
          .hasMessageContaining("(bucket " + bucket + ")");
    }
  }

  @Test
  void unreachableEndpointIsNamedQuickly() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    S3Config config = new S3Config(
        "traces", "", "127.0.0.1:" + closedPort, "us-east-1", "a", "b", true, true);
    long start = System.nanoTime();
    try (ObjectStore store = S3ObjectStore.create(config, FAST)) {
      assertThatThrownBy(store::verify)
          .isInstanceOf(BackendException.class)
          .hasMessageContaining("Cannot use bucket traces: cannot reach endpoint http://127.0.0.1:" + closedPort);
      assertThatThrownBy(() -> store.read("t/k"))
          .isInstanceOf(BackendException.class)
          .hasMessageContaining("Cannot read t/k: cannot reach endpoint http://127.0.0.1:" + closedPort)
          .hasMessageContaining("(bucket traces)");
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void silentEndpointTimesOut() throws IOException {
    // Accepts connections (the kernel does, via the backlog) but never answers.
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      S3Config config = new S3Config(
          "traces", "", "127.0.0.1:" + silent.getLocalPort(), "us-east-1", "a", "b", true, true);
      long start = System.nanoTime();
      try (ObjectStore store = S3ObjectStore.create(config, FAST)) {
        assertThatThrownBy(() -> store.read("t/k"))
            .isInstanceOf(BackendException.class)
            .hasMessageContaining("Cannot read t/k: timed out talking to http://127.0.0.1:" + silent.getLocalPort());
      }
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }
  }

  @Test
  void throttlingIsRetriedWithBackoff() throws IOException {
    AtomicInteger requests = new AtomicInteger();
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      int n = requests.incrementAndGet();
      exchange.getRequestBody().readAllBytes();
      if (n <= 2) {
        byte[] body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>SlowDown</Code>"
            + "<Message>Please reduce your request rate.</Message></Error>").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/xml");
        exchange.sendResponseHeaders(503, "HEAD".equals(exchange.getRequestMethod()) ? -1 : body.length);
        if (!"HEAD".equals(exchange.getRequestMethod())) {
          exchange.getResponseBody().write(body);
        }
      } else {
        exchange.sendResponseHeaders(200, -1);
      }
      exchange.close();
    });
    server.start();
    try (ObjectStore store = S3ObjectStore.create(
        new S3Config("traces", "", "127.0.0.1:" + server.getAddress().getPort(), "us-east-1", "a", "b", true, true),
        S3Options.DEFAULT.withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(20), 3))) {
      store.verify();
      assertThat(requests).hasValue(3);

      requests.set(-10);
      assertThatThrownBy(store::verify)
          .isInstanceOf(BackendException.class)
          .hasMessageContaining("Cannot use bucket traces: the server is throttling us (503");
      assertThat(requests).hasValue(-7);
    } finally {
      server.stop(0);
    }
  }

  @Test
  void failedMultipartUploadIsAborted() {
    String bucket = S3.createBucket();
    long length = 12L * 1024 * 1024;
    InputStream failing = new InputStream() {
      private final InputStream data = new GeneratedData(5).stream(length);
      private long read;

      @Override
      public int read() throws IOException {
        throw new IOException("disk gone");
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (read > 7L * 1024 * 1024) {
          throw new IOException("disk gone");
        }
        int n = data.read(b, off, len);
        read += Math.max(n, 0);
        return n;
      }
    };
    try (ObjectStore store = S3ObjectStore.create(S3.config(bucket), S3ProxyServer.testOptions())) {
      assertThatThrownBy(() -> store.write("t/big", failing, length))
          .isInstanceOf(BackendException.class)
          .hasMessageContaining("Cannot write t/big: cannot read the data: disk gone");

      assertThat(S3.client().listMultipartUploads(b -> b.bucket(bucket)).uploads()).isEmpty();
      assertThat(store.list("")).isEmpty();
    }
  }

  @Test
  void configIsCheckedUpFront() {
    S3Config noBucket = new S3Config("", "", "", "us-east-1", "", "", false, false);
    assertThatThrownBy(() -> S3ObjectStore.create(noBucket))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("storage.trace.s3.bucket");
    S3Config halfCredentials = new S3Config("b", "", "", "us-east-1", "key", "", false, false);
    assertThatThrownBy(() -> S3ObjectStore.create(halfCredentials))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("secret_key");
    S3Config badPrefix = new S3Config("b", "a/../b", "", "us-east-1", "", "", false, false);
    assertThatThrownBy(() -> S3ObjectStore.create(badPrefix))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("storage.trace.s3.prefix");
  }

  @Test
  void prefixesAreNormalised() {
    assertThat(S3ObjectStore.normalizePrefix("")).isEmpty();
    assertThat(S3ObjectStore.normalizePrefix(null)).isEmpty();
    assertThat(S3ObjectStore.normalizePrefix("/")).isEmpty();
    assertThat(S3ObjectStore.normalizePrefix("traces")).isEqualTo("traces/");
    assertThat(S3ObjectStore.normalizePrefix("/env/prod/")).isEqualTo("env/prod/");
  }
}
