package dev.skiff.server.auth.oidc;

/**
 * A browser sign-in that did not succeed, with the status it is answered with and a reason the
 * person can act on. Its message never holds a code, token, state or secret.
 */
public final class SignInException extends RuntimeException {
  private final int status;

  private SignInException(int status, String message) {
    super(message);
    this.status = status;
  }

  /** A malformed request (400): a callback without its parameters, a bad {@code next}. */
  public static SignInException badRequest(String message) {
    return new SignInException(400, message);
  }

  /** Proof that did not hold (401): state, nonce, signature, expiry, a refused code. */
  public static SignInException unauthorized(String message) {
    return new SignInException(401, message);
  }

  /** A person proved who they are but may not sign in (403). */
  public static SignInException forbidden(String message) {
    return new SignInException(403, message);
  }

  /** The provider could not be reached or gave an answer that is not usable (502). */
  public static SignInException badGateway(String message) {
    return new SignInException(502, message);
  }

  /** Sign-in through a provider is not what this server's {@code auth.mode} does (404). */
  public static SignInException notConfigured(String message) {
    return new SignInException(404, message);
  }

  /** The HTTP status of the answer. */
  public int status() {
    return status;
  }
}
