"""Helpers for the tests of Skiff's offline KFP runtime.

Run the tests from the repository root with
    python3 -m unittest discover -s skiff-engine/src/test/python \\
        -t skiff-engine/src/test/python
(standard library only). The runtime under test is
skiff-engine/src/main/resources/python-runtime; a component runs in a child
``python3 -m kfp.dsl.executor_main`` with only that folder on PYTHONPATH, as
the compiled command runs it.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

# Keep the source tree free of __pycache__ folders.
sys.dont_write_bytecode = True

HERE = os.path.dirname(os.path.abspath(__file__))
RUNTIME_DIR = os.path.normpath(
    os.path.join(HERE, '..', '..', 'main', 'resources', 'python-runtime'))
FIXTURES_DIR = os.path.join(HERE, 'fixtures')
COMPONENTS_FILE = os.path.join(FIXTURES_DIR, 'testdata_components.json')

# The interpreter that runs components: the one running the tests unless
# SKIFF_TEST_PYTHON names another.
PYTHON = os.environ.get('SKIFF_TEST_PYTHON') or sys.executable

if RUNTIME_DIR not in sys.path:
    sys.path.insert(0, RUNTIME_DIR)

_components = None


def components():
    """The compiled components copied from kfp-testdata, by key
    '<path under sdk_compiled_pipelines>#<executor label>'."""
    global _components
    if _components is None:
        with open(COMPONENTS_FILE) as f:
            _components = json.load(f)
    return _components


def component(key):
    entry = components()[key]
    bootstrap = entry['bootstrap']
    if isinstance(bootstrap, str):
        bootstrap = components()['_bootstraps'][bootstrap]
    return dict(entry, bootstrap=bootstrap)


def missing_modules(*names):
    """The modules among names that PYTHON cannot import."""
    code = ('import importlib.util, sys\n'
            'print(" ".join(n for n in sys.argv[1:] '
            'if importlib.util.find_spec(n) is None))')
    out = subprocess.run([PYTHON, '-c', code] + list(names),
                         stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL,
                         universal_newlines=True,
                         env=dict(os.environ, PYTHONDONTWRITEBYTECODE='1'),
                         check=False).stdout.split()
    return out


def requires_modules(*names):
    """Skips a test (with a message) when PYTHON lacks a third-party module
    the component imports."""

    def decorate(test):

        def wrapper(self, *args, **kwargs):
            missing = missing_modules(*names)
            if missing:
                self.skipTest('needs Python module(s) %s, not installed for %s'
                              % (', '.join(missing), PYTHON))
            return test(self, *args, **kwargs)

        wrapper.__name__ = test.__name__
        wrapper.__doc__ = test.__doc__
        return wrapper

    return decorate


def runtime_env(extra=None):
    """Environment for a component run: only the Skiff runtime on
    PYTHONPATH, _KFP_RUNTIME=true as the compiled command sets it."""
    env = dict(os.environ)
    for name in ('PYTHONPATH', 'CLUSTER_SPEC', 'SKIFF_KFP_WORKSPACE_PATH',
                 'PYTHONHOME', 'PYTHONSTARTUP'):
        env.pop(name, None)
    env['PYTHONPATH'] = RUNTIME_DIR
    env['_KFP_RUNTIME'] = 'true'
    env['PYTHONDONTWRITEBYTECODE'] = '1'
    if extra:
        env.update(extra)
    return env


def file_uri(path):
    return 'file://' + path


class Result:
    """What one component run left behind."""

    def __init__(self, task, returncode, stdout, stderr):
        self.task = task
        self.returncode = returncode
        self.stdout = stdout
        self.stderr = stderr
        self.output = None
        self.output_text = None
        if os.path.exists(task.output_file):
            with open(task.output_file) as f:
                self.output_text = f.read()
            self.output = json.loads(self.output_text)

    @property
    def parameters(self):
        return (self.output or {}).get('parameterValues', {})

    def artifact(self, name):
        """The ExecutorOutput's entry for output artifact ``name``."""
        return self.output['artifacts'][name]['artifacts'][0]

    def describe(self):
        return ('exit %s\n--- stdout ---\n%s\n--- stderr ---\n%s\n'
                '--- executor output ---\n%s' %
                (self.returncode, self.stdout, self.stderr, self.output_text))


