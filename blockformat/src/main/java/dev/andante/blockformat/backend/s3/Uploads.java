package dev.andante.blockformat.backend.s3;

import dev.andante.blockformat.backend.BackendException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * Streams an object to S3: one PutObject up to the multipart threshold, else a multipart upload
 * of fixed-size parts read one at a time into a reused buffer, so at most one part is in the heap.
 * Each request body is re-readable from that buffer, so the SDK can retry it. A failed multipart
 * upload is aborted, leaving no parts behind to be billed.
 */
final class Uploads {
  private static final Logger LOG = LoggerFactory.getLogger(Uploads.class);
  private static final String CONTENT_TYPE = "application/octet-stream";

  private final S3Client client;
  private final String bucket;
  private final S3Options options;
  private final S3Errors errors;

  Uploads(S3Client client, String bucket, S3Options options, S3Errors errors) {
    this.client = client;
    this.bucket = bucket;
    this.options = options;
    this.errors = errors;
  }

  void upload(String objectKey, InputStream data, long length) {
    if (length <= options.multipartThresholdBytes()) {
      byte[] buffer = new byte[(int) length];
      fill(data, buffer, (int) length, objectKey, 0, length);
      try {
        client.putObject(
            b -> b.bucket(bucket).key(objectKey).contentLength(length).contentType(CONTENT_TYPE),
            body(buffer, (int) length));
      } catch (SdkException e) {
        throw errors.translate("write " + objectKey, e);
      }
      return;
    }
    long parts = (length + options.partSizeBytes() - 1) / options.partSizeBytes();
    if (parts > S3Options.MAX_PARTS) {
      throw new BackendException(
          "Cannot write " + objectKey + ": " + length + " bytes need " + parts + " parts of " + options.partSizeBytes()
              + " bytes, S3 allows " + S3Options.MAX_PARTS + " (bucket " + bucket + ")");
    }
    uploadInParts(objectKey, data, length);
  }

  private void uploadInParts(String objectKey, InputStream data, long length) {
    String uploadId;
    try {
      uploadId =
          client.createMultipartUpload(
                  b -> b.bucket(bucket).key(objectKey).contentType(CONTENT_TYPE)
                      .checksumAlgorithm(ChecksumAlgorithm.CRC32))
              .uploadId();
    } catch (SdkException e) {
      throw errors.translate("write " + objectKey, e);
    }
    try {
      List<CompletedPart> completed = new ArrayList<>();
      byte[] buffer = new byte[options.partSizeBytes()];
      long uploaded = 0;
      for (int partNumber = 1; uploaded < length; partNumber++) {
        int size = (int) Math.min(buffer.length, length - uploaded);
        fill(data, buffer, size, objectKey, uploaded, length);
        int number = partNumber;
        UploadPartResponse response =
            client.uploadPart(
                b -> b.bucket(bucket).key(objectKey).uploadId(uploadId).partNumber(number).contentLength((long) size)
                    .checksumAlgorithm(ChecksumAlgorithm.CRC32),
                body(buffer, size));
        completed.add(
            CompletedPart.builder().partNumber(number).eTag(response.eTag()).checksumCRC32(response.checksumCRC32())
                .build());
        uploaded += size;
      }
      client.completeMultipartUpload(
          b -> b.bucket(bucket).key(objectKey).uploadId(uploadId).multipartUpload(m -> m.parts(completed)));
    } catch (SdkException e) {
      abort(objectKey, uploadId, e);
      throw errors.translate("write " + objectKey, e);
    } catch (RuntimeException | Error e) {
      abort(objectKey, uploadId, e);
      throw e;
    }
  }

  private void abort(String objectKey, String uploadId, Throwable failure) {
    try {
      client.abortMultipartUpload(b -> b.bucket(bucket).key(objectKey).uploadId(uploadId));
    } catch (SdkException e) {
      failure.addSuppressed(e);
      LOG.warn("Cannot abort multipart upload {} of {}: {} (bucket {})", uploadId, objectKey, e.getMessage(), bucket);
    }
  }

  /** Reads exactly {@code size} bytes into the buffer, or fails naming how much data there was. */
  private void fill(InputStream data, byte[] buffer, int size, String objectKey, long before, long length) {
    int filled = 0;
    try {
      while (filled < size) {
        int n = data.read(buffer, filled, size - filled);
        if (n < 0) {
          throw new BackendException(
              "Cannot write " + objectKey + ": the data ended after " + (before + filled) + " of " + length
                  + " bytes (bucket " + bucket + ")");
        }
        filled += n;
      }
    } catch (IOException e) {
      throw new BackendException(
          "Cannot write " + objectKey + ": cannot read the data: " + e.getMessage() + " (bucket " + bucket + ")", e);
    }
  }

  private static RequestBody body(byte[] buffer, int size) {
    ContentStreamProvider provider = () -> new java.io.ByteArrayInputStream(buffer, 0, size);
    return RequestBody.fromContentProvider(provider, size, CONTENT_TYPE);
  }
}
