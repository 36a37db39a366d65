"""Runs a lightweight component's function against a KFP ExecutorInput.

Follows the KFP SDK executor (``kfp/dsl/executor.py``): builds the function's
arguments from ``inputs.parameterValues`` / ``inputs.artifacts`` /
``outputs.artifacts`` / ``outputs.parameters``, calls it, and writes an
ExecutorOutput JSON to ``outputs.outputFile``::

    {"parameterValues": {"Output": 3},
     "artifacts": {"model": {"artifacts": [{"name", "uri", "metadata"}]}}}

Where the SDK would fail later (in the launcher) or with a bare Python error,
this runtime raises :class:`ExecutorError` with a message that names the
parameter or output; ``executor_main`` prints it and exits with status 2:

* an input parameter whose JSON value does not fit its annotation (an ``int``
  fed a string), or a required input with no value;
* a return value of the wrong type;
* a declared output parameter that was not produced.

Values of ``OutputPath`` parameters are read back from their files (parsed by
type as KFP's launcher does) and added to ``parameterValues``, so the
ExecutorOutput holds every output parameter.
"""

import json
import os
import sys
import typing

from kfp.dsl.task_config import TaskConfig
from kfp.dsl.task_final_status import PipelineTaskFinalStatus
from kfp.dsl.types import artifact_types
from kfp.dsl.types import type_annotations as ta
from kfp.dsl.types import type_utils


class ExecutorError(Exception):
    """The ExecutorInput and the component function do not fit together."""


_MISSING = object()

_BASIC_PARAMETER_TYPES = {
    str: 'STRING',
    int: 'NUMBER_INTEGER',
    float: 'NUMBER_DOUBLE',
    bool: 'BOOLEAN',
    list: 'LIST',
    dict: 'STRUCT',
}

_PYTHON_TYPE_OF_IR = {
    'STRING': str,
    'NUMBER_INTEGER': int,
    'NUMBER_DOUBLE': float,
    'BOOLEAN': bool,
    'LIST': list,
    'STRUCT': dict,
}

_IR_TYPE_WORDS = {
    'STRING': 'a string',
    'NUMBER_INTEGER': 'an integer',
    'NUMBER_DOUBLE': 'a number',
    'BOOLEAN': 'a boolean',
    'LIST': 'a JSON list',
    'STRUCT': 'a JSON object',
}

# Input kinds.
PARAMETER = 'parameter'
ARTIFACT = 'artifact'
ARTIFACT_LIST = 'artifact_list'
OUTPUT_ARTIFACT = 'output_artifact'
INPUT_PATH = 'input_path'
OUTPUT_PATH = 'output_path'
FINAL_STATUS = 'final_status'
TASK_CONFIG = 'task_config'
EMBEDDED = 'embedded'
UNKNOWN = 'unknown'


def _is_pydantic_model(cls):
    return isinstance(cls, type) and hasattr(cls, 'model_validate') and hasattr(
        cls, 'model_fields')


def parameter_ir_type(annotation):
    """The IR parameter type of an annotation ('STRING', 'LIST', ...) or
    None when it is not a parameter type."""
    ir_type = _BASIC_PARAMETER_TYPES.get(annotation) if isinstance(
        annotation, type) else None
    if ir_type:
        return ir_type
    origin = typing.get_origin(annotation)
    if origin is list:
        return 'LIST'
    if origin is dict:
        return 'STRUCT'
    if _is_pydantic_model(annotation):
        return 'STRUCT'
    if isinstance(annotation, str):
        return type_utils.get_parameter_type(annotation)
    return None


def _artifact_class(annotation):
    if isinstance(annotation, type) and ta.is_artifact_class(annotation):
        return annotation
    return artifact_types.Artifact


def _is_final_status(annotation):
    return annotation is PipelineTaskFinalStatus or (
        isinstance(annotation, str) and
        type_utils.get_short_type_name(annotation) == 'PipelineTaskFinalStatus')


