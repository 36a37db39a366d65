package dev.skiff.server.http;

/**
 * One HTTP endpoint the server registered: its method and its path as declared (path parameters in
 * braces, e.g. {@code /apis/v2beta1/runs/{run_id}:terminate}, the form OpenAPI uses too).
 *
 * @param method the HTTP method, e.g. {@code GET}
 * @param path the declared path
 */
public record HttpRoute(String method, String path) {}
