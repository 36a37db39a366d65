"""The runtime package itself: its marker, the names it exports, how light
its import is, and the SDK's exact bootstrap command running it."""

import json
import os
import subprocess
import tempfile

from kfp_runtime_testlib import component
from kfp_runtime_testlib import PYTHON
from kfp_runtime_testlib import runtime_env
from kfp_runtime_testlib import RUNTIME_DIR
from kfp_runtime_testlib import RuntimeTestCase

# kfp.dsl.__all__ of the KFP SDK at run time (_KFP_RUNTIME=true).
SDK_RUNTIME_NAMES = [
    'Input', 'Output', 'InputPath', 'OutputPath', 'PipelineTaskFinalStatus',
    'TaskConfig', 'Artifact', 'ClassificationMetrics', 'Dataset', 'HTML',
    'Markdown', 'Metrics', 'Model', 'SlicedClassificationMetrics', 'get_uri',
    'PIPELINE_JOB_NAME_PLACEHOLDER', 'PIPELINE_JOB_RESOURCE_NAME_PLACEHOLDER',
    'PIPELINE_JOB_ID_PLACEHOLDER', 'PIPELINE_TASK_NAME_PLACEHOLDER',
    'PIPELINE_TASK_ID_PLACEHOLDER',
    'PIPELINE_TASK_EXECUTOR_OUTPUT_PATH_PLACEHOLDER',
    'PIPELINE_TASK_EXECUTOR_INPUT_PLACEHOLDER', 'PIPELINE_ROOT_PLACEHOLDER',
    'PIPELINE_JOB_CREATE_TIME_UTC_PLACEHOLDER',
    'PIPELINE_JOB_SCHEDULE_TIME_UTC_PLACEHOLDER', 'WORKSPACE_PATH_PLACEHOLDER',
    'run_notebook'
]

# Modules whose import would slow every step down; the runtime avoids them.
HEAVY_MODULES = [
    'argparse', 'logging', 'inspect', 'dataclasses', 'asyncio', 'pkgutil',
    'tempfile', 'shutil', 'subprocess', 'urllib.parse', 'email', 'http',
    'configparser', 'pathlib', 'traceback'
]


def python(code, env=None):
    proc = subprocess.run([PYTHON, '-c', code],
                          stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE,
                          universal_newlines=True,
                          env=runtime_env(env),
                          check=False)
    if proc.returncode != 0:
        raise AssertionError(proc.stderr)
    return proc.stdout


class PackageTest(RuntimeTestCase):

    def test_marker_and_version(self):
        out = json.loads(
            python('import json, kfp, kfp._skiff_runtime as r\n'
                   'print(json.dumps([kfp.__version__, r.NAME, r.VERSION, '
                   'r.IS_SKIFF_RUNTIME, kfp.__file__]))'))
        version, name, runtime_version, is_skiff, location = out
        self.assertEqual(name, 'skiff-kfp-runtime')
        self.assertTrue(is_skiff)
        self.assertTrue(version.endswith('+skiff.' + runtime_version), version)
        self.assertTrue(location.startswith(RUNTIME_DIR), location)

    def test_star_import_names_at_run_time(self):
        code = ('import kfp.dsl as d, json\n'
                'print(json.dumps(d.__all__))')
        self.assertEqual(json.loads(python(code)), SDK_RUNTIME_NAMES)
        authoring = json.loads(python(code, env={'_KFP_RUNTIME': 'false'}))
        self.assertEqual(authoring[:len(SDK_RUNTIME_NAMES)], SDK_RUNTIME_NAMES)
        for name in ('component', 'pipeline', 'ParallelFor', 'importer'):
            self.assertIn(name, authoring)
        out = python('from kfp.dsl import *\nfrom kfp import dsl\n'
                     'print(Input[Dataset], Output[Model], dsl.EmbeddedInput, '
                     'InputPath("CSV").type, PIPELINE_TASK_NAME_PLACEHOLDER)')
        self.assertIn('{{$.pipeline_task_name}}', out)

    def test_import_is_light(self):
        code = ('import sys\nbefore = set(sys.modules)\n'
                'import kfp, kfp.dsl, kfp.dsl.executor, kfp.dsl.executor_main\n'
                'import json\n'
                'print(json.dumps(sorted(set(sys.modules) - before)))')
        loaded = json.loads(python(code))
        heavy = [m for m in HEAVY_MODULES if m in loaded]
        self.assertEqual(heavy, [], 'importing the runtime loads %s' % loaded)

    def test_files_list_matches_the_package(self):
        with open(os.path.join(RUNTIME_DIR, 'FILES')) as f:
            listed = [l.strip() for l in f if l.strip() and not l.startswith('#')]
        actual = []
        for folder, dirs, files in os.walk(os.path.join(RUNTIME_DIR, 'kfp')):
            dirs[:] = [d for d in dirs if d != '__pycache__']
            for name in files:
                if name.endswith('.py'):
                    path = os.path.join(folder, name)
                    actual.append(os.path.relpath(path, RUNTIME_DIR).replace(
                        os.sep, '/'))
        self.assertEqual(listed, sorted(actual))

    def test_authoring_api_is_a_clear_error(self):
        out = python(
            'from kfp import dsl\n'
            'for make in (lambda: dsl.ParallelFor([1]), lambda: dsl.If(True),\n'
            '             lambda: dsl.importer(artifact_uri="x")):\n'
            '    try:\n'
            '        make()\n'
            '    except NotImplementedError as e:\n'
            '        print(e)\n')
        self.assertEqual(out.count('pipeline-authoring API'), 3, out)
        self.assertIn('dsl.ParallelFor', out)