def _is_task_config(annotation):
    return annotation is TaskConfig or (isinstance(annotation, str) and
                                        annotation == 'TaskConfig')


def classify_input(annotation):
    """(kind, detail, optional) for a function parameter's annotation.

    detail is the IR parameter type for PARAMETER and for OUTPUT_PATH of a
    parameter, the artifact class for artifacts, the path type for
    INPUT_PATH/OUTPUT_PATH of an artifact.
    """
    if annotation is _MISSING:
        return UNKNOWN, None, False
    a, optional = ta.split_optional(annotation)
    if _is_final_status(a):
        return FINAL_STATUS, None, optional
    if _is_task_config(a):
        return TASK_CONFIG, None, optional
    if ta.is_artifact_wrapped_in_Input(a):
        inner = a.__origin__
        list_cls = ta.list_artifact_class(inner)
        if list_cls is not None:
            return ARTIFACT_LIST, list_cls, optional
        return ARTIFACT, _artifact_class(inner), optional
    if ta.is_artifact_wrapped_in_Output(a):
        return OUTPUT_ARTIFACT, _artifact_class(a.__origin__), optional
    if ta.is_embedded_input_annotation(a):
        return EMBEDDED, _artifact_class(a.__origin__), optional
    list_cls = ta.list_artifact_class(a)
    if list_cls is not None:
        return ARTIFACT_LIST, list_cls, optional
    if isinstance(a, type) and ta.is_artifact_class(a):
        return ARTIFACT, a, optional
    if isinstance(a, ta.OutputPath):
        if ta.path_type_is_artifact(a.type):
            return OUTPUT_PATH, a.type, optional
        return OUTPUT_PATH, parameter_ir_type(a.type) or 'STRING', optional
    if isinstance(a, ta.InputPath):
        return INPUT_PATH, a.type, optional
    ir_type = parameter_ir_type(a)
    if ir_type is not None:
        return PARAMETER, ir_type, optional
    return UNKNOWN, None, optional


def _is_named_tuple(annotation):
    return (isinstance(annotation, type) and issubclass(annotation, tuple) and
            hasattr(annotation, '_fields') and
            hasattr(annotation, '__annotations__'))


def return_outputs(return_annotation):
    """The outputs a return annotation declares: a list of (name, annotation)
    ('Output' for a single value, one per field for a NamedTuple), or None
    when the function declares no return value."""
    if return_annotation is _MISSING or return_annotation is None or (
            return_annotation is type(None)):
        return None
    if _is_named_tuple(return_annotation):
        hints = return_annotation.__annotations__
        return [(field, hints.get(field, _MISSING))
                for field in return_annotation._fields]
    return [('Output', return_annotation)]


def classify_output(annotation):
    """(kind, detail, optional) of one returned value: (PARAMETER, ir_type),
    (ARTIFACT, class) or (UNKNOWN, None)."""
    a, optional = ta.split_optional(annotation)
    ir_type = parameter_ir_type(a)
    if ir_type is not None:
        return PARAMETER, ir_type, optional
    if isinstance(a, type) and ta.is_artifact_class(a):
        return ARTIFACT, a, optional
    return UNKNOWN, None, optional


def describe_annotation(annotation):
    if annotation is _MISSING:
        return '(no annotation)'
    if isinstance(annotation, type):
        return annotation.__name__
    return str(annotation).replace('typing.', '')


def _short_repr(value, limit=80):
    text = repr(value)
    if len(text) > limit:
        text = text[:limit - 3] + '...'
    return text


def _json_type_name(value):
    if value is None:
        return 'null'
    if isinstance(value, bool):
        return 'boolean'
    if isinstance(value, (int, float)):
        return 'number'
    if isinstance(value, str):
        return 'string'
    if isinstance(value, list):
        return 'list'
    if isinstance(value, dict):
        return 'object'
    return type(value).__name__


