"""Child-process helper of test_testdata_interfaces: loads component sources
with Skiff's runtime and prints the interface the runtime sees in each
function (which arguments are parameters of which IR type, which are
artifacts of which schema), for comparison with what the SDK compiled.

stdin: JSON list of {"key", "source", "function"}; stdout: JSON list of
{"key", "interface"} or {"key", "skipped"} or {"key", "error"}.
"""

import json
import sys
import types

from kfp.dsl import executor


def interface_of(func):
    func, sig = executor.resolve_function(func)
    annotations = executor._annotations(sig)
    inputs = {'parameters': {}, 'artifacts': {}}
    outputs = {'parameters': {}, 'artifacts': {}}
    unknown = []
    for name, annotation, has_default, _, _ in executor._function_parameters(
            sig, annotations):
        kind, detail, optional = executor.classify_input(annotation)
        if kind == executor.PARAMETER:
            inputs['parameters'][name] = {
                'type': detail,
                'optional': bool(has_default or optional)
            }
        elif kind == executor.FINAL_STATUS:
            # The SDK always compiles these as optional: the backend fills
            # them in.
            inputs['parameters'][name] = {
                'type': 'TASK_FINAL_STATUS',
                'optional': True
            }
        elif kind == executor.TASK_CONFIG:
            inputs['parameters'][name] = {'type': 'TASK_CONFIG',
                                          'optional': True}
        elif kind in (executor.ARTIFACT, executor.ARTIFACT_LIST):
            inputs['artifacts'][name] = {
                'schema': detail.schema_title,
                'list': kind == executor.ARTIFACT_LIST,
                'optional': bool(has_default or optional)
            }
        elif kind == executor.INPUT_PATH:
            inputs['artifacts'][name] = {
                'schema': str(detail).split('@')[0],
                'list': False,
                'optional': bool(has_default or optional)
            }
        elif kind == executor.OUTPUT_ARTIFACT:
            outputs['artifacts'][name] = {'schema': detail.schema_title,
                                          'list': False}
        elif kind == executor.OUTPUT_PATH:
            if '@' in str(detail):
                outputs['artifacts'][name] = {
                    'schema': str(detail).split('@')[0],
                    'list': False
                }
            else:
                outputs['parameters'][name] = {'type': detail}
        elif kind == executor.EMBEDDED:
            pass
        else:
            unknown.append(name)
    for name, annotation in executor.return_outputs(
            annotations.get('return', executor._MISSING)) or ():
        kind, detail, _ = executor.classify_output(annotation)
        if kind == executor.PARAMETER:
            outputs['parameters'][name] = {'type': detail}
        elif kind == executor.ARTIFACT:
            outputs['artifacts'][name] = {'schema': detail.schema_title,
                                          'list': False}
        else:
            unknown.append('return:' + name)
    return {'inputs': inputs, 'outputs': outputs, 'unknown': unknown}


def main():
    items = json.load(sys.stdin)
    results = []
    # Some component sources print when loaded (e.g. the notebook components, where nbformat is
    # installed): keep stdout for the JSON answer alone.
    answer = sys.stdout
    sys.stdout = sys.stderr
    for index, item in enumerate(items):
        module = types.ModuleType('ephemeral_component_%d' % index)
        module.__file__ = item['key']
        sys.modules[module.__name__] = module
        try:
            exec(compile(item['source'], item['key'], 'exec'), module.__dict__)
        except ImportError as e:
            name = getattr(e, 'name', None) or str(e)
            if name.split('.')[0] == 'kfp':
                results.append({'key': item['key'], 'error': repr(e)})
            else:
                results.append({'key': item['key'], 'skipped': name})
            continue
        except Exception as e:  # pylint: disable=broad-except
            results.append({'key': item['key'], 'error': repr(e)})
            continue
        try:
            interface = interface_of(getattr(module, item['function']))
        except Exception as e:  # pylint: disable=broad-except
            results.append({'key': item['key'], 'error': repr(e)})
            continue
        results.append({'key': item['key'], 'interface': interface})
    json.dump(results, answer)


if __name__ == '__main__':
    main()
