package dev.skiff.server.http;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An RFC 9457 problem detail, the body of every error response ({@code application/problem+json}).
 *
 * @param type a URI naming the kind of problem; {@code about:blank} when the status says it all
 * @param title short summary of the kind of problem (the HTTP reason phrase by default)
 * @param status the HTTP status code
 * @param detail what went wrong with this request, in words a user can act on
 * @param instance the request path
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance) {

  /** The media type of a problem body. */
  public static final String CONTENT_TYPE = "application/problem+json";
}