def _normalize_ints(value, annotation):
    """Turns integral floats (20.0) into ints where the annotation says int,
    inside List[int] / Dict[str, int] / nested ones too."""
    if annotation is int:
        if isinstance(value, float) and value.is_integer():
            return int(value)
        return value
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is list and len(args) == 1 and isinstance(value, list):
        return [_normalize_ints(v, args[0]) for v in value]
    if origin is dict and len(args) == 2 and isinstance(value, dict):
        return {k: _normalize_ints(v, args[1]) for k, v in value.items()}
    return value


def _function_parameters(func, annotations):
    """[(name, annotation, has_default, default, positional_only)]."""
    code = func.__code__
    argcount = code.co_argcount
    names = code.co_varnames[:argcount + code.co_kwonlyargcount]
    defaults = func.__defaults__ or ()
    kwdefaults = func.__kwdefaults__ or {}
    first_default = argcount - len(defaults)
    posonly = getattr(code, 'co_posonlyargcount', 0)
    params = []
    for index, name in enumerate(names):
        if index < argcount:
            has_default = index >= first_default
            default = defaults[index - first_default] if has_default else None
        else:
            has_default = name in kwdefaults
            default = kwdefaults.get(name)
        params.append((name, annotations.get(name, _MISSING), has_default,
                       default, index < posonly))
    return params


def _annotations(func):
    annotations = dict(getattr(func, '__annotations__', None) or {})
    if any(isinstance(v, str) for v in annotations.values()):
        try:
            annotations = typing.get_type_hints(func, include_extras=True)
        except Exception:  # leave the strings; classify_input maps them
            pass
    return annotations


def resolve_function(obj, name='function'):
    """(callable, function whose signature counts) for a module attribute:
    a plain function, an SDK-style component with ``python_func``, or a
    functools.wraps wrapper."""
    func = getattr(obj, 'python_func', None) or obj
    sig = func
    seen = 0
    while hasattr(sig, '__wrapped__') and seen < 100:
        sig = sig.__wrapped__
        seen += 1
    if not hasattr(sig, '__code__') or not callable(func):
        raise ExecutorError('`%s` is not a Python function (got %s)' %
                            (name, type(obj).__name__))
    return func, sig


def _artifact_from_struct(struct, fallback_cls):
    if not isinstance(struct, dict):
        raise ExecutorError('Artifact entry is not a JSON object: %s' %
                            _short_repr(struct))
    schema_title = (struct.get('type') or {}).get('schemaTitle', '')
    cls = artifact_types._SCHEMA_TITLE_TO_TYPE.get(schema_title,
                                                   fallback_cls or
                                                   artifact_types.Artifact)
    uri = struct.get('uri') or ''
    name = struct.get('name') or ''
    metadata = struct.get('metadata') or {}
    if hasattr(cls, '_from_executor_fields'):
        artifact = cls._from_executor_fields(uri=uri, name=name,
                                             metadata=metadata)
    else:
        artifact = cls(uri=uri, name=name, metadata=metadata)
    custom_path = struct.get('customPath') or struct.get('custom_path')
    if custom_path:
        try:
            artifact.custom_path = custom_path
        except AttributeError:
            pass
    return artifact


def create_artifact_instance(runtime_artifact, fallback_artifact_cls=None):
    """An artifact object for a RuntimeArtifact JSON object (SDK name)."""
    return _artifact_from_struct(runtime_artifact, fallback_artifact_cls)


def _makedirs_for(path):
    parent = os.path.dirname(path)
    if parent:
        try:
            os.makedirs(parent, exist_ok=True)
        except OSError:
            # The function may never write there (e.g. metrics); if it does,
            # the open() fails with the real reason.
            pass


def _uses_file_uris(executor_input):
    for section in ('inputs', 'outputs'):
        artifacts = (executor_input.get(section) or {}).get('artifacts') or {}
        for entry in artifacts.values():
            for artifact in (entry or {}).get('artifacts') or ():
                if str((artifact or {}).get('uri', '')).startswith('file:'):
                    return True
    return False


