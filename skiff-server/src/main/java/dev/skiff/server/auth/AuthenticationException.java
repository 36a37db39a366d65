package dev.skiff.server.auth;

/** Credentials were presented but are not valid; answered 401 with this message. */
public final class AuthenticationException extends RuntimeException {
  /** A refusal with a one-line reason safe to show the caller. */
  public AuthenticationException(String message) {
    super(message);
  }
}
