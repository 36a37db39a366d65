"""Annotations that mark component inputs and outputs.

``Input[T]`` / ``Output[T]`` are ``typing.Annotated[T, InputAnnotation]`` /
``Annotated[T, OutputAnnotation]`` (defined in ``kfp.dsl``); ``InputPath`` and
``OutputPath`` are instances whose ``type`` says what the path holds.
"""

import typing

from kfp.dsl.types import artifact_types
from kfp.dsl.types import type_utils

try:  # Python 3.10+: PEP 604 unions (X | None)
    from types import UnionType as _UnionType
except ImportError:  # pragma: no cover - Python 3.9
    _UnionType = None

_NoneType = type(None)


class InputAnnotation:
    """Marker type for input artifacts."""


class OutputAnnotation:
    """Marker type for output artifacts."""


class EmbeddedAnnotation:
    """Marker type for embedded runtime-only inputs (``dsl.EmbeddedInput``)."""


def construct_type_for_inputpath_or_outputpath(type_):
    """What an InputPath/OutputPath holds, normalised as the SDK does.

    Artifact classes and artifact names become '<schema_title>@<version>';
    parameter types are kept as given; anything else means system.Artifact.
    """
    if is_artifact_class(type_):
        return type_utils.create_bundled_artifact_type(type_.schema_title,
                                                       type_.schema_version)
    if isinstance(type_, str) and type_.lower(
    ) in type_utils.ARTIFACT_CLASSES_MAPPING:
        return type_utils.create_bundled_artifact_type(
            type_utils.ARTIFACT_CLASSES_MAPPING[type_.lower()].schema_title)
    if type_utils.get_parameter_type(type_):
        return type_
    return type_utils.create_bundled_artifact_type(
        artifact_types.Artifact.schema_title)


class OutputPath:
    """Annotation: the argument is a local path to write an output to."""

    def __init__(self, type=None):
        self.type = construct_type_for_inputpath_or_outputpath(type)

    def __eq__(self, other):
        return isinstance(other, OutputPath) and self.type == other.type

    def __hash__(self):
        return hash(('OutputPath', str(self.type)))

    def __repr__(self):
        return 'OutputPath(%r)' % (self.type,)


class InputPath:
    """Annotation: the argument is a local path to read an input from."""

    def __init__(self, type=None):
        self.type = construct_type_for_inputpath_or_outputpath(type)

    def __eq__(self, other):
        return isinstance(other, InputPath) and self.type == other.type

    def __hash__(self):
        return hash(('InputPath', str(self.type)))

    def __repr__(self):
        return 'InputPath(%r)' % (self.type,)


def path_type_is_artifact(path_type):
    """Whether an InputPath/OutputPath ``type`` names an artifact."""
    return isinstance(path_type, str) and '@' in path_type


def _marker(typ):
    metadata = getattr(typ, '__metadata__', None)
    if metadata:
        return metadata[0]
    return None


def is_Input_Output_artifact_annotation(typ):
    return _marker(typ) in (InputAnnotation, OutputAnnotation)


def is_embedded_input_annotation(typ):
    return _marker(typ) is EmbeddedAnnotation


def is_artifact_wrapped_in_Input(typ):
    return _marker(typ) is InputAnnotation


def is_artifact_wrapped_in_Output(typ):
    return _marker(typ) is OutputAnnotation


def strip_Input_or_Output_marker(typ):
    return typ.__origin__


def get_input_or_output_marker(typ):
    if not is_Input_Output_artifact_annotation(typ):
        return None
    return _marker(typ)


def split_optional(annotation):
    """(inner, True) for Optional[X] / X | None, else (annotation, False)."""
    origin = typing.get_origin(annotation)
    if origin is typing.Union or (_UnionType is not None and
                                  origin is _UnionType):
        args = typing.get_args(annotation)
        if len(args) == 2:
            if args[1] is _NoneType:
                return args[0], True
            if args[0] is _NoneType:
                return args[1], True
    return annotation, False


def maybe_strip_optional_from_annotation(annotation):
    return split_optional(annotation)[0]


def is_artifact_class(obj):
    return hasattr(obj, 'schema_title') and hasattr(obj, 'schema_version')


def issubclass_of_artifact(obj):
    return isinstance(obj, type) and issubclass(obj, artifact_types.Artifact)


def is_generic_list(annotation):
    return annotation is list or typing.get_origin(annotation) is list


def get_inner_type(annotation):
    args = getattr(annotation, '__args__', None)
    if not args:
        return None
    return args[0] if len(args) == 1 else tuple(args)


def list_artifact_class(annotation):
    """The artifact class of List[T] (also List[List[T]]), else None."""
    while is_generic_list(annotation):
        inner = get_inner_type(annotation)
        if inner is None or isinstance(inner, tuple):
            return None
        if is_artifact_class(inner) and isinstance(inner, type):
            return inner
        annotation = inner
    return None


def is_list_of_artifacts(annotation):
    return list_artifact_class(annotation) is not None