def _parse_parameter_text(text, ir_type):
    """Parses an output parameter file as KFP's launcher does; raises
    ValueError when the text does not fit."""
    if ir_type == 'STRING':
        return text
    stripped = text.strip()
    if ir_type == 'NUMBER_INTEGER':
        return int(stripped, 10)
    if ir_type == 'NUMBER_DOUBLE':
        return float(stripped)
    if ir_type == 'BOOLEAN':
        if stripped in ('1', 't', 'T', 'TRUE', 'true', 'True'):
            return True
        if stripped in ('0', 'f', 'F', 'FALSE', 'false', 'False'):
            return False
        raise ValueError('not a boolean')
    if ir_type == 'LIST':
        value = json.loads(text)
        if not isinstance(value, list):
            raise ValueError('not a JSON list')
        return value
    if ir_type == 'STRUCT':
        value = json.loads(text)
        if not isinstance(value, dict):
            raise ValueError('not a JSON object')
        return value
    return text


def _to_json_safe(value, where):
    """A copy of value that json.dumps writes as strict JSON: non-finite
    floats become "NaN"/"Infinity"/"-Infinity" (as protobuf JSON writes
    them), tuples become lists, numpy values become Python ones."""
    if value is None or isinstance(value, (str, bool, int)):
        return value
    if isinstance(value, float):
        if value != value:
            return 'NaN'
        if value in (float('inf'), float('-inf')):
            return 'Infinity' if value > 0 else '-Infinity'
        return value
    if isinstance(value, dict):
        return {
            str(k): _to_json_safe(v, where) for k, v in value.items()
        }
    if isinstance(value, (list, tuple)):
        return [_to_json_safe(v, where) for v in value]
    tolist = getattr(value, 'tolist', None)
    if callable(tolist):  # numpy arrays and scalars
        return _to_json_safe(tolist(), where)
    raise ExecutorError('%s holds a value that is not JSON-serializable: %s '
                        '(type %s)' % (where, _short_repr(value),
                                       type(value).__name__))


def _json_object(parent, key, prefix=''):
    value = parent.get(key)
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ExecutorError('ExecutorInput field %s%s must be a JSON object, '
                            'got %s' % (prefix, key, _json_type_name(value)))
    return value


