package dev.skiff.engine.catalog;

import dev.skiff.pipeline.json.JsonValue;

/** Where a new pipeline version's file comes from. */
public sealed interface PipelineSource {

  /**
   * An uploaded file: YAML or JSON, or a {@code .tar.gz}, {@code .tgz} or {@code .zip} package
   * holding one (as KFP accepts).
   *
   * @param bytes the file
   * @param fileName its name, for messages and the package format
   */
  record Upload(byte[] bytes, String fileName) implements PipelineSource {}

  /**
   * The compiled pipeline as a JSON object (KFP's {@code pipeline_spec}).
   *
   * @param spec the spec, bare or as {@code {pipeline_spec, platform_spec}}
   */
  record Struct(JsonValue.Obj spec) implements PipelineSource {}

  /**
   * A URL to fetch it from (KFP's {@code package_url.pipeline_url}); only the schemes the server
   * allows ({@link CatalogSettings#packageUrlSchemes()}).
   *
   * @param url the URL
   */
  record Url(String url) implements PipelineSource {}
}
