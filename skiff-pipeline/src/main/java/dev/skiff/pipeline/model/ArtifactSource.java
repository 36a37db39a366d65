package dev.skiff.pipeline.model;

/** Where a task's input artifact comes from. */
public sealed interface ArtifactSource {

  /** {@code taskOutputArtifact}: an output artifact of a sibling task. */
  record TaskOutputArtifact(String producerTask, String outputArtifactKey)
      implements ArtifactSource {}

  /** {@code componentInputArtifact}: an input artifact of the enclosing component. */
  record ComponentInputArtifact(String inputName) implements ArtifactSource {}
}
