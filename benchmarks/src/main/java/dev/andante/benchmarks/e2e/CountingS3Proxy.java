package dev.andante.benchmarks.e2e;

import java.net.URI;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.atomic.LongAdder;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.model.CreateBucketRequest;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;

/**
 * S3Proxy in the harness JVM (filesystem-nio2 under a directory, 127.0.0.1, an ephemeral port),
 * counting what Andante asks of it: GETs (whole and ranged), HEADs and LISTs. Object bytes on
 * disk are under {@code dataDir/<bucket>}.
 */
final class CountingS3Proxy implements AutoCloseable {
  static final String ACCESS_KEY = "andante-bench";
  static final String SECRET_KEY = "andante-bench-secret";

  final LongAdder gets = new LongAdder();
  final LongAdder heads = new LongAdder();
  final LongAdder lists = new LongAdder();
  private final S3Proxy proxy;
  private final Path dataDir;

  private CountingS3Proxy(S3Proxy proxy, Path dataDir) {
    this.proxy = proxy;
    this.dataDir = dataDir;
  }

  static CountingS3Proxy start(Path dataDir, String bucket) throws Exception {
    java.nio.file.Files.createDirectories(dataDir);
    Properties properties = new Properties();
    properties.setProperty("jclouds.filesystem.basedir", dataDir.toString());
    properties.setProperty("jclouds.identity", ACCESS_KEY);
    properties.setProperty("jclouds.credential", SECRET_KEY);
    BlobStore files = BlobStores.create("filesystem-nio2", properties);
    files.createContainer(CreateBucketRequest.builder().bucket(bucket).build());
    CountingS3Proxy[] self = new CountingS3Proxy[1];
    BlobStore counting = new ForwardingBlobStore(files) {
      @Override
      public ResponseInputStream<GetObjectResponse> getBlob(GetObjectRequest request) {
        self[0].gets.increment();
        return super.getBlob(request);
      }

      @Override
      public HeadObjectResponse blobMetadata(HeadObjectRequest request) {
        self[0].heads.increment();
        return super.blobMetadata(request);
      }

      @Override
      public ListObjectsV2Response list(ListObjectsV2Request request) {
        self[0].lists.increment();
        return super.list(request);
      }
    };
    S3Proxy proxy = S3Proxy.builder()
        .blobStore(counting)
        .endpoint(URI.create("http://127.0.0.1:0"))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
        .build();
    proxy.start();
    self[0] = new CountingS3Proxy(proxy, dataDir);
    return self[0];
  }

  String endpoint() {
    return "http://127.0.0.1:" + proxy.getPort();
  }

  Path dataDir() {
    return dataDir;
  }

  @Override
  public void close() throws Exception {
    proxy.stop();
  }
}
