package dev.skiff.pipeline.expr;

import com.google.common.collect.ImmutableCollection;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelOptions;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.CelType;
import dev.cel.common.types.CelTypeProvider;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.types.StructType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelFunctionBinding;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import dev.skiff.pipeline.json.JsonValue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The two CEL environments of KFP's {@code backend/src/v2/expression/expression.go}.
 *
 * <p><b>Conditions</b> see the task's {@code ExecutorInput} message as the variables {@code inputs}
 * and {@code outputs}, with proto (snake_case) field names: {@code inputs.parameter_values['x']},
 * {@code inputs.artifacts['m'].artifacts[0].metadata['acc']}. KFP declares the proto message; here
 * the same shape is declared as CEL struct types (so misspelled fields fail at compile time) and
 * bound at run time to plain maps.
 *
 * <p><b>Selectors</b> ({@code parameterExpressionSelector}) see the fields of a {@code
 * google.protobuf.Value}: {@code string_value} (always bound: the value as text, JSON for lists and
 * structs), and the one of {@code number_value}, {@code bool_value}, {@code struct_value}, {@code
 * list_value}, {@code null_value} that is set.
 *
 * <p>Both have {@code parseJson(string) -> dyn}. Heterogeneous numeric comparison is on, as in
 * cel-go, so {@code inputs.parameter_values['x'] > 2} works for a double {@code x}.
 */
final class CelEnvironment {

  static final CelOptions OPTIONS =
      CelOptions.current().enableHeterogeneousNumericComparisons(true).build();

  private static final CelType DYN_MAP = MapType.create(SimpleType.STRING, SimpleType.DYN);
  private static final CelFunctionDecl PARSE_JSON =
      CelFunctionDecl.newFunctionDeclaration(
          "parseJson",
          CelOverloadDecl.newGlobalOverload("parse_json", SimpleType.DYN, SimpleType.STRING));

  /** The selector variables and their types, in the order of {@code google.protobuf.Value}. */
  static final Map<String, CelType> SELECTOR_VARIABLES = selectorVariables();

  static final CelCompiler CONDITION_COMPILER = conditionCompiler();
  static final CelCompiler SELECTOR_COMPILER = selectorCompiler();
  static final CelRuntime RUNTIME =
      CelRuntimeFactory.standardCelRuntimeBuilder()
          .setOptions(OPTIONS)
          .addFunctionBindings(
              CelFunctionBinding.from("parse_json", String.class, CelEnvironment::parseJson))
          .build();

  private CelEnvironment() {}

  /** Compiles a condition; the result must be a bool (or dyn, checked when run). */
  static CelAbstractSyntaxTree compileCondition(String expression) throws ExpressionException {
    CelAbstractSyntaxTree ast = compile(CONDITION_COMPILER, expression);
    CelType type = ast.getResultType();
    if (!type.equals(SimpleType.BOOL) && !type.equals(SimpleType.DYN)) {
      throw new ExpressionException("condition must be a bool, but it is a " + type.name());
    }
    return ast;
  }

  /** Compiles a parameter expression selector. */
  static CelAbstractSyntaxTree compileSelector(String expression) throws ExpressionException {
    return compile(SELECTOR_COMPILER, expression);
  }

  private static CelAbstractSyntaxTree compile(CelCompiler compiler, String expression)
      throws ExpressionException {
    try {
      return compiler.compile(expression).getAst();
    } catch (CelValidationException e) {
      String first =
          e.getErrors().isEmpty()
              ? e.getMessage()
              : e.getErrors().getFirst().getMessage()
                  + " at column "
                  + (e.getErrors().getFirst().getSourceLocation().getColumn() + 1);
      throw new ExpressionException("invalid CEL '" + expression + "': " + first, e);
    }
  }

  private static Object parseJson(String text) throws CelEvaluationException {
    try {
      return CelValues.toCel(JsonValue.parse(text));
    } catch (IllegalArgumentException e) {
      throw new CelEvaluationException("parseJson: failed to unmarshal JSON: " + e.getMessage(), e);
    }
  }

  private static CelCompiler conditionCompiler() {
    StructType typeSchema =
        struct(
            "ml_pipelines.ArtifactTypeSchema",
            Map.of(
                "schema_title", SimpleType.STRING,
                "schema_uri", SimpleType.STRING,
                "instance_schema", SimpleType.STRING,
                "schema_version", SimpleType.STRING));
    StructType value =
        struct(
            "ml_pipelines.Value",
            Map.of(
                "int_value", SimpleType.INT,
                "double_value", SimpleType.DOUBLE,
                "string_value", SimpleType.STRING));
    CelType valueMap = MapType.create(SimpleType.STRING, value);
    StructType artifact =
        struct(
            "ml_pipelines.RuntimeArtifact",
            Map.of(
                "name", SimpleType.STRING,
                "type", typeSchema,
                "uri", SimpleType.STRING,
                "properties", valueMap,
                "custom_properties", valueMap,
                "metadata", DYN_MAP,
                "custom_path", SimpleType.STRING));
    StructType artifactList =
        struct("ml_pipelines.ArtifactList", Map.of("artifacts", ListType.create(artifact)));
    CelType artifactMap = MapType.create(SimpleType.STRING, artifactList);
    StructType inputs =
        struct(
            "ml_pipelines.ExecutorInput.Inputs",
            Map.of("parameters", valueMap, "artifacts", artifactMap, "parameter_values", DYN_MAP));
    StructType outputParameter =
        struct(
            "ml_pipelines.ExecutorInput.OutputParameter", Map.of("output_file", SimpleType.STRING));
    StructType outputs =
        struct(
            "ml_pipelines.ExecutorInput.Outputs",
            Map.of(
                "parameters",
                MapType.create(SimpleType.STRING, outputParameter),
                "artifacts",
                artifactMap,
                "output_file",
                SimpleType.STRING));
    List<CelType> types =
        List.of(typeSchema, value, artifact, artifactList, inputs, outputParameter, outputs);
    return CelCompilerFactory.standardCelCompilerBuilder()
        .setOptions(OPTIONS)
        .setTypeProvider(provider(types))
        .addVar("inputs", inputs)
        .addVar("outputs", outputs)
        .addFunctionDeclarations(PARSE_JSON)
        .build();
  }

  private static CelCompiler selectorCompiler() {
    var builder =
        CelCompilerFactory.standardCelCompilerBuilder()
            .setOptions(OPTIONS)
            .addFunctionDeclarations(PARSE_JSON);
    SELECTOR_VARIABLES.forEach(builder::addVar);
    return builder.build();
  }

  private static Map<String, CelType> selectorVariables() {
    Map<String, CelType> vars = new LinkedHashMap<>();
    vars.put("null_value", SimpleType.NULL_TYPE);
    vars.put("number_value", SimpleType.DOUBLE);
    vars.put("string_value", SimpleType.STRING);
    vars.put("bool_value", SimpleType.BOOL);
    vars.put("struct_value", DYN_MAP);
    vars.put("list_value", ListType.create(SimpleType.DYN));
    return vars;
  }

  private static StructType struct(String name, Map<String, CelType> fields) {
    return StructType.create(
        name, ImmutableSet.copyOf(fields.keySet()), f -> Optional.ofNullable(fields.get(f)));
  }

  private static CelTypeProvider provider(List<CelType> types) {
    return new CelTypeProvider() {
      @Override
      public ImmutableCollection<CelType> types() {
        return ImmutableList.copyOf(types);
      }

      @Override
      public Optional<CelType> findType(String typeName) {
        return types.stream().filter(t -> t.name().equals(typeName)).findFirst();
      }
    };
  }
}