class Task:
    """A temporary task folder and the ExecutorInput built in it."""

    def __init__(self, testcase, uri_style='file'):
        self.root = tempfile.mkdtemp(prefix='skiff-kfp-test-')
        testcase.addCleanup(shutil.rmtree, self.root, True)
        self.uri_style = uri_style
        self.parameters = {}
        self.input_artifacts = {}
        self.output_parameters = {}
        self.output_artifacts = {}
        self.output_file = os.path.join(self.root, 'task',
                                        'executor_output.json')
        self._counter = 0

    def path(self, *parts):
        return os.path.join(self.root, *parts)

    def uri_for(self, path):
        return file_uri(path) if self.uri_style == 'file' else path

    def param(self, name, value):
        self.parameters[name] = value
        return self

    def params(self, **values):
        self.parameters.update(values)
        return self

    def input_artifact(self, name, content=None, schema='system.Dataset',
                       metadata=None, files=None, artifact_name=None,
                       uri=None, custom_path=None):
        """Adds one input artifact (call again for a list). content is
        written to a file, files (name -> text) to a folder."""
        self._counter += 1
        path = self.path('inputs', '%s-%d' % (name, self._counter))
        os.makedirs(os.path.dirname(path), exist_ok=True)
        if files is not None:
            os.makedirs(path, exist_ok=True)
            for file_name, text in files.items():
                with open(os.path.join(path, file_name), 'w') as f:
                    f.write(text)
        elif content is not None:
            with open(custom_path or path, 'w') as f:
                f.write(content)
        struct = {
            'name': artifact_name or str(100 + self._counter),
            'uri': uri or self.uri_for(path),
            'type': {
                'schemaTitle': schema,
                'schemaVersion': '0.0.1'
            },
            'metadata': metadata or {},
        }
        if custom_path:
            struct['customPath'] = custom_path
        self.input_artifacts.setdefault(name, []).append(struct)
        return struct

    def output_param(self, *names):
        for name in names:
            self.output_parameters[name] = {
                'outputFile': self.path('task', 'outputs', name)
            }
        return self

    def output_artifact(self, name, schema='system.Artifact', uri=None):
        self.output_artifacts[name] = [{
            'name': name,
            'uri': uri or self.uri_for(self.path('task', 'artifacts', name)),
            'type': {
                'schemaTitle': schema,
                'schemaVersion': '0.0.1'
            },
        }]
        return self

    def output_path(self, name):
        """The local path of output artifact ``name`` as declared."""
        uri = self.output_artifacts[name][0]['uri']
        return uri[len('file://'):] if uri.startswith('file://') else uri

    def executor_input(self):
        inputs = {}
        if self.parameters:
            inputs['parameterValues'] = self.parameters
        if self.input_artifacts:
            inputs['artifacts'] = {
                n: {
                    'artifacts': a
                } for n, a in self.input_artifacts.items()
            }
        outputs = {'outputFile': self.output_file}
        if self.output_parameters:
            outputs['parameters'] = self.output_parameters
        if self.output_artifacts:
            outputs['artifacts'] = {
                n: {
                    'artifacts': a
                } for n, a in self.output_artifacts.items()
            }
        return {'inputs': inputs, 'outputs': outputs}

    def write_module(self, source):
        """Writes the component source where the compiled bootstrap would
        (a fresh folder, file ephemeral_component.py)."""
        folder = tempfile.mkdtemp(prefix='program-', dir=self.root)
        path = os.path.join(folder, 'ephemeral_component.py')
        with open(path, 'w') as f:
            f.write(source)
        return path

    def run(self, key=None, source=None, function=None, env=None,
            extra_args=None, executor_input=None, timeout=120, cwd=None):
        """Runs a component: a testdata one by key, or source + function."""
        if key is not None:
            entry = component(key)
            source = entry['source']
            function = function or entry['function']
        module_path = self.write_module(source)
        if executor_input is None:
            executor_input = json.dumps(self.executor_input())
        elif not isinstance(executor_input, str):
            executor_input = json.dumps(executor_input)
        command = [
            PYTHON, '-m', 'kfp.dsl.executor_main', '--component_module_path',
            module_path, '--executor_input', executor_input,
            '--function_to_execute', function
        ] + list(extra_args or [])
        return self.run_command(command, env=env, timeout=timeout, cwd=cwd)

    def run_command(self, command, env=None, timeout=120, cwd=None):
        proc = subprocess.run(command,
                              stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE,
                              universal_newlines=True,
                              env=runtime_env(env),
                              cwd=cwd or self.root,
                              timeout=timeout,
                              check=False)
        return Result(self, proc.returncode, proc.stdout, proc.stderr)


class RuntimeTestCase(unittest.TestCase):
    maxDiff = None

    def task(self, uri_style='file'):
        return Task(self, uri_style)

    def assertSucceeded(self, result):
        if result.returncode != 0 or result.output is None:
            self.fail('component run failed:\n' + result.describe())
        return result

    def assertFailed(self, result, returncode, *stderr_parts):
        if result.returncode != returncode:
            self.fail('expected exit %s:\n%s' % (returncode, result.describe()))
        for part in stderr_parts:
            if part not in result.stderr:
                self.fail('stderr lacks %r:\n%s' % (part, result.describe()))
        return result

    def read(self, path):
        with open(path) as f:
            return f.read()
