package dev.skiff.server.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * An RFC 9457 problem detail, the body of every error response ({@code application/problem+json}).
 *
 * @param type a URI naming the kind of problem; {@code about:blank} when the status says it all
 * @param title short summary of the kind of problem (the HTTP reason phrase by default)
 * @param status the HTTP status code
 * @param detail what went wrong with this request, in words a user can act on
 * @param instance the request path
 * @param errorId for a server error (5xx) only: the id under which the server log has the details
 *     (the stack trace); absent otherwise
 * @param errors for a pipeline file that is not valid: each problem the validator found, with its
 *     field path and line; absent otherwise
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(
    String type,
    String title,
    int status,
    String detail,
    String instance,
    @JsonProperty("error_id") String errorId,
    List<FieldError> errors) {

  /** The media type of a problem body. */
  public static final String CONTENT_TYPE = "application/problem+json";

  /**
   * One problem in a request's content, e.g. in an uploaded pipeline file.
   *
   * @param field the field path in the file, e.g. {@code root.dag.tasks.train.componentRef.name};
   *     empty for the file as a whole
   * @param line the 1-based line in the file; 0 when not known (JSON input, a spec built in code)
   * @param message what is wrong, in one line
   */
  public record FieldError(String field, int line, String message) {}

  /** A problem without field errors. */
  public Problem(
      String type, String title, int status, String detail, String instance, String errorId) {
    this(type, title, status, detail, instance, errorId, null);
  }

  /** A problem of the kind its status names ({@code about:blank}), without an error id. */
  public Problem(String title, int status, String detail, String instance) {
    this("about:blank", title, status, detail, instance, null, null);
  }
}
