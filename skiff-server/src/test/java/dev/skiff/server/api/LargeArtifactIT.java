package dev.skiff.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.skiff.engine.run.RunState;
import dev.skiff.engine.run.RunView;
import dev.skiff.pipeline.json.JsonValue;
import dev.skiff.store.artifact.S3Settings;
import dev.skiff.testkit.S3MockServer;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 1 GiB artifact with artifacts in S3 (a real S3 server process on loopback): the step's output
 * is uploaded in parts and read back through KFP's ReadArtifact, streaming, in a JVM whose heap is
 * far smaller than the artifact (the POM runs this class alone with {@code -Xmx256m}): the whole
 * server, engine and client live in that heap.
 */
class LargeArtifactIT {
  private static final long GIB = 1L << 30;

  @TempDir Path home;
  @TempDir Path s3dir;

  @Test
  void a_one_gib_artifact_goes_through_s3_and_reads_back_streaming_in_a_small_heap()
      throws Exception {
    long maxHeap = Runtime.getRuntime().maxMemory();
    assumeTrue(maxHeap <= 320L << 20, "runs in the bounded-heap execution only");
    try (S3MockServer s3 = S3MockServer.start(s3dir, "artifacts");
        TestServer api =
            new TestServer(
                home,
                new S3Settings(
                    Optional.of(s3.endpoint()),
                    "us-east-1",
                    "artifacts",
                    "skiff",
                    true,
                    Optional.of("test"),
                    Optional.of("test-secret"),
                    S3Settings.DEFAULT_SCHEMES))) {
      RunView run =
          api.await(
              api.submit(
                  "artifacts.yaml", Map.of("size", JsonValue.of(GIB), "seconds", JsonValue.of(0))));
      assertThat(run.run().state()).as(run.toString()).isEqualTo(RunState.SUCCEEDED);
      String uri =
          run.task("make").orElseThrow().outputs().artifacts().get("data").getFirst().uri();
      assertThat(uri).startsWith("s3://artifacts/skiff/" + run.run().id() + "/make/data");
      assertThat(api.log(run.run().id(), "wait")).endsWith(GIB + "\n");

      resetPeaks();
      HttpResponse<InputStream> r =
          api.stream(
              "/apis/v2beta1/runs/" + run.run().id() + "/nodes/make/artifacts/data:read", null);
      assertThat(r.statusCode()).isEqualTo(200);
      long zeros = 0;
      long other = 0;
      try (InputStream body = r.body()) {
        assertThat(new String(body.readNBytes(9), StandardCharsets.US_ASCII))
            .isEqualTo("{\"data\":\"");
        UntilQuote encoded = new UntilQuote(body);
        InputStream data = Base64.getDecoder().wrap(encoded);
        byte[] buf = new byte[1 << 16];
        for (int n; (n = data.read(buf)) > 0; ) {
          for (int i = 0; i < n; i++) {
            if (buf[i] == 0) {
              zeros++;
            } else {
              other++;
            }
          }
        }
        assertThat(encoded.rest()).isEqualTo("\"}");
      }
      assertThat(zeros).isEqualTo(GIB);
      assertThat(other).isZero();
      long peak = peakHeap();
      System.out.printf(
          "1 GiB artifact read back through S3 with max heap %d MiB, peak heap in use %d MiB%n",
          maxHeap >> 20, peak >> 20);
      assertThat(peak).isLessThan(maxHeap);
    }
  }

  private static void resetPeaks() {
    System.gc();
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        pool.resetPeakUsage();
      }
    }
  }

  /** The sum of the heap pools' peaks since the reset (an upper bound of the peak heap). */
  private static long peakHeap() {
    long sum = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        sum += pool.getPeakUsage().getUsed();
      }
    }
    return sum;
  }

  /** The bytes before the closing quote of the JSON string; {@link #rest} is what follows. */
  private static final class UntilQuote extends FilterInputStream {
    private boolean done;
    private byte[] tail = new byte[0];

    UntilQuote(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (done) {
        return -1;
      }
      int n = in.read(b, off, len);
      if (n < 0) {
        done = true;
        return -1;
      }
      for (int i = off; i < off + n; i++) {
        if (b[i] == '"') {
          done = true;
          tail = java.util.Arrays.copyOfRange(b, i + 1, off + n);
          return i == off ? -1 : i - off;
        }
      }
      return n;
    }

    /**
     * The rest of the body from the closing quote on (the decoder stops at the padding, so the
     * quote may not have been read yet).
     */
    String rest() throws IOException {
      return (done ? "\"" : "")
          + new String(tail, StandardCharsets.US_ASCII)
          + new String(in.readAllBytes(), StandardCharsets.US_ASCII);
    }
  }
}
