package dev.skiff.server.web.pipelines;

import dev.skiff.pipeline.model.ParameterType;
import java.util.List;

/**
 * One field of the run form, generated from a pipeline input parameter.
 *
 * @param name the parameter's name (the key in {@code runtime_config.parameters})
 * @param type the parameter's declared type
 * @param control how the page asks for it
 * @param value the value the field starts with: the default from the IR, or the value of the run
 *     the form was cloned from; empty when there is none
 * @param defaultText the IR's default as people read it (empty when it has none), for the inputs
 *     table
 * @param required whether a value must be given (no default and not optional)
 * @param optional whether the IR marks it {@code isOptional}
 * @param description the IR's description, shown as the field's hint
 * @param choices the allowed values ({@code Literal[...]}), as field values; empty when any value
 *     of the type goes
 */
public record RunFormField(
    String name,
    ParameterType type,
    Control control,
    String value,
    String defaultText,
    boolean required,
    boolean optional,
    String description,
    List<String> choices) {

  /** Copies the choices. */
  public RunFormField {
    choices = List.copyOf(choices);
  }

  /** How a field is asked for in the page, and how its text becomes a JSON value. */
  public enum Control {
    /** {@code <input type=text>}: the value is the string. */
    TEXT("text"),
    /** {@code <input type=number step=1>}: a whole number. */
    INTEGER("integer"),
    /** {@code <input type=number step=any>}: any number. */
    DOUBLE("double"),
    /** A {@code <select>} of true and false. */
    BOOLEAN("boolean"),
    /** A {@code <textarea>} holding a JSON array. */
    LIST("list"),
    /** A {@code <textarea>} holding a JSON object. */
    STRUCT("struct"),
    /** A {@code <select>} of the allowed values. */
    CHOICE("choice");

    private final String wire;

    Control(String wire) {
      this.wire = wire;
    }

    /** The name the page's script reads ({@code data-kind}). */
    public String wire() {
      return wire;
    }
  }

  /** The type as the page shows it: {@code integer}, {@code double}, {@code string}, .... */
  public String typeLabel() {
    return switch (type) {
      case NUMBER_INTEGER -> "integer";
      case NUMBER_DOUBLE -> "double";
      case STRING -> "string";
      case BOOLEAN -> "boolean";
      case LIST -> "list (JSON array)";
      case STRUCT -> "struct (JSON object)";
      default -> type.name().toLowerCase(java.util.Locale.ROOT);
    };
  }

  /** Whether the control is a multi-line JSON text area. */
  public boolean json() {
    return control == Control.LIST || control == Control.STRUCT;
  }

  /**
   * The HTML id of the field's control: the name with every character outside {@code [A-Za-z0-9_]}
   * written as {@code -hex-}, so that two names never share an id.
   */
  public String id() {
    StringBuilder out = new StringBuilder("param-");
    name.codePoints()
        .forEach(
            c -> {
              if (c < 128 && (Character.isLetterOrDigit(c) || c == '_')) {
                out.appendCodePoint(c);
              } else {
                out.append('-').append(Integer.toHexString(c)).append('-');
              }
            });
    return out.toString();
  }
}
