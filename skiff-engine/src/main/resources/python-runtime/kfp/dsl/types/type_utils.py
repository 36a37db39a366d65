"""Maps Python annotations to KFP IR parameter types."""

import re

from kfp.dsl.types import artifact_types

DEFAULT_ARTIFACT_SCHEMA_VERSION = '0.0.1'

ARTIFACT_CLASSES_MAPPING = {
    'artifact': artifact_types.Artifact,
    'model': artifact_types.Model,
    'dataset': artifact_types.Dataset,
    'metrics': artifact_types.Metrics,
    'classificationmetrics': artifact_types.ClassificationMetrics,
    'slicedclassificationmetrics': artifact_types.SlicedClassificationMetrics,
    'html': artifact_types.HTML,
    'markdown': artifact_types.Markdown,
}

# IR ParameterType names by (lower-cased) type name, as the SDK compiler maps.
PARAMETER_TYPES_MAPPING = {
    'integer': 'NUMBER_INTEGER',
    'int': 'NUMBER_INTEGER',
    'double': 'NUMBER_DOUBLE',
    'float': 'NUMBER_DOUBLE',
    'string': 'STRING',
    'str': 'STRING',
    'text': 'STRING',
    'bool': 'BOOLEAN',
    'boolean': 'BOOLEAN',
    'dict': 'STRUCT',
    'list': 'LIST',
    'jsonobject': 'STRUCT',
    'jsonarray': 'LIST',
}

_SHORT_NAME = re.compile(r'(typing\.)?(?P<type>\w+)(?:\[.+\])?')


def get_short_type_name(type_name):
    """'typing.List[int]' -> 'List'; 'str' -> 'str'."""
    match = _SHORT_NAME.match(type_name)
    return match.group('type') if match else type_name


def is_task_final_status_type(type_name):
    return isinstance(type_name, str) and type_name == 'PipelineTaskFinalStatus'


def is_task_config_type(type_name):
    return isinstance(type_name, str) and type_name == 'TaskConfig'


def get_parameter_type(param_type):
    """The IR parameter type name ('STRING', 'LIST', ...) or None."""
    if is_task_final_status_type(param_type) or is_task_config_type(
            param_type):
        return 'STRUCT'
    if isinstance(param_type, type):
        type_name = param_type.__name__
    elif isinstance(param_type, dict):
        type_name = next(iter(param_type), '')
    else:
        type_name = get_short_type_name(str(param_type))
    return PARAMETER_TYPES_MAPPING.get(str(type_name).lower())


def is_parameter_type(type_name):
    if isinstance(type_name, str):
        type_name = get_short_type_name(type_name)
    elif isinstance(type_name, dict):
        type_name = next(iter(type_name), '')
    else:
        return False
    return (type_name.lower() in PARAMETER_TYPES_MAPPING or
            is_task_final_status_type(type_name) or
            is_task_config_type(type_name))


def create_bundled_artifact_type(schema_title, schema_version=None):
    if not isinstance(schema_title, str):
        raise ValueError('schema_title must be a string, got %r' %
                         (schema_title,))
    return schema_title + '@' + (schema_version or
                                 DEFAULT_ARTIFACT_SCHEMA_VERSION)
