"""Bad input and failures: a raising function, wrong parameter types, missing
outputs, a broken command line. Each must exit non-zero with a message that
says what went wrong."""

import json
import os

from kfp_runtime_testlib import RuntimeTestCase

# What the SDK puts before every function source.
PREAMBLE = ('\nimport kfp\nfrom kfp import dsl\nfrom kfp.dsl import *\n'
            'from typing import *\n\n')


def source(body):
    return PREAMBLE + body.strip() + '\n'


TYPED = source('''
def typed(a: int, b: float, c: str, d: bool, e: list, f: dict,
          g: List[int], h: Dict[str, int], i: Optional[int] = None) -> str:
    return repr((a, b, c, d, e, f, g, h, i))
''')

GOOD_TYPED_VALUES = dict(a=1, b=2.5, c='s', d=True, e=[1], f={'k': 'v'},
                         g=[1], h={'x': 1})


class FunctionFailureTest(RuntimeTestCase):

    def test_exception_gives_traceback_and_exit_1(self):
        src = source('''
def boom(n: int) -> int:
    helper = lambda: 1 / 0
    if n > 0:
        raise ValueError('bad n: %d' % n)
    return helper()
''')
        task = self.task().params(n=3).output_param('Output')
        result = task.run(source=src, function='boom')
        self.assertFailed(result, 1, 'Traceback (most recent call last):',
                          'ephemeral_component.py", line 10, in boom',
                          "raise ValueError('bad n: %d' % n)",
                          'ValueError: bad n: 3')
        # Only the component's own frames, not the executor's.
        self.assertNotIn('kfp/dsl/executor', result.stderr)
        self.assertFalse(os.path.exists(task.output_file))
        task.param('n', 0)
        self.assertFailed(task.run(source=src, function='boom'), 1,
                          'ZeroDivisionError')

    def test_chained_exception_is_shown(self):
        src = source('''
def chained():
    try:
        {}['k']
    except KeyError as e:
        raise RuntimeError('lookup failed') from e
''')
        self.assertFailed(self.task().run(source=src, function='chained'), 1,
                          "KeyError: 'k'", 'direct cause',
                          'RuntimeError: lookup failed')

    def test_module_level_errors(self):
        src = source('''
import skiff_no_such_module_xyz

def f():
    pass
''')
        self.assertFailed(self.task().run(source=src, function='f'), 1,
                          "ModuleNotFoundError: No module named "
                          "'skiff_no_such_module_xyz'")
        self.assertFailed(
            self.task().run(source=PREAMBLE + 'def f(:\n  pass\n',
                            function='f'), 1, 'SyntaxError')

    def test_missing_import_inside_function(self):
        src = source('''
def needs_numpy() -> int:
    import skiff_fake_numpy as np
    return np.array([1]).sum()
''')
        self.assertFailed(self.task().run(source=src, function='needs_numpy'),
                          1, 'ModuleNotFoundError', 'skiff_fake_numpy')

    def test_sys_exit_keeps_its_status(self):
        src = source('''
def leave(code: int):
    import sys
    print('leaving')
    sys.exit(code)
''')
        result = self.task().params(code=3).run(source=src, function='leave')
        self.assertFailed(result, 3)
        self.assertEqual(result.stdout, 'leaving\n')
        result = self.task().params(code=0).run(source=src, function='leave')
        self.assertEqual(result.returncode, 0)
        self.assertIsNone(result.output)


