package dev.skiff.store.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.testkit.BreakingProxy;
import dev.skiff.testkit.S3MockServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The S3 store against a real S3 server process on loopback. */
class S3ArtifactStoreIT {
  @TempDir static Path tmp;
  static S3MockServer s3;
  static S3ArtifactStore store;

  @BeforeAll
  static void start() throws IOException {
    s3 = S3MockServer.start(tmp.resolve("s3"), "artifacts");
    store = storeAt(s3.endpoint());
  }

  @AfterAll
  static void stop() {
    if (store != null) {
      store.close();
    }
    if (s3 != null) {
      s3.close();
    }
  }

  @Test
  void a_file_goes_up_and_comes_back() throws IOException {
    Path f = Files.writeString(tmp.resolve("hello.txt"), "hello, s3\n");
    String uri = store.outputUri(store.defaultRoot(), "run-1", "say", "greeting");
    store.upload(f, uri);
    assertThat(store.stat(uri)).contains(ArtifactStat.ofFile(10));
    try (InputStream in = store.open(uri)) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("hello, s3\n");
    }
    Path back = tmp.resolve("back/greeting");
    store.download(uri, back);
    assertThat(Files.readString(back)).isEqualTo("hello, s3\n");
  }

  @Test
  void a_folder_goes_up_as_objects_under_its_key_and_comes_back_whole() throws IOException {
    Path dir = tmp.resolve("model");
    Files.createDirectories(dir.resolve("weights"));
    Files.writeString(dir.resolve("config.json"), "{}");
    Files.writeString(dir.resolve("weights/w.bin"), "0123456789");
    String uri = "s3://artifacts/root/run-2/train/model";
    store.upload(dir, uri);
    assertThat(store.stat(uri)).contains(ArtifactStat.ofFolder());
    try (Stream<ArtifactFile> files = store.list(uri)) {
      assertThat(files.toList())
          .containsExactlyInAnyOrder(
              new ArtifactFile("config.json", 2), new ArtifactFile("weights/w.bin", 10));
    }
    Path back = tmp.resolve("model-back");
    store.download(uri, back);
    assertThat(Files.readString(back.resolve("weights/w.bin"))).isEqualTo("0123456789");
    assertThat(Files.readString(back.resolve("config.json"))).isEqualTo("{}");
    assertThatThrownBy(() -> store.open(uri)).isInstanceOf(NoSuchFileException.class);
  }

  @Test
  void a_large_file_goes_up_in_parts_and_streams_back_unchanged() throws Exception {
    Path big = tmp.resolve("big.bin");
    long size = S3ArtifactStore.MULTIPART_THRESHOLD + 5_000_123;
    String written = writeRandom(big, size);
    String uri = "s3://artifacts/root/run-3/big/data";
    store.upload(big, uri);
    assertThat(store.stat(uri)).contains(ArtifactStat.ofFile(size));
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    try (InputStream in = store.open(uri)) {
      byte[] buf = new byte[1 << 16];
      for (int n; (n = in.read(buf)) > 0; ) {
        md.update(buf, 0, n);
      }
    }
    assertThat(HexFormat.of().formatHex(md.digest())).isEqualTo(written);
  }

  @Test
  void a_read_whose_connection_breaks_goes_on_from_the_byte_where_it_broke() throws Exception {
    Path file = tmp.resolve("resumed.bin");
    String written = writeRandom(file, 8_000_007);
    String uri = "s3://artifacts/root/run-5/resume/data";
    store.upload(file, uri);
    try (BreakingProxy proxy = BreakingProxy.to(s3.endpoint());
        S3ArtifactStore through = storeAt(proxy.endpoint())) {
      proxy.breakAfter(1 << 20, 2);
      String read;
      int resumes;
      try (InputStream in = through.open(uri)) {
        read = sha256(in);
        resumes = ((ResumingObjectStream) in).resumes();
      }
      assertThat(proxy.broken()).isEqualTo(2);
      assertThat(resumes).isEqualTo(2);
      assertThat(read).isEqualTo(written);

      proxy.breakAfter(1 << 20, 1);
      Path back = tmp.resolve("resumed-back.bin");
      through.download(uri, back);
      assertThat(proxy.broken()).isEqualTo(3);
      assertThat(sha256(Files.newInputStream(back))).isEqualTo(written);
    }
  }

  @Test
  void a_broken_read_of_an_object_replaced_meanwhile_fails_instead_of_mixing_two_versions()
      throws Exception {
    try (HalfRead r = halfRead("replace")) {
      writeRandom(r.file(), 5_999_999);
      store.upload(r.file(), r.uri());
      r.proxy().breakAll();
      assertThatThrownBy(() -> r.in().transferTo(OutputStream.nullOutputStream()))
          .isInstanceOf(IOException.class)
          .hasMessage(
              "cannot read "
                  + r.uri()
                  + ": the object changed while it was read (at byte "
                  + ((ResumingObjectStream) r.in()).position()
                  + ")");
    }
  }

  @Test
  void a_read_that_cannot_ask_again_ends_in_an_error_naming_the_object_and_the_byte()
      throws Exception {
    try (HalfRead r = halfRead("lost")) {
      r.proxy().refuse();
      r.proxy().breakAll();
      assertThatThrownBy(() -> r.in().transferTo(OutputStream.nullOutputStream()))
          .isInstanceOf(IOException.class)
          .hasMessageStartingWith("cannot read " + r.uri() + ": broken at byte ")
          .hasMessageContaining("and asking again failed");
    }
  }

  /** A 6 MB object being read through a proxy, its first 64 KiB already read. */
  private record HalfRead(
      Path file, String uri, BreakingProxy proxy, S3ArtifactStore through, InputStream in)
      implements AutoCloseable {
    @Override
    public void close() throws IOException {
      try (proxy;
          through;
          in) {
        // closed in reverse order
      }
    }
  }

  private static HalfRead halfRead(String name) throws Exception {
    Path file = tmp.resolve(name + ".bin");
    writeRandom(file, 6_000_000);
    String uri = "s3://artifacts/root/" + name + "/step/data";
    store.upload(file, uri);
    BreakingProxy proxy = BreakingProxy.to(s3.endpoint());
    S3ArtifactStore through = storeAt(proxy.endpoint());
    InputStream in = through.open(uri);
    assertThat(in.readNBytes(1 << 16)).hasSize(1 << 16);
    return new HalfRead(file, uri, proxy, through, in);
  }

  private static S3ArtifactStore storeAt(java.net.URI endpoint) {
    return new S3ArtifactStore(
        new S3Settings(
            Optional.of(endpoint),
            "us-east-1",
            "artifacts",
            "root",
            true,
            Optional.of("test"),
            Optional.of("test-secret"),
            S3Settings.DEFAULT_SCHEMES));
  }

  private static String sha256(InputStream in) throws Exception {
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    try (in) {
      byte[] buf = new byte[1 << 16];
      for (int n; (n = in.read(buf)) > 0; ) {
        md.update(buf, 0, n);
      }
    }
    return HexFormat.of().formatHex(md.digest());
  }

  @Test
  void missing_artifacts_are_no_such_file() throws IOException {
    String uri = "s3://artifacts/root/nothing/here";
    assertThat(store.stat(uri)).isEmpty();
    assertThatThrownBy(() -> store.open(uri)).isInstanceOf(NoSuchFileException.class);
    assertThatThrownBy(() -> store.download(uri, tmp.resolve("x")))
        .isInstanceOf(NoSuchFileException.class);
    assertThatThrownBy(() -> store.open("file:///etc/hostname"))
        .isInstanceOf(NoSuchFileException.class);
  }

  @Test
  void a_bucket_that_does_not_exist_is_a_clear_error() {
    Path f = tmp.resolve("hello.txt");
    assertThatThrownBy(
            () -> {
              Files.writeString(f, "x");
              store.upload(f, "s3://no-such-bucket/k");
            })
        .isInstanceOf(IOException.class)
        .hasMessageContaining("cannot write s3://no-such-bucket/k")
        .hasMessageContaining("404");
  }

  @Test
  void the_routed_store_sends_file_uris_to_the_local_folder() throws IOException {
    try (RoutedArtifactStore routed =
        new RoutedArtifactStore(store, new LocalArtifactStore(tmp.resolve("local")))) {
      assertThat(routed.defaultRoot()).isEqualTo("s3://artifacts/root");
      Path f = Files.writeString(tmp.resolve("local.txt"), "local");
      String local = f.toUri().toString();
      assertThat(routed.handles(local)).isTrue();
      assertThat(routed.stat(local)).contains(ArtifactStat.ofFile(5));
      assertThat(routed.localPath(local)).contains(f);
      assertThat(routed.handles("gs://b/k")).isFalse();
      assertThat(routed.outputUri(tmp.toUri().toString(), "r", "t", "o"))
          .isEqualTo(tmp.resolve("r/t/o").toUri().toString());
      List<String> names;
      Files.createDirectories(tmp.resolve("ldir/sub"));
      Files.writeString(tmp.resolve("ldir/sub/a.txt"), "a");
      try (Stream<ArtifactFile> files = routed.list(tmp.resolve("ldir").toUri().toString())) {
        names = files.map(ArtifactFile::path).toList();
      }
      assertThat(names).containsExactly("sub/a.txt");
    }
  }

  private static String writeRandom(Path file, long size) throws Exception {
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    Random random = new Random(42);
    byte[] buf = new byte[1 << 20];
    try (OutputStream out = Files.newOutputStream(file)) {
      for (long left = size; left > 0; ) {
        random.nextBytes(buf);
        int n = (int) Math.min(buf.length, left);
        out.write(buf, 0, n);
        md.update(buf, 0, n);
        left -= n;
      }
    }
    return HexFormat.of().formatHex(md.digest());
  }
}
