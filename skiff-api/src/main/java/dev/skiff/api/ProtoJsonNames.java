package dev.skiff.api;

import com.fasterxml.jackson.databind.PropertyName;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.AnnotatedConstructor;
import com.fasterxml.jackson.databind.introspect.AnnotatedField;
import com.fasterxml.jackson.databind.introspect.AnnotatedParameter;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;

/**
 * Field names as protobuf's JSON reads them: a message field is written under its proto name
 * (snake_case, which the API records declare with {@code @JsonNaming(SnakeCaseStrategy)}) and read
 * under that name or its camelCase JSON name. For a record, the camelCase name is the component's
 * Java name, so each component of such a record whose name has a capital gets it as an alias,
 * without a {@code @JsonAlias} on every field.
 */
final class ProtoJsonNames extends JacksonAnnotationIntrospector {
  private static final long serialVersionUID = 1L;

  @Override
  public List<PropertyName> findPropertyAliases(Annotated member) {
    List<PropertyName> declared = super.findPropertyAliases(member);
    String camel = recordComponentName(member);
    if (camel == null || camel.chars().noneMatch(Character::isUpperCase)) {
      return declared;
    }
    List<PropertyName> all = declared == null ? new ArrayList<>() : new ArrayList<>(declared);
    all.add(PropertyName.construct(camel));
    return all;
  }

  /** The record component a constructor parameter or field stands for, else null. */
  private static String recordComponentName(Annotated member) {
    if (member instanceof AnnotatedParameter p
        && p.getOwner() instanceof AnnotatedConstructor c
        && isSnakeCaseRecord(c.getDeclaringClass())) {
      RecordComponent[] components = c.getDeclaringClass().getRecordComponents();
      return c.getParameterCount() == components.length ? components[p.getIndex()].getName() : null;
    }
    if (member instanceof AnnotatedField f && isSnakeCaseRecord(f.getDeclaringClass())) {
      return f.getName();
    }
    return null;
  }

  private static boolean isSnakeCaseRecord(Class<?> type) {
    return type.isRecord()
        && type.getAnnotation(JsonNaming.class) instanceof JsonNaming naming
        && naming.value() == PropertyNamingStrategies.SnakeCaseStrategy.class;
  }
}
