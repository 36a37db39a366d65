package dev.skiff.server.auth.oidc;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The JSON reader for the provider's documents. */
final class ProviderJson {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private ProviderJson() {}
}
