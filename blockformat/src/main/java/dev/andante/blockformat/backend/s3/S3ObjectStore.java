package dev.andante.blockformat.backend.s3;

import dev.andante.blockformat.backend.BackendException;
import dev.andante.blockformat.backend.ObjectKeys;
import dev.andante.blockformat.backend.ObjectStore;
import dev.andante.blockformat.backend.S3Config;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Objects in an S3 bucket (AWS S3, MinIO, or any S3-compatible server), under an optional key
 * prefix. Data is read with ranged GETs; lists are paginated; large writes are streamed as
 * multipart uploads (see {@link S3Options}). The SDK retries throttling, 5xx answers and I/O errors
 * with backoff; what still fails is translated once into {@link BackendException} or {@link
 * dev.andante.blockformat.backend.NotFoundException}. Thread safe: one SDK client with a pool of
 * connections serves every caller.
 */
public final class S3ObjectStore implements ObjectStore {
  private final S3Client client;
  private final String bucket;
  private final String prefix;
  private final String endpoint;
  private final S3Errors errors;
  private final Uploads uploads;

  private S3ObjectStore(S3Client client, String bucket, String prefix, String endpoint, S3Options options) {
    this.client = client;
    this.bucket = bucket;
    this.prefix = prefix;
    this.endpoint = endpoint;
    this.errors = new S3Errors(bucket, endpoint);
    this.uploads = new Uploads(client, bucket, options, errors);
  }

  /** A store over the bucket and prefix of {@code config}, with the default options. */
  public static S3ObjectStore create(S3Config config) {
    return create(config, S3Options.DEFAULT);
  }

  /**
   * A store over the bucket and prefix of {@code config}. Makes no request: call {@link #verify()}
   * to check that the bucket is there and the credentials work.
   */
  public static S3ObjectStore create(S3Config config, S3Options options) {
    if (config == null) {
      throw new IllegalArgumentException("config must not be null");
    }
    if (options == null) {
      throw new IllegalArgumentException("options must not be null");
    }
    if (config.bucket() == null || config.bucket().isBlank()) {
      throw new IllegalArgumentException("storage.trace.s3.bucket must be set");
    }
    String prefix = normalizePrefix(config.prefix());
    URI endpoint = S3Clients.endpoint(config);
    String endpointName = endpoint == null ? "the AWS endpoint of " + config.region() : endpoint.toString();
    return new S3ObjectStore(S3Clients.build(config, options), config.bucket(), prefix, endpointName, options);
  }

  /** "" for none, else the prefix with exactly one trailing '/'. */
  static String normalizePrefix(String prefix) {
    String p = prefix == null ? "" : prefix.strip();
    while (p.startsWith("/")) {
      p = p.substring(1);
    }
    while (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    if (p.isEmpty()) {
      return "";
    }
    try {
      ObjectKeys.checkPrefix(p + "/");
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("storage.trace.s3.prefix is invalid: " + e.getMessage(), e);
    }
    return p + "/";
  }

  public String bucket() {
    return bucket;
  }

  /** The key prefix inside the bucket, "" or ending with '/'. */
  public String prefix() {
    return prefix;
  }

  @Override
  public byte[] read(String key) {
    String objectKey = objectKey(key);
    try {
      return client.getObjectAsBytes(b -> b.bucket(bucket).key(objectKey)).asByteArrayUnsafe();
    } catch (SdkException e) {
      throw errors.translate("read " + objectKey, e);
    }
  }

  @Override
  public byte[] readRange(String key, long offset, int length) {
    String objectKey = objectKey(key);
    ObjectKeys.checkRange(offset, length);
    if (length == 0) {
      long size = size(key);
      if (offset > size) {
        throw beyondEnd(objectKey, offset, length, size);
      }
      return new byte[0];
    }
    String range = "bytes=" + offset + "-" + (offset + length - 1);
    byte[] data;
    try {
      data = client.getObjectAsBytes(b -> b.bucket(bucket).key(objectKey).range(range)).asByteArrayUnsafe();
    } catch (S3Exception e) {
      if (e.statusCode() == 416) {
        throw beyondEnd(objectKey, offset, length, -1);
      }
      throw errors.translate("read " + objectKey, e);
    } catch (SdkException e) {
      throw errors.translate("read " + objectKey, e);
    }
    if (data.length != length) {
      // S3 answers a range that overruns the end with the bytes there are.
      throw beyondEnd(objectKey, offset, length, offset + data.length);
    }
    return data;
  }

  @Override
  public long size(String key) {
    String objectKey = objectKey(key);
    try {
      return client.headObject(b -> b.bucket(bucket).key(objectKey)).contentLength();
    } catch (SdkException e) {
      throw errors.translate("read the size of " + objectKey, e);
    }
  }

  @Override
  public List<String> list(String keyPrefix) {
    ObjectKeys.checkPrefix(keyPrefix);
    String fullPrefix = prefix + keyPrefix;
    List<String> keys = new ArrayList<>();
    try {
      for (S3Object object : client.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(fullPrefix)).contents()) {
        keys.add(object.key().substring(prefix.length()));
      }
    } catch (SdkException e) {
      throw errors.translate("list " + fullPrefix, e);
    }
    return keys;
  }

  @Override
  public List<String> listFolders(String keyPrefix) {
    ObjectKeys.checkFolderPrefix(keyPrefix);
    String fullPrefix = prefix + keyPrefix;
    List<String> folders = new ArrayList<>();
    try {
      for (CommonPrefix common :
          client.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(fullPrefix).delimiter("/")).commonPrefixes()) {
        String folder = common.prefix().substring(fullPrefix.length());
        folders.add(folder.endsWith("/") ? folder.substring(0, folder.length() - 1) : folder);
      }
    } catch (SdkException e) {
      throw errors.translate("list folders under " + fullPrefix, e);
    }
    return folders;
  }

  @Override
  public void write(String key, InputStream data, long length) {
    String objectKey = objectKey(key);
    ObjectKeys.checkLength(length);
    uploads.upload(objectKey, data, length);
  }

  @Override
  public void delete(String key) {
    String objectKey = objectKey(key);
    try {
      client.deleteObject(b -> b.bucket(bucket).key(objectKey));
    } catch (SdkException e) {
      throw errors.translate("delete " + objectKey, e);
    }
  }

  /**
   * Checks that the endpoint answers, the bucket exists and the credentials may use it, failing
   * with a message that names which of these is wrong.
   */
  @Override
  public void verify() {
    try {
      client.headBucket(b -> b.bucket(bucket));
    } catch (SdkException e) {
      throw new BackendException(
          "Cannot use bucket " + bucket + ": " + errors.reason(e) + " (endpoint " + endpoint + ")", e);
    }
  }

  @Override
  public void close() {
    client.close();
  }

  @Override
  public String toString() {
    return "S3ObjectStore[bucket=" + bucket + ", prefix=" + prefix + ", endpoint=" + endpoint + "]";
  }

  private String objectKey(String key) {
    return prefix + ObjectKeys.checkKey(key);
  }

  private BackendException beyondEnd(String objectKey, long offset, int length, long size) {
    return new BackendException(
        "Cannot read " + objectKey + ": range " + offset + "+" + length + " ends beyond the object's end"
            + (size >= 0 ? " at " + size + " bytes" : "") + " (bucket " + bucket + ")");
  }
}