class WrongParameterTypeTest(RuntimeTestCase):

    def run_typed(self, **overrides):
        values = dict(GOOD_TYPED_VALUES)
        values.update(overrides)
        task = self.task().params(**values).output_param('Output')
        return task.run(source=TYPED, function='typed')

    def test_good_values_pass(self):
        result = self.assertSucceeded(self.run_typed(a=1.0, g=[1.0, 2],
                                                     h={'x': 3.0}, b=2))
        self.assertEqual(
            result.parameters['Output'],
            repr((1, 2, 's', True, [1], {'k': 'v'}, [1, 2], {'x': 3}, None)))

    def test_each_wrong_type_is_named(self):
        cases = [
            ('a', 'abc', "Input 'a' of component function `typed`: the "
             "parameter is declared as int, so it needs an integer, but the "
             "ExecutorInput gives string 'abc'"),
            ('a', 1.5, 'needs an integer, but the ExecutorInput gives number '
             '1.5'),
            ('a', True, 'needs an integer, but the ExecutorInput gives '
             'boolean True'),
            ('b', '2.5', "Input 'b'"),
            ('c', 5, "Input 'c' of component function `typed`: the parameter "
             'is declared as str, so it needs a string, but the '
             'ExecutorInput gives number 5'),
            ('d', 'true', "Input 'd' of component function `typed`: the "
             'parameter is declared as bool, so it needs a boolean'),
            ('e', {'a': 1}, "Input 'e' of component function `typed`: the "
             'parameter is declared as list, so it needs a JSON list, but '
             "the ExecutorInput gives object {'a': 1}"),
            ('f', [1], "Input 'f' of component function `typed`: the "
             'parameter is declared as dict, so it needs a JSON object'),
            ('g', '[1]', 'declared as List[int], so it needs a JSON list'),
            ('h', 3, 'declared as Dict[str, int], so it needs a JSON object'),
            ('i', 'x', "Input 'i'"),
        ]
        for name, value, message in cases:
            with self.subTest(parameter=name, value=value):
                result = self.run_typed(**{name: value})
                self.assertFailed(result, 2,
                                  'KFP executor error (Skiff runtime): ',
                                  message)
                self.assertNotIn('Traceback', result.stderr)
                self.assertIsNone(result.output)

    def test_missing_required_parameter(self):
        values = dict(GOOD_TYPED_VALUES)
        del values['c']
        task = self.task().params(**values).output_param('Output')
        self.assertFailed(task.run(source=TYPED, function='typed'), 2,
                          "Input 'c' of component function `typed`: no value "
                          '(inputs.parameterValues) in the ExecutorInput and '
                          'the function gives no default')

    def test_final_status_must_be_an_object(self):
        src = source('''
def exit_op(status: PipelineTaskFinalStatus):
    print(status.state)
''')
        result = self.task().params(status='FAILED').run(source=src,
                                                         function='exit_op')
        self.assertFailed(result, 2, "Input 'status'", 'PipelineTaskFinalStatus '
                          'needs a JSON object')

    def test_missing_input_artifact(self):
        src = source('''
def reader(data: Input[Dataset]):
    print(data.path)
''')
        self.assertFailed(self.task().run(source=src, function='reader'), 2,
                          "Input 'data' of component function `reader`: no "
                          'artifact (inputs.artifacts)')

    def test_missing_output_artifact_declaration(self):
        src = source('''
def writer(out: Output[Dataset]):
    pass
''')
        self.assertFailed(self.task().run(source=src, function='writer'), 2,
                          "Input 'out' of component function `writer`: the "
                          'output artifact is not in the ExecutorInput')

    def test_executor_input_not_an_object(self):
        task = self.task()
        result = task.run(source=source('def f():\n    pass'), function='f',
                          executor_input='[1, 2]')
        self.assertFailed(result, 2, 'The ExecutorInput must be a JSON object')
        result = task.run(source=source('def f():\n    pass'), function='f',
                          executor_input={'inputs': {}, 'outputs': {}})
        self.assertFailed(result, 2, 'no outputs.outputFile')
        result = task.run(source=source('def f():\n    pass'), function='f',
                          executor_input={'inputs': {'parameterValues': [1]},
                                          'outputs': {'outputFile': '/x'}})
        self.assertFailed(result, 2, 'ExecutorInput field '
                          'inputs.parameterValues must be a JSON object, got '
                          'list')


