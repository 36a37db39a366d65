package dev.skiff.store.artifact;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * An S3 object's body that survives a broken connection: when the stream fails or ends before the
 * object's length, it asks again for the rest ({@code Range: bytes=N-}) of the same version ({@code
 * If-Match} on the first response's ETag) and carries on from the byte where it broke.
 *
 * <p>Long reads (a gibibyte through a busy proxy or a loaded server) otherwise fail as a whole on a
 * single reset, and a step's input or a download starts over. It resumes at most {@link
 * #MAX_RESUMES} times in a row without a byte between them, so a server that always breaks ends in
 * an error instead of a loop; an object replaced meanwhile ends in an error too, never in a mix of
 * two versions.
 */
final class ResumingObjectStream extends InputStream {

  /** Resumes in a row that brought no byte before the read gives up. */
  static final int MAX_RESUMES = 5;

  /** Opens the object from a byte on ({@code 0}: whole), the same version when an ETag is given. */
  @FunctionalInterface
  interface Opener {
    ResponseInputStream<GetObjectResponse> open(long from, String ifMatch);
  }

  private final Opener opener;
  private final String uri;
  private final long length;
  private final String etag;
  private ResponseInputStream<GetObjectResponse> body;
  private long position;
  private int resumesWithoutProgress;
  private int resumes;
  private boolean closed;

  private ResumingObjectStream(
      Opener opener, String uri, ResponseInputStream<GetObjectResponse> first) {
    this.opener = opener;
    this.uri = uri;
    this.body = first;
    Long size = first.response().contentLength();
    this.length = size == null ? -1 : size;
    this.etag = first.response().eTag();
  }

  /** Opens the whole object; the first request's errors are the caller's to map. */
  static ResumingObjectStream open(Opener opener, String uri) {
    return new ResumingObjectStream(opener, uri, opener.open(0, null));
  }

  /** How many times this read has asked again for the rest of the object. */
  int resumes() {
    return resumes;
  }

  /** How many bytes of the object this stream has given so far. */
  long position() {
    return position;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (closed) {
      throw new IOException("stream closed");
    }
    if (len == 0) {
      return 0;
    }
    while (true) {
      Exception broke;
      try {
        int n = body.read(b, off, len);
        if (n > 0) {
          position += n;
          resumesWithoutProgress = 0;
          return n;
        }
        if (n < 0 && (length < 0 || position >= length)) {
          return -1;
        }
        if (n == 0) {
          continue;
        }
        broke = new IOException("the connection ended at byte " + position + " of " + length);
      } catch (IOException | SdkException | UncheckedIOException e) {
        broke = e;
      }
      resume(broke);
    }
  }

  private void resume(Exception broke) throws IOException {
    if (length < 0 || etag == null || resumesWithoutProgress >= MAX_RESUMES) {
      throw new IOException(
          "cannot read " + uri + ": broken at byte " + position + ": " + broke.getMessage(), broke);
    }
    resumesWithoutProgress++;
    resumes++;
    body.abort();
    ResponseInputStream<GetObjectResponse> rest;
    try {
      rest = opener.open(position, etag);
    } catch (SdkException e) {
      String why =
          e instanceof S3Exception s3 && s3.statusCode() == 412
              ? "the object changed while it was read (at byte " + position + ")"
              : "broken at byte " + position + ", and asking again failed: " + e.getMessage();
      throw new IOException("cannot read " + uri + ": " + why, e);
    }
    String range = rest.response().contentRange();
    if (range == null || !range.startsWith("bytes " + position + "-")) {
      rest.abort();
      throw new IOException(
          "cannot read "
              + uri
              + ": broken at byte "
              + position
              + ", and the server answered the rest with another range: "
              + range,
          broke);
    }
    body = rest;
  }

  @Override
  public int available() throws IOException {
    return closed ? 0 : body.available();
  }

  @Override
  public void close() throws IOException {
    if (!closed) {
      closed = true;
      body.close();
    }
  }
}