class Executor:
    """Runs one component function against one ExecutorInput."""

    def __init__(self, executor_input, function_to_execute):
        if not isinstance(executor_input, dict):
            raise ExecutorError('The ExecutorInput must be a JSON object, got '
                                + _json_type_name(executor_input))
        self.executor_input = executor_input
        self.func, self._sig_func = resolve_function(function_to_execute)
        self.func_name = getattr(self._sig_func, '__name__', 'function')
        inputs = _json_object(executor_input, 'inputs')
        outputs = _json_object(executor_input, 'outputs')
        self._parameter_values = _json_object(inputs, 'parameterValues',
                                              'inputs.')
        self._input_artifact_structs = _json_object(inputs, 'artifacts',
                                                    'inputs.')
        self._output_parameters = _json_object(outputs, 'parameters',
                                               'outputs.')
        self._output_artifact_structs = _json_object(outputs, 'artifacts',
                                                     'outputs.')
        self.executor_output_path = outputs.get('outputFile')
        if not self.executor_output_path:
            raise ExecutorError(
                'The ExecutorInput has no outputs.outputFile: there is '
                'nowhere to write the ExecutorOutput')

        self.task_root = os.path.dirname(self.executor_output_path)
        artifact_types.CONTAINER_TASK_ROOT = self.task_root
        artifact_types._LOCAL_PATHS_AS_FILE_URIS = _uses_file_uris(
            executor_input)

        self._annotations = _annotations(self._sig_func)
        self.return_annotation = self._annotations.get('return', _MISSING)
        self._params = _function_parameters(self._sig_func, self._annotations)
        self.input_artifacts = {}
        self.output_artifacts = {}
        self._output_path_parameters = {}  # name -> (path, ir_type)
        self._optional_none_outputs = set()
        self._returned_outputs = set()
        self.executor_output = {}
        self._make_output_artifacts()

    # ----------------------------------------------------------------- inputs

    def _fail_input(self, name, message):
        raise ExecutorError('Input %r of component function `%s`: %s' %
                            (name, self.func_name, message))

    def _output_artifact_fallback_classes(self):
        classes = {}
        for name, annotation, _, _, _ in self._params:
            kind, detail, _ = classify_input(annotation)
            if kind == OUTPUT_ARTIFACT:
                classes[name] = detail
            elif kind == OUTPUT_PATH and ta.path_type_is_artifact(detail):
                classes[name] = artifact_types._SCHEMA_TITLE_TO_TYPE.get(
                    detail.split('@')[0], artifact_types.Artifact)
        for name, annotation in return_outputs(self.return_annotation) or ():
            kind, detail, _ = classify_output(annotation)
            if kind == ARTIFACT:
                classes[name] = detail
        return classes

    def _make_output_artifacts(self):
        fallback = self._output_artifact_fallback_classes()
        for name, entry in self._output_artifact_structs.items():
            structs = (entry or {}).get('artifacts') or []
            if not structs:
                continue
            artifact = _artifact_from_struct(structs[0], fallback.get(name))
            self.output_artifacts[name] = artifact
            _makedirs_for(artifact.path)

    def _input_artifact_structs_for(self, name):
        entry = self._input_artifact_structs.get(name)
        if entry is None:
            return None
        structs = entry.get('artifacts') if isinstance(entry, dict) else None
        return structs if isinstance(structs, list) else []

    def _coerce_parameter(self, name, annotation, ir_type, value):
        expected = _PYTHON_TYPE_OF_IR[ir_type]
        inner = ta.split_optional(annotation)[0]
        if ir_type == 'NUMBER_INTEGER':
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            ok = isinstance(value, int) and not isinstance(value, bool)
        elif ir_type == 'NUMBER_DOUBLE':
            ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        else:
            ok = isinstance(value, expected)
        if not ok:
            self._fail_input(
                name, 'the parameter is declared as %s, so it needs %s, but '
                'the ExecutorInput gives %s %s' %
                (describe_annotation(inner), _IR_TYPE_WORDS[ir_type],
                 _json_type_name(value), _short_repr(value)))
        if ir_type in ('LIST', 'STRUCT'):
            value = _normalize_ints(value, inner)
            if _is_pydantic_model(inner):
                value = inner.model_validate(value)
        return value

    def _input_path_for_parameter(self, name, value):
        folder = os.path.join(self.task_root, '.skiff-input-paths')
        os.makedirs(folder, exist_ok=True)
        path = os.path.join(folder, name)
        with open(path, 'w') as f:
            f.write(value if isinstance(value, str) else json.dumps(value))
        return path

    def _output_parameter_path(self, name):
        spec = self._output_parameters.get(name) or {}
        path = spec.get('outputFile') if isinstance(spec, dict) else None
        if not path:
            path = os.path.join(self.task_root, 'outputs', name)
        _makedirs_for(path)
        return path

    def build_arguments(self):
        """(positional args, keyword args) for the function."""
        kwargs = {}
        for name, annotation, has_default, default, _ in self._params:
            value = self._argument(name, annotation, has_default)
            if value is not _MISSING:
                kwargs[name] = value
        args = []
        for name, _, _, _, positional_only in self._params:
            if positional_only and name in kwargs:
                args.append(kwargs.pop(name))
        return args, kwargs

    def _argument(self, name, annotation, has_default):
        kind, detail, optional = classify_input(annotation)
        values = self._parameter_values

        def absent(what):
            if has_default:
                return _MISSING
            if optional:
                return None
            self._fail_input(
                name, 'no %s in the ExecutorInput and the function gives no '
                'default' % what)

        if kind == PARAMETER:
            value = values.get(name)
            if value is None:
                return absent('value (inputs.parameterValues)')
            return self._coerce_parameter(name, annotation, detail, value)

        if kind == FINAL_STATUS:
            value = values.get(name)
            if value is None:
                return absent('task final status (inputs.parameterValues)')
            if not isinstance(value, dict):
                self._fail_input(
                    name, 'a PipelineTaskFinalStatus needs a JSON object, but '
                    'the ExecutorInput gives %s %s' %
                    (_json_type_name(value), _short_repr(value)))
            error = value.get('error')
            if not isinstance(error, dict):
                error = {}
            job = value.get('pipelineJobResourceName')
            if job is None:
                job = value.get('pipeline_job_resource_name')
            task = value.get('pipelineTaskName')
            if task is None:
                task = value.get('pipeline_task_name')
            return PipelineTaskFinalStatus(
                state=value.get('state'),
                pipeline_job_resource_name=job,
                pipeline_task_name=task,
                error_code=error.get('code'),
                error_message=error.get('message'),
            )

        if kind == TASK_CONFIG:
            value = values.get(name) or {}
            if not isinstance(value, dict):
                self._fail_input(
                    name, 'a TaskConfig needs a JSON object, but the '
                    'ExecutorInput gives %s' % _json_type_name(value))
            return TaskConfig(
                affinity=value.get('affinity'),
                tolerations=value.get('tolerations'),
                node_selector=value.get('nodeSelector'),
                env=value.get('env'),
                volumes=value.get('volumes'),
                volume_mounts=value.get('volumeMounts'),
                resources=value.get('resources'),
            )

        if kind == ARTIFACT:
            structs = self._input_artifact_structs_for(name)
            if not structs:
                return absent('artifact (inputs.artifacts)')
            artifact = _artifact_from_struct(structs[0], detail)
            self.input_artifacts[name] = artifact
            return artifact

        if kind == ARTIFACT_LIST:
            structs = self._input_artifact_structs_for(name)
            if structs is None and (has_default or optional):
                return absent('artifact list (inputs.artifacts)')
            artifacts = [_artifact_from_struct(s, detail) for s in structs or []]
            self.input_artifacts[name] = artifacts
            return artifacts

        if kind == OUTPUT_ARTIFACT:
            artifact = self.output_artifacts.get(name)
            if artifact is None:
                if optional or has_default:
                    return absent('output artifact')
                self._fail_input(
                    name, 'the output artifact is not in the ExecutorInput '
                    '(outputs.artifacts)')
            return artifact

        if kind == INPUT_PATH:
            structs = self._input_artifact_structs_for(name)
            if structs:
                cls = artifact_types._SCHEMA_TITLE_TO_TYPE.get(
                    str(detail).split('@')[0], artifact_types.Artifact)
                artifact = _artifact_from_struct(structs[0], cls)
                self.input_artifacts[name] = artifact
                return artifact.path
            value = values.get(name)
            if value is not None:
                return self._input_path_for_parameter(name, value)
            return absent('artifact (inputs.artifacts)')

        if kind == OUTPUT_PATH:
            if ta.path_type_is_artifact(detail):
                artifact = self.output_artifacts.get(name)
                if artifact is None:
                    self._fail_input(
                        name, 'the output artifact is not in the '
                        'ExecutorInput (outputs.artifacts)')
                return artifact.path
            path = self._output_parameter_path(name)
            self._output_path_parameters[name] = (path, detail)
            return path

        if kind == EMBEDDED:
            globals_ = getattr(self._sig_func, '__globals__', {})
            embedded_file = globals_.get('__KFP_EMBEDDED_ASSET_FILE')
            embedded_dir = globals_.get('__KFP_EMBEDDED_ASSET_DIR')
            if not (embedded_file or embedded_dir):
                raise ExecutorError(
                    'EmbeddedInput was specified but no embedded asset was '
                    'found at runtime.')
            artifact = detail()
            artifact.path = embedded_file or embedded_dir
            return artifact

        # No annotation, or one this runtime does not know: pass what the
        # ExecutorInput has under that name.
        if name in values and values[name] is not None:
            return values[name]
        structs = self._input_artifact_structs_for(name)
        if structs:
            artifact = _artifact_from_struct(structs[0], None)
            self.input_artifacts[name] = artifact
            return artifact
        if name in self.output_artifacts:
            return self.output_artifacts[name]
        if name in values:
            return None
        return absent('value')

    # ---------------------------------------------------------------- outputs

    def _declared_output_artifact_name(self, output_name):
        entry = self._output_artifact_structs.get(output_name) or {}
        structs = entry.get('artifacts') or []
        if structs and isinstance(structs[0], dict):
            return structs[0].get('name') or output_name
        return output_name

    def _handle_single_return_value(self, output_name, annotation, value):
        kind, detail, optional = classify_output(annotation)
        self._returned_outputs.add(output_name)
        if kind == PARAMETER:
            if value is None:
                if optional:
                    self._optional_none_outputs.add(output_name)
                    return
                raise ExecutorError(
                    'Component function `%s` returned None for output %r, '
                    'which is declared as %s' %
                    (self.func_name, output_name,
                     describe_annotation(annotation)))
            inner = ta.split_optional(annotation)[0]
            expected = _PYTHON_TYPE_OF_IR[detail]
            if _is_pydantic_model(inner):
                expected = inner
            accepted = (int, float) if expected is float else expected
            if not isinstance(value, accepted):
                raise ExecutorError(
                    'Function `%s` returned value of type %s; want type %s '
                    '(output %r)' % (self.func_name, type(value), expected,
                                     output_name))
            if _is_pydantic_model(inner):
                value = value.model_dump(mode='json', by_alias=True)
            self.executor_output.setdefault('parameterValues',
                                            {})[output_name] = value
        elif kind == ARTIFACT:
            if value is None:
                return
            if isinstance(value, artifact_types.Artifact) or (
                    ta.is_artifact_class(type(value))):
                if not getattr(value, 'name', ''):
                    value.name = self._declared_output_artifact_name(
                        output_name)
                self.output_artifacts[output_name] = value
            else:
                artifact = self.output_artifacts.get(output_name)
                if artifact is None:
                    raise ExecutorError(
                        'Component function `%s` returned data for output '
                        'artifact %r, but the ExecutorInput has no such '
                        'output artifact (outputs.artifacts)' %
                        (self.func_name, output_name))
                _makedirs_for(artifact.path)
                with open(artifact.path, 'w') as f:
                    f.write(str(value))
        else:
            raise ExecutorError(
                'Unknown return type: %s. Must be one of the supported data '
                'types: str, int, float, bool, dict, list, an artifact class, '
                'or a NamedTuple of these.' % describe_annotation(annotation))

    def _handle_return(self, result):
        outputs = return_outputs(self.return_annotation)
        if outputs is None:
            if result is not None:
                sys.stderr.write(
                    'Warning: component function `%s` declares no return '
                    'value but returned %s; it is ignored.\n' %
                    (self.func_name, _short_repr(result)))
            return
        if _is_named_tuple(self.return_annotation):
            if result is None:
                raise ExecutorError(
                    'Component function `%s` returned None; its return '
                    'annotation declares outputs %s' %
                    (self.func_name, ', '.join(n for n, _ in outputs)))
            fields = self.return_annotation._fields
            try:
                count = len(result)
            except TypeError:
                count = None
            if count != len(fields):
                raise ExecutorError(
                    'Expected %d return values from function `%s`, got %s' %
                    (len(fields), self.func_name,
                     count if count is not None else type(result).__name__))
            for index, (field, annotation) in enumerate(outputs):
                if type(result) is tuple or type(result) is list:
                    value = result[index]
                else:
                    try:
                        value = getattr(result, field)
                    except AttributeError:
                        raise ExecutorError(
                            'Component function `%s` returned %s, which has '
                            'no field %r' %
                            (self.func_name, type(result).__name__, field))
                self._handle_single_return_value(field, annotation, value)
        else:
            name, annotation = outputs[0]
            self._handle_single_return_value(name, annotation, result)

    def _collect_output_path_parameters(self):
        values = self.executor_output.get('parameterValues') or {}
        for name, (path, ir_type) in self._output_path_parameters.items():
            if name in values:
                continue
            if not os.path.exists(path):
                raise ExecutorError(
                    'Output parameter %r was not produced: component function '
                    '`%s` did not write its OutputPath file %s' %
                    (name, self.func_name, path))
            with open(path, 'r') as f:
                text = f.read()
            try:
                value = _parse_parameter_text(text, ir_type)
            except ValueError as e:
                raise ExecutorError(
                    'Output parameter %r (%s) of component function `%s`: its '
                    'file %s holds %s, which is not %s (%s)' %
                    (name, ir_type, self.func_name, path, _short_repr(text),
                     _IR_TYPE_WORDS.get(ir_type, ir_type), e))
            self.executor_output.setdefault('parameterValues', {})[name] = value

    def _check_declared_outputs(self):
        values = self.executor_output.get('parameterValues') or {}
        for name in self._output_parameters:
            if name in values or name in self._optional_none_outputs:
                continue
            if name in self._returned_outputs:
                continue  # a None artifact-typed return; nothing to check
            declared = return_outputs(self.return_annotation) or ()
            if name in dict(declared):
                raise ExecutorError(
                    'Output parameter %r was not produced: component function '
                    '`%s` returned None' % (name, self.func_name))
            raise ExecutorError(
                'Output parameter %r is declared in the ExecutorInput '
                '(outputs.parameters) but component function `%s` does not '
                'produce it (no return value or OutputPath of that name)' %
                (name, self.func_name))

    def write_executor_output(self, func_output=None):
        self._handle_return(func_output)
        self._collect_output_path_parameters()
        self._check_declared_outputs()

        if self.output_artifacts:
            artifacts = {}
            for name, artifact in self.output_artifacts.items():
                runtime_artifact = {
                    'name': artifact.name,
                    'uri': artifact.uri,
                    'metadata': _to_json_safe(
                        artifact.metadata,
                        'The metadata of output artifact %r' % name),
                }
                custom_path = getattr(artifact, 'custom_path', '')
                if custom_path:
                    runtime_artifact['custom_path'] = custom_path
                artifacts[name] = {'artifacts': [runtime_artifact]}
            self.executor_output['artifacts'] = artifacts
        if 'parameterValues' in self.executor_output:
            self.executor_output['parameterValues'] = {
                name: _to_json_safe(value, 'Output parameter %r' % name)
                for name, value in self.executor_output['parameterValues'].items()
            }

        # In a distributed (mirrored) job only the chief writes the file.
        cluster_spec = os.environ.get('CLUSTER_SPEC')
        if cluster_spec:
            try:
                task_type = json.loads(cluster_spec)['task']['type']
            except (ValueError, KeyError, TypeError):
                task_type = 'chief'
            if task_type not in ('workerpool0', 'chief', 'master'):
                return None

        _makedirs_for(self.executor_output_path)
        text = json.dumps(self.executor_output, allow_nan=False)
        with open(self.executor_output_path, 'w') as f:
            f.write(text)
        return self.executor_output_path

    def execute(self):
        """Calls the function and writes the ExecutorOutput; returns its path
        (None when this worker is not the one to write it)."""
        if self.task_root:
            try:
                os.makedirs(self.task_root, exist_ok=True)
            except OSError:
                pass
        args, kwargs = self.build_arguments()
        result = self.func(*args, **kwargs)
        return self.write_executor_output(result)