class MissingOutputTest(RuntimeTestCase):

    def test_return_none_for_declared_output(self):
        src = source('''
def forgetful() -> str:
    print('no return')
''')
        task = self.task().output_param('Output')
        result = task.run(source=src, function='forgetful')
        self.assertFailed(result, 2, 'Component function `forgetful` returned '
                          "None for output 'Output', which is declared as str")
        self.assertIsNone(result.output)

    def test_optional_return_may_be_none(self):
        src = source('''
def maybe() -> Optional[str]:
    return None
''')
        result = self.assertSucceeded(
            self.task().output_param('Output').run(source=src, function='maybe'))
        self.assertEqual(result.output, {})

    def test_output_path_not_written(self):
        src = source('''
def lazy(result: OutputPath(int)):
    pass
''')
        task = self.task().output_param('result')
        self.assertFailed(task.run(source=src, function='lazy'), 2,
                          "Output parameter 'result' was not produced: "
                          'component function `lazy` did not write its '
                          'OutputPath file ' +
                          task.output_parameters['result']['outputFile'])

    def test_output_path_with_bad_content(self):
        src = source('''
def writes(flag: OutputPath(bool), count: OutputPath(int)):
    open(flag, 'w').write('yes')
    open(count, 'w').write(' 12\\n')
''')
        task = self.task().output_param('flag', 'count')
        self.assertFailed(task.run(source=src, function='writes'), 2,
                          "Output parameter 'flag' (BOOLEAN)", "holds 'yes', "
                          'which is not a boolean')

    def test_output_path_values_parsed_like_the_launcher(self):
        src = source('''
def writes(flag: OutputPath(bool), count: OutputPath(int),
           ratio: OutputPath(float), text: OutputPath(str),
           items: OutputPath(list), obj: OutputPath(Dict[str, int]),
           undeclared: OutputPath(str)):
    open(flag, 'w').write('True')
    open(count, 'w').write(' 12\\n')
    open(ratio, 'w').write('0.5')
    open(text, 'w').write(' keep spaces \\n')
    open(items, 'w').write('[1, "a"]')
    open(obj, 'w').write('{"a": 1}')
    open(undeclared, 'w').write('u')
''')
        task = self.task().output_param('flag', 'count', 'ratio', 'text',
                                        'items', 'obj')
        result = self.assertSucceeded(task.run(source=src, function='writes'))
        self.assertEqual(
            result.parameters, {
                'flag': True,
                'count': 12,
                'ratio': 0.5,
                'text': ' keep spaces \n',
                'items': [1, 'a'],
                'obj': {
                    'a': 1
                },
                'undeclared': 'u',
            })
        self.assertEqual(
            self.read(os.path.join(os.path.dirname(task.output_file), 'outputs',
                                   'undeclared')), 'u')

    def test_declared_output_the_function_does_not_have(self):
        src = source('''
def simple() -> int:
    return 1
''')
        task = self.task().output_param('Output', 'extra')
        self.assertFailed(task.run(source=src, function='simple'), 2,
                          "Output parameter 'extra' is declared in the "
                          'ExecutorInput (outputs.parameters) but component '
                          'function `simple` does not produce it')

    def test_wrong_return_type(self):
        src = source('''
def wrong() -> str:
    return 5
''')
        self.assertFailed(
            self.task().output_param('Output').run(source=src, function='wrong'),
            2, "Function `wrong` returned value of type <class 'int'>; want "
            "type <class 'str'>")
        src = source('''
def as_float() -> float:
    return 3
''')
        result = self.assertSucceeded(
            self.task().output_param('Output').run(source=src,
                                                   function='as_float'))
        self.assertEqual(result.parameters, {'Output': 3})

    def test_named_tuple_with_wrong_count(self):
        src = source('''
def pair() -> NamedTuple('Outputs', [('a', str), ('b', int)]):
    return ('only-one',)
''')
        self.assertFailed(
            self.task().output_param('a', 'b').run(source=src, function='pair'),
            2, 'Expected 2 return values from function `pair`, got 1')

    def test_returned_data_for_undeclared_output_artifact(self):
        src = source('''
def make() -> Dataset:
    return 'payload'
''')
        self.assertFailed(self.task().run(source=src, function='make'), 2,
                          "returned data for output artifact 'Output', but "
                          'the ExecutorInput has no such output artifact')

    def test_unserializable_metadata(self):
        src = source('''
def meta(out: Output[Artifact]):
    out.metadata['when'] = object()
''')
        self.assertFailed(
            self.task().output_artifact('out').run(source=src, function='meta'),
            2, "The metadata of output artifact 'out' holds a value that is "
            'not JSON-serializable')

    def test_metrics_artifact_without_file_is_fine(self):
        src = source('''
def score(metrics: Output[Metrics]):
    metrics.log_metric('nan', float('nan'))
    metrics.log_metric('inf', float('inf'))
    metrics.log_metric('t', (1, 2))
''')
        task = self.task().output_artifact('metrics', 'system.Metrics')
        result = self.assertSucceeded(task.run(source=src, function='score'))
        self.assertEqual(result.artifact('metrics')['metadata'], {
            'nan': 'NaN',
            'inf': 'Infinity',
            't': [1, 2]
        })
        self.assertFalse(os.path.exists(task.output_path('metrics')))