class BootstrapTest(RuntimeTestCase):

    def test_sdk_bootstrap_command_runs_the_component(self):
        """Runs the exact 'sh -ec' program the SDK compiled (after its pip
        preamble) with a python3 on PATH that is the interpreter under test."""
        entry = component('valid/critical/add_numbers.yaml#exec-add-numbers')
        bootstrap = entry['bootstrap']
        self.assertEqual(bootstrap[3:5], ['sh', '-ec'])
        task = self.task().params(a=20.0, b=22).output_param('Output')
        bin_dir = task.path('bin')
        os.makedirs(bin_dir)
        os.symlink(PYTHON, os.path.join(bin_dir, 'python3'))
        args = [
            json.dumps(task.executor_input()) if a == '{{$}}' else a
            for a in entry['args']
        ]
        command = bootstrap[3:5] + [bootstrap[5], entry['source']] + args
        env = {
            'PATH': bin_dir + os.pathsep + os.environ.get('PATH', ''),
            'TMPDIR': task.root
        }
        env.pop('_KFP_RUNTIME', None)
        result = task.run_command(command, env=env)
        self.assertSucceeded(result)
        self.assertEqual(result.parameters, {'Output': 42})

    def test_decorated_module_loads(self):
        src = ('import kfp\nfrom kfp import dsl\nfrom kfp.dsl import *\n'
               'from typing import *\n\n'
               '@dsl.component(base_image="python:3.11", '
               'packages_to_install=["numpy"])\n'
               'def first(x: int) -> int:\n    return x + 1\n\n'
               '@dsl.component\n'
               'def second(x: int) -> int:\n    return first(x) * 2\n\n'
               '@dsl.pipeline(name="p")\n'
               'def my_pipeline():\n    second(x=1)\n')
        task = self.task().params(x=1).output_param('Output')
        result = self.assertSucceeded(
            task.run(source=src, function='second',
                     env={'_KFP_RUNTIME': 'false'}))
        self.assertEqual(result.parameters, {'Output': 4})

    def test_only_the_chief_writes_in_a_distributed_job(self):
        src = ('from kfp import dsl\n\ndef f() -> str:\n    return "x"\n')
        worker = {'CLUSTER_SPEC': json.dumps({'task': {'type': 'workerpool1'}})}
        task = self.task().output_param('Output')
        result = task.run(source=src, function='f', env=worker)
        self.assertEqual(result.returncode, 0, result.describe())
        self.assertIsNone(result.output)
        chief = {'CLUSTER_SPEC': json.dumps({'task': {'type': 'chief'}})}
        self.assertSucceeded(task.run(source=src, function='f', env=chief))

    def test_runs_from_any_working_directory(self):
        src = ('from kfp import dsl\n\ndef f() -> str:\n'
               '    import os\n    return os.getcwd()\n')
        elsewhere = tempfile.mkdtemp(prefix='skiff-cwd-')
        self.addCleanup(os.rmdir, elsewhere)
        task = self.task().output_param('Output')
        result = self.assertSucceeded(
            task.run(source=src, function='f', cwd=elsewhere))
        self.assertEqual(os.path.realpath(result.parameters['Output']),
                         os.path.realpath(elsewhere))
