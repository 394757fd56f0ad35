package dev.andante.blockformat.backend.s3;

import dev.andante.blockformat.backend.BackendException;
import dev.andante.blockformat.backend.NotFoundException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Translates the SDK's exceptions into the backend's, once, at the edge: messages read "Cannot
 * &lt;action&gt;: &lt;reason&gt; (bucket &lt;b&gt;)" and name the likely cause (missing bucket,
 * rejected credentials, unreachable endpoint) rather than the SDK's class names.
 */
final class S3Errors {
  private final String bucket;
  private final String endpoint;

  S3Errors(String bucket, String endpoint) {
    this.bucket = bucket;
    this.endpoint = endpoint;
  }

  /** {@code action} is what failed, with its object: "read t/b/meta.json". */
  BackendException translate(String action, SdkException e) {
    if (isMissingObject(e)) {
      return new NotFoundException("Cannot " + action + ": no such object (bucket " + bucket + ")", e);
    }
    return new BackendException("Cannot " + action + ": " + reason(e) + " (bucket " + bucket + ")", e);
  }

  private static boolean isMissingObject(SdkException e) {
    if (e instanceof NoSuchKeyException) {
      return true;
    }
    // A HEAD has no body, hence no error code: its 404 is taken for a missing object.
    return e instanceof S3Exception s3 && s3.statusCode() == 404 && !isMissingBucket(s3);
  }

  private static boolean isMissingBucket(S3Exception e) {
    return e instanceof NoSuchBucketException || "NoSuchBucket".equals(errorCode(e));
  }

  String reason(SdkException e) {
    if (e instanceof S3Exception s3) {
      int status = s3.statusCode();
      String code = errorCode(s3);
      String answer = status + (code == null ? "" : " " + code);
      if (isMissingBucket(s3) || (status == 404 && code == null)) {
        return "bucket " + bucket + " does not exist (" + answer + ")";
      }
      if (status == 403) {
        return "access denied (" + answer + "): check storage.trace.s3.access_key and secret_key, or the bucket"
            + " policy";
      }
      if (status == 401) {
        return "the credentials were refused (" + answer + ")";
      }
      if (status == 301 || "PermanentRedirect".equals(code) || "AuthorizationHeaderMalformed".equals(code)) {
        return "the bucket is in another region than storage.trace.s3.region (" + answer + ")";
      }
      if (status == 416) {
        return "the range lies beyond the object's end (" + answer + ")";
      }
      if (status == 503 || status == 429) {
        return "the server is throttling us (" + answer + ") and retries ran out";
      }
      if (status >= 500) {
        return "server error " + answer + ", retries ran out: " + message(s3);
      }
      return "S3 answered " + answer + ": " + message(s3);
    }
    if (e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException) {
      return "timed out talking to " + endpoint + ": " + e.getMessage();
    }
    if (e instanceof SdkClientException) {
      Throwable cause = rootCause(e);
      if (cause instanceof ConnectException || cause instanceof NoRouteToHostException) {
        return "cannot reach endpoint " + endpoint + ": " + cause.getMessage();
      }
      if (cause instanceof UnknownHostException) {
        return "cannot reach endpoint " + endpoint + ": unknown host " + cause.getMessage();
      }
      if (cause instanceof SocketTimeoutException) {
        return "timed out talking to " + endpoint + ": " + cause.getMessage();
      }
      return "client error talking to " + endpoint + ": " + e.getMessage();
    }
    return e.getMessage();
  }

  private static String errorCode(S3Exception e) {
    return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
  }

  private static String message(S3Exception e) {
    return e.awsErrorDetails() == null || e.awsErrorDetails().errorMessage() == null
        ? e.getMessage()
        : e.awsErrorDetails().errorMessage();
  }

  private static Throwable rootCause(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause;
  }
}
