package dev.skiff.store.query;

import dev.skiff.store.SettingRepository;
import dev.skiff.store.StoreException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Page tokens: opaque to clients and tamper-proof. A token carries what the next page needs (the
 * collection, the filter, the order and the cursor), signed with HMAC-SHA256 under a key kept in
 * the installation's database (setting {@value #KEY_SETTING}, made on first use), so that every
 * server on the same database accepts the tokens of the others, and a token that was altered or
 * made elsewhere is refused. As in KFP, a request with a token lists with the token's filter and
 * order.
 */
public final class PageTokens {
  /** The setting that holds the signing key (base64). */
  public static final String KEY_SETTING = "api.page_token_key";

  private static final byte VERSION = 1;
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getUrlDecoder();

  private final SecretKeySpec key;

  /** Tokens signed with this key (32 random bytes or more). */
  public PageTokens(byte[] key) {
    if (key.length < 32) {
      throw new IllegalArgumentException("a page token key needs 32 bytes or more");
    }
    this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
  }

  /** The installation's tokens: the key in the settings, created by the first caller. */
  public static PageTokens fromSettings(SettingRepository settings) {
    byte[] fresh = new byte[32];
    new SecureRandom().nextBytes(fresh);
    settings.putIfAbsent(KEY_SETTING, Base64.getEncoder().encodeToString(fresh));
    String stored =
        settings
            .get(KEY_SETTING)
            .orElseThrow(() -> new StoreException("the page token key was not stored"));
    return new PageTokens(Base64.getDecoder().decode(stored));
  }

  /**
   * What a token holds.
   *
   * @param conditions the filter of the list it continues
   * @param sort its order
   * @param after where the next page starts
   */
  public record Position(List<Condition> conditions, Sort sort, Cursor after) {}

  /** A token for the page after {@code next} of a list of {@code collection}. */
  public String encode(String collection, List<Condition> conditions, Sort sort, Cursor next) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(VERSION);
      out.writeUTF(collection);
      out.writeUTF(sort.field());
      out.writeBoolean(sort.descending());
      writeValue(out, next.key());
      out.writeUTF(next.id());
      out.writeInt(conditions.size());
      for (Condition c : conditions) {
        out.writeUTF(c.field());
        out.writeUTF(c.op().name());
        out.writeInt(c.values().size());
        for (Object v : c.values()) {
          writeValue(out, v);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    byte[] payload = bytes.toByteArray();
    return B64.encodeToString(payload) + "." + B64.encodeToString(sign(payload));
  }

  /**
   * Reads a token of a list of {@code collection}.
   *
   * @throws InvalidQueryException when it is malformed, altered, signed with another key or made
   *     for another collection
   */
  public Position decode(String collection, String token) {
    int dot = token.indexOf('.');
    byte[] payload;
    byte[] mac;
    try {
      payload = B64D.decode(token.substring(0, Math.max(dot, 0)));
      mac = B64D.decode(token.substring(dot + 1));
    } catch (IllegalArgumentException e) {
      throw invalid();
    }
    if (dot < 0 || !MessageDigest.isEqual(mac, sign(payload))) {
      throw invalid();
    }
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload))) {
      if (in.readByte() != VERSION) {
        throw invalid();
      }
      String madeFor = in.readUTF();
      if (!madeFor.equals(collection)) {
        throw new InvalidQueryException(
            "page_token was made for a list of " + madeFor + ", not of " + collection);
      }
      Sort sort = new Sort(in.readUTF(), in.readBoolean());
      Cursor after = new Cursor(readValue(in), in.readUTF());
      int n = in.readInt();
      List<Condition> conditions = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        String field = in.readUTF();
        Op op = Op.valueOf(in.readUTF());
        int count = in.readInt();
        List<Object> values = new ArrayList<>();
        for (int j = 0; j < count; j++) {
          values.add(readValue(in));
        }
        conditions.add(new Condition(field, op, values));
      }
      return new Position(conditions, sort, after);
    } catch (IOException | RuntimeException e) {
      if (e instanceof InvalidQueryException q) {
        throw q;
      }
      throw invalid();
    }
  }

  private static InvalidQueryException invalid() {
    return new InvalidQueryException(
        "page_token is not valid: pass back the next_page_token of the previous page unchanged");
  }

  private byte[] sign(byte[] payload) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac.doFinal(payload);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  private static void writeValue(DataOutputStream out, Object v) throws IOException {
    switch (v) {
      case String s -> {
        out.writeByte('S');
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
      }
      case Long l -> {
        out.writeByte('L');
        out.writeLong(l);
      }
      case Instant i -> {
        out.writeByte('T');
        out.writeLong(i.getEpochSecond());
        out.writeInt(i.getNano());
      }
      default -> throw new IllegalArgumentException("cannot put " + v.getClass() + " in a token");
    }
  }

  private static Object readValue(DataInputStream in) throws IOException {
    return switch (in.readByte()) {
      case 'S' -> new String(in.readNBytes(in.readInt()), StandardCharsets.UTF_8);
      case 'L' -> in.readLong();
      case 'T' -> Instant.ofEpochSecond(in.readLong(), in.readInt());
      default -> throw new IOException("unknown value tag");
    };
  }
}
