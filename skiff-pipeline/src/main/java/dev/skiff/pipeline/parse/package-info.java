/**
 * Reading pipeline text: YAML or JSON into located JSON trees (every field's line kept for
 * messages), then typed field access into the {@link dev.skiff.pipeline.model} records. {@link
 * dev.skiff.pipeline.parse.IrReader} is the entry point; validation is not done here. Reading is
 * linear in the text's length, and the caller bounds that length.
 */
package dev.skiff.pipeline.parse;