class CommandLineTest(RuntimeTestCase):
    SRC = source('''
def hello(name: str) -> str:
    return 'hello ' + name
''')

    def test_missing_function_argument(self):
        task = self.task().params(name='x')
        module = task.write_module(self.SRC)
        result = task.run_command([
            __import__('kfp_runtime_testlib').PYTHON, '-m',
            'kfp.dsl.executor_main', '--component_module_path', module,
            '--executor_input',
            json.dumps(task.executor_input())
        ])
        self.assertFailed(result, 2, '--function_to_execute is required')

    def test_unknown_function(self):
        result = self.task().params(name='x').run(source=self.SRC,
                                                  function='nope')
        self.assertFailed(result, 2, 'Function `nope` is not defined in',
                          'functions there: hello')

    def test_bad_json(self):
        result = self.task().run(source=self.SRC, function='hello',
                                 executor_input='{not json')
        self.assertFailed(result, 2, '--executor_input is not valid JSON')

    def test_argument_spellings_and_unknown_arguments(self):
        task = self.task().params(name='x').output_param('Output')
        module = task.write_module(self.SRC)
        python = __import__('kfp_runtime_testlib').PYTHON
        payload = json.dumps(task.executor_input())
        input_file = task.path('executor_input.json')
        with open(input_file, 'w') as f:
            f.write(payload)
        for args in (
            ['--component_module_path=' + module, '--executor_input=' + payload,
             '--function_to_execute=hello'],
            ['--component-module-path', module, '--executor-input', payload,
             '--function-to-execute', 'hello', '--unknown', 'x', 'stray'],
            ['--executor_input', '@' + input_file, '--function_to_execute',
             'hello', '--component_module_path', module],
        ):
            with self.subTest(args=args):
                if os.path.exists(task.output_file):
                    os.remove(task.output_file)
                result = task.run_command(
                    [python, '-m', 'kfp.dsl.executor_main'] + args)
                self.assertSucceeded(result)
                self.assertEqual(result.parameters, {'Output': 'hello x'})

    def test_kfp_config_ini_lookup_and_old_module_path(self):
        task = self.task().params(name='cfg').output_param('Output')
        module = task.write_module(self.SRC)
        with open(task.path('kfp_config.ini'), 'w') as f:
            f.write('[Components]\nhello = %s\n' % module)
        python = __import__('kfp_runtime_testlib').PYTHON
        result = task.run_command([
            python, '-m', 'kfp.components.executor_main', '--executor_input',
            json.dumps(task.executor_input()), '--function_to_execute', 'hello'
        ])
        self.assertSucceeded(result)
        self.assertEqual(result.parameters, {'Output': 'hello cfg'})

    def test_missing_module_file(self):
        task = self.task()
        python = __import__('kfp_runtime_testlib').PYTHON
        result = task.run_command([
            python, '-m', 'kfp.dsl.executor_main', '--component_module_path',
            task.path('absent.py'), '--executor_input',
            json.dumps(task.executor_input()), '--function_to_execute', 'f'
        ])
        self.assertFailed(result, 2, 'absent.py does not exist')


class LenientCasesTest(RuntimeTestCase):
    """Where the SDK would fail for no good reason, the runtime goes on."""

    def test_unannotated_and_any_parameters_get_the_raw_value(self):
        src = source('''
def loose(a, b: Any, c=5) -> str:
    return repr((a, b, c))
''')
        task = self.task().params(a=[1], b={'x': None}).output_param('Output')
        result = self.assertSucceeded(task.run(source=src, function='loose'))
        self.assertEqual(result.parameters, {'Output': "([1], {'x': None}, 5)"})

    def test_value_returned_without_return_annotation_is_ignored(self):
        src = source('''
def chatty():
    return 42
''')
        result = self.assertSucceeded(self.task().run(source=src,
                                                      function='chatty'))
        self.assertEqual(result.output, {})
        self.assertIn('declares no return value but returned 42',
                      result.stderr)

    def test_empty_artifact_list(self):
        src = source('''
def count(items: List[Dataset]) -> int:
    return len(items)
''')
        task = self.task().output_param('Output')
        task.input_artifacts['items'] = []
        result = self.assertSucceeded(task.run(source=src, function='count'))
        self.assertEqual(result.parameters, {'Output': 0})
