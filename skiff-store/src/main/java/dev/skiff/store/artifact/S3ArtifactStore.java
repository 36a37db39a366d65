package dev.skiff.store.artifact;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Artifacts in an S3-compatible object store ({@link S3Settings}), named {@code s3://bucket/key}
 * (and {@code minio://} or {@code gs://} when configured: the same bucket and key through the same
 * client). Uses the AWS SDK's synchronous client over the JDK's {@code HttpURLConnection}: no
 * Netty, no Apache client.
 *
 * <p>A file of more than {@value #MULTIPART_THRESHOLD} bytes is uploaded in parts, each read from
 * the file when it is sent; a read streams the object from the connection, and asks for the rest of
 * the same version when the connection breaks ({@link ResumingObjectStream}). Checksums are
 * computed only when an operation requires them, since several S3-compatible services (GCS among
 * them) reject the SDK's newer default trailing checksums.
 */
public final class S3ArtifactStore implements ArtifactStore {

  /** Files larger than this go up as a multipart upload. */
  static final long MULTIPART_THRESHOLD = 64L << 20;

  /** The smallest part; S3 takes at most 10,000 parts, so larger files get larger parts. */
  static final long MIN_PART_SIZE = 16L << 20;

  private final S3Settings settings;
  private final S3Client client;

  /** A store over the configured service; opens no connection yet. */
  public S3ArtifactStore(S3Settings settings) {
    this.settings = settings;
    S3ClientBuilder b =
        S3Client.builder()
            .httpClientBuilder(
                UrlConnectionHttpClient.builder()
                    .connectionTimeout(Duration.ofSeconds(10))
                    .socketTimeout(Duration.ofMinutes(2)))
            .region(Region.of(settings.region()))
            .forcePathStyle(settings.pathStyle())
            .credentialsProvider(credentials(settings))
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
    settings.endpoint().ifPresent(b::endpointOverride);
    this.client = b.build();
  }

  private static AwsCredentialsProvider credentials(S3Settings s) {
    if (s.accessKeyId().isPresent()) {
      return StaticCredentialsProvider.create(
          AwsBasicCredentials.create(s.accessKeyId().get(), s.secretAccessKey().orElseThrow()));
    }
    return DefaultCredentialsProvider.builder().build();
  }

  /** The settings it was made from. */
  public S3Settings settings() {
    return settings;
  }

  @Override
  public String defaultRoot() {
    return settings.defaultRoot();
  }

  @Override
  public boolean handles(String uri) {
    if (uri == null) {
      return false;
    }
    int sep = uri.indexOf("://");
    return sep > 0 && settings.schemes().contains(uri.substring(0, sep));
  }

  @Override
  public String outputUri(String root, String runId, String taskPath, String output) {
    if (!handles(root)) {
      throw new IllegalArgumentException("pipeline root '" + root + "' is not an S3 URI");
    }
    for (String part : new String[] {runId, output}) {
      if (part.isEmpty() || part.contains("/")) {
        throw new IllegalArgumentException(
            "artifact path leaves its run's folder: run " + runId + ", output " + output);
      }
    }
    try {
      return ObjectUri.parse(root).resolve(runId).resolve(taskPath).resolve(output).toString();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "artifact path leaves its run's folder: run "
              + runId
              + ", task "
              + taskPath
              + ", output "
              + output);
    }
  }

  @Override
  public Optional<Path> localPath(String uri) {
    return Optional.empty();
  }

  @Override
  public long runBytes(String root, String runId) throws IOException {
    String folder = runFolder(root, runId);
    try (Stream<ArtifactFile> files = list(folder)) {
      return files.mapToLong(ArtifactFile::size).sum();
    }
  }

  @Override
  public long deleteRun(String root, String runId) throws IOException {
    ObjectUri o = parse(runFolder(root, runId));
    String prefix = o.folderPrefix();
    long bytes = 0;
    try {
      List<ObjectIdentifier> batch = new ArrayList<>();
      for (S3Object obj :
          client.listObjectsV2Paginator(r -> r.bucket(o.bucket()).prefix(prefix)).contents()) {
        bytes += size(obj);
        batch.add(ObjectIdentifier.builder().key(obj.key()).build());
        if (batch.size() == 1000) { // DeleteObjects takes at most 1,000 keys
          deleteAll(o.bucket(), batch);
        }
      }
      deleteAll(o.bucket(), batch);
      return bytes;
    } catch (SdkException e) {
      throw failure("delete", root, e);
    }
  }

  private void deleteAll(String bucket, List<ObjectIdentifier> keys) throws IOException {
    if (keys.isEmpty()) {
      return;
    }
    DeleteObjectsResponse r =
        client.deleteObjects(
            d -> d.bucket(bucket).delete(x -> x.objects(List.copyOf(keys)).quiet(true)));
    keys.clear();
    if (r.hasErrors() && !r.errors().isEmpty()) {
      throw new IOException(
          "cannot delete s3://"
              + bucket
              + "/"
              + r.errors().getFirst().key()
              + ": "
              + r.errors().getFirst().message());
    }
  }

  /** {@code <root>/<run>}, with the run id checked to be one path segment. */
  private String runFolder(String root, String runId) throws IOException {
    if (runId.isEmpty() || runId.contains("/") || runId.equals(".") || runId.equals("..")) {
      throw new IllegalArgumentException("run id '" + runId + "' is not a folder name");
    }
    return parse(root).resolve(runId).toString();
  }

  @Override
  public Optional<ArtifactStat> stat(String uri) throws IOException {
    ObjectUri o = parse(uri);
    try {
      if (!o.key().isEmpty()) {
        try {
          HeadObjectResponse head = client.headObject(r -> r.bucket(o.bucket()).key(o.key()));
          return Optional.of(ArtifactStat.ofFile(head.contentLength()));
        } catch (NoSuchKeyException e) {
          // perhaps a folder
        } catch (S3Exception e) {
          if (e.statusCode() != 404) {
            throw e;
          }
        }
      }
      boolean any =
          client
              .listObjectsV2(r -> r.bucket(o.bucket()).prefix(o.folderPrefix()).maxKeys(1))
              .hasContents();
      return any ? Optional.of(ArtifactStat.ofFolder()) : Optional.empty();
    } catch (SdkException e) {
      throw failure("read", uri, e);
    }
  }

  @Override
  public InputStream open(String uri) throws IOException {
    ObjectUri o = parse(uri);
    if (o.key().isEmpty()) {
      throw new NoSuchFileException(uri, null, "a bucket, not a file");
    }
    try {
      return ResumingObjectStream.open(
          (from, ifMatch) ->
              client.getObject(
                  r -> {
                    r.bucket(o.bucket()).key(o.key());
                    if (ifMatch != null) {
                      r.range("bytes=" + from + "-").ifMatch(ifMatch);
                    }
                  }),
          uri);
    } catch (NoSuchKeyException e) {
      throw new NoSuchFileException(uri);
    } catch (SdkException e) {
      throw failure("read", uri, e);
    }
  }

  @Override
  public Stream<ArtifactFile> list(String folderUri) throws IOException {
    ObjectUri o = parse(folderUri);
    String prefix = o.folderPrefix();
    try {
      return client
          .listObjectsV2Paginator(r -> r.bucket(o.bucket()).prefix(prefix))
          .contents()
          .stream()
          .filter(s -> !s.key().endsWith("/") && s.key().length() > prefix.length())
          .map(s -> new ArtifactFile(s.key().substring(prefix.length()), size(s)));
    } catch (SdkException e) {
      throw failure("list", folderUri, e);
    }
  }

  private static long size(S3Object s) {
    return s.size() == null ? 0 : s.size();
  }

  @Override
  public void download(String uri, Path target) throws IOException {
    ArtifactStat stat = stat(uri).orElseThrow(() -> new NoSuchFileException(uri));
    if (!stat.folder()) {
      copyTo(uri, target);
      return;
    }
    Path root = target.toAbsolutePath().normalize();
    Files.createDirectories(root);
    List<ArtifactFile> files;
    try (Stream<ArtifactFile> listed = list(uri)) {
      files = listed.toList();
    } catch (SdkException e) {
      throw failure("list", uri, e);
    }
    ObjectUri folder = parse(uri);
    for (ArtifactFile f : files) {
      Path to = root.resolve(f.path()).normalize();
      if (!to.startsWith(root) || to.equals(root)) {
        throw new IOException("object '" + f.path() + "' of " + uri + " leaves its folder");
      }
      copyTo(folder.resolve(f.path()).toString(), to);
    }
  }

  private void copyTo(String uri, Path to) throws IOException {
    Path parent = to.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    try (InputStream in = open(uri)) {
      Files.copy(in, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  @Override
  public void upload(Path source, String uri) throws IOException {
    ObjectUri to = parse(uri);
    if (to.key().isEmpty()) {
      throw new IOException("cannot store an artifact as a whole bucket: " + uri);
    }
    if (!Files.isDirectory(source)) {
      uploadFile(source, to);
      return;
    }
    List<Path> files;
    try (Stream<Path> walk = Files.walk(source)) {
      files = walk.filter(Files::isRegularFile).sorted().toList();
    }
    for (Path f : files) {
      uploadFile(f, to.resolve(source.relativize(f).toString().replace('\\', '/')));
    }
  }

  private void uploadFile(Path file, ObjectUri to) throws IOException {
    long size = Files.size(file);
    try {
      if (size <= MULTIPART_THRESHOLD) {
        client.putObject(r -> r.bucket(to.bucket()).key(to.key()), RequestBody.fromFile(file));
      } else {
        uploadParts(file, size, to);
      }
    } catch (SdkException e) {
      throw failure("write", to.toString(), e);
    }
  }

  /** A multipart upload; each part is read from the file when (and each time) it is sent. */
  private void uploadParts(Path file, long size, ObjectUri to) throws IOException {
    long partSize = Math.max(MIN_PART_SIZE, (size + 9_999) / 10_000);
    String uploadId =
        client.createMultipartUpload(r -> r.bucket(to.bucket()).key(to.key())).uploadId();
    try {
      List<CompletedPart> parts = new ArrayList<>();
      int number = 1;
      for (long offset = 0; offset < size; offset += partSize, number++) {
        long length = Math.min(partSize, size - offset);
        long from = offset;
        int n = number;
        String etag =
            client
                .uploadPart(
                    r ->
                        r.bucket(to.bucket())
                            .key(to.key())
                            .uploadId(uploadId)
                            .partNumber(n)
                            .contentLength(length),
                    RequestBody.fromContentProvider(
                        () -> slice(file, from, length), length, "application/octet-stream"))
                .eTag();
        parts.add(CompletedPart.builder().partNumber(n).eTag(etag).build());
      }
      client.completeMultipartUpload(
          r ->
              r.bucket(to.bucket())
                  .key(to.key())
                  .uploadId(uploadId)
                  .multipartUpload(m -> m.parts(parts)));
    } catch (SdkException | UncheckedSliceException e) {
      try {
        client.abortMultipartUpload(r -> r.bucket(to.bucket()).key(to.key()).uploadId(uploadId));
      } catch (SdkException abort) {
        e.addSuppressed(abort);
      }
      if (e instanceof UncheckedSliceException slice) {
        throw slice.getCause();
      }
      throw e;
    }
  }

  /** {@code length} bytes of the file from {@code offset}, as a stream. */
  private static InputStream slice(Path file, long offset, long length) {
    try {
      FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
      ch.position(offset);
      InputStream in = Channels.newInputStream(ch);
      return new FilterInputStream(in) {
        private long left = length;

        @Override
        public int read() throws IOException {
          if (left <= 0) {
            return -1;
          }
          int b = super.read();
          if (b >= 0) {
            left--;
          }
          return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
          if (left <= 0) {
            return -1;
          }
          int n = super.read(buf, off, (int) Math.min(len, left));
          if (n > 0) {
            left -= n;
          }
          return n;
        }
      };
    } catch (IOException e) {
      throw new UncheckedSliceException(e);
    }
  }

  /** A part's file could not be opened while the SDK asked for its content. */
  private static final class UncheckedSliceException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UncheckedSliceException(IOException cause) {
      super(cause);
    }

    @Override
    public synchronized IOException getCause() {
      return (IOException) super.getCause();
    }
  }

  @Override
  public void close() {
    client.close();
  }

  private ObjectUri parse(String uri) throws IOException {
    if (!handles(uri)) {
      throw new NoSuchFileException(uri, null, "not a URI of this S3 store");
    }
    try {
      return ObjectUri.parse(uri);
    } catch (IllegalArgumentException e) {
      throw new NoSuchFileException(uri, null, e.getMessage());
    }
  }

  private static IOException failure(String what, String uri, SdkException e) {
    String reason =
        e instanceof S3Exception s3 && s3.awsErrorDetails() != null
            ? s3.statusCode() + " " + s3.awsErrorDetails().errorCode()
            : e.getMessage();
    return new IOException("cannot " + what + " " + uri + ": " + reason, e);
  }
}
