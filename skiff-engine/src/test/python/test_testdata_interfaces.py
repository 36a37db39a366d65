"""Every lightweight Python component in kfp-testdata, loaded by Skiff's
runtime: the inputs and outputs the runtime sees in each function must be the
ones the KFP SDK compiled into its component spec.

Needs the shared kfp-testdata (env SKIFF_SHARED_DIR, else <repo root>/../shared)
and PyYAML for the test runner's python; skips with a message otherwise.
"""

import json
import os
import subprocess
import unittest

from kfp_runtime_testlib import HERE
from kfp_runtime_testlib import PYTHON
from kfp_runtime_testlib import runtime_env


def shared_dir():
    env = os.environ.get('SKIFF_SHARED_DIR')
    if env:
        return env
    folder = HERE
    while True:
        if os.path.exists(os.path.join(folder, 'mvnw')):
            return os.path.join(os.path.dirname(folder), 'shared')
        parent = os.path.dirname(folder)
        if parent == folder:
            return os.path.join(HERE, 'shared-not-found')
        folder = parent


def compiled_components(root, yaml):
    """[(key, source, function, component spec)] for every executor that runs
    kfp.dsl.executor_main over a function source."""
    found = []
    for folder, _, files in sorted(os.walk(root)):
        for file_name in sorted(files):
            if not file_name.endswith(('.yaml', '.yml')):
                continue
            path = os.path.join(folder, file_name)
            try:
                with open(path) as f:
                    documents = list(yaml.safe_load_all(f))
            except yaml.YAMLError:
                continue
            for doc in documents:
                if not isinstance(doc, dict):
                    continue
                executors = (doc.get('deploymentSpec') or {}).get(
                    'executors') or {}
                specs = {}
                for spec in (doc.get('components') or {}).values():
                    if isinstance(spec, dict) and spec.get('executorLabel'):
                        specs.setdefault(spec['executorLabel'], spec)
                for label, executor in sorted(executors.items()):
                    container = (executor or {}).get('container') or {}
                    command = container.get('command') or []
                    args = container.get('args') or []
                    if (len(command) < 2 or
                            'kfp.dsl.executor_main' not in str(command[-2]) or
                            '--function_to_execute' not in args or
                            label not in specs):
                        continue
                    function = args[args.index('--function_to_execute') + 1]
                    key = os.path.relpath(path, root) + '#' + label
                    found.append((key, command[-1], function, specs[label]))
    return found


def expected_interface(spec):
    """The interface the SDK compiled, in the probe's shape."""

    def parameters(definitions, with_optional):
        out = {}
        for name, p in ((definitions or {}).get('parameters') or {}).items():
            entry = {'type': p.get('parameterType')}
            if with_optional:
                entry['optional'] = bool(p.get('isOptional'))
            out[name] = entry
        return out

    def artifacts(definitions, with_optional):
        out = {}
        for name, a in ((definitions or {}).get('artifacts') or {}).items():
            entry = {
                'schema': (a.get('artifactType') or {}).get('schemaTitle'),
                'list': bool(a.get('isArtifactList'))
            }
            if with_optional:
                entry['optional'] = bool(a.get('isOptional'))
            out[name] = entry
        return out

    inputs = spec.get('inputDefinitions')
    outputs = spec.get('outputDefinitions')
    return {
        'inputs': {
            'parameters': parameters(inputs, True),
            'artifacts': artifacts(inputs, True)
        },
        'outputs': {
            'parameters': parameters(outputs, False),
            'artifacts': artifacts(outputs, False)
        },
        'unknown': []
    }


class TestdataInterfacesTest(unittest.TestCase):
    maxDiff = None

    def test_runtime_sees_the_compiled_interface(self):
        root = os.path.join(shared_dir(), 'kfp-testdata',
                            'sdk_compiled_pipelines')
        if not os.path.isdir(root):
            self.skipTest('kfp-testdata not found at %s (set SKIFF_SHARED_DIR)'
                          % root)
        try:
            import yaml
        except ImportError:
            self.skipTest('PyYAML is not installed for %s; it is needed to read '
                          'kfp-testdata' % PYTHON)
        found = compiled_components(root, yaml)
        self.assertGreater(len(found), 100, 'few components found in ' + root)
        items = [{'key': k, 'source': s, 'function': f} for k, s, f, _ in found]
        proc = subprocess.run(
            [PYTHON, os.path.join(HERE, 'kfp_interface_probe.py')],
            input=json.dumps(items),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            universal_newlines=True,
            env=runtime_env(),
            cwd=HERE,
            timeout=300,
            check=False)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        results = {r['key']: r for r in json.loads(proc.stdout)}
        checked = 0
        skipped = {}
        problems = []
        for key, _, _, spec in found:
            result = results[key]
            if 'skipped' in result:
                skipped.setdefault(result['skipped'], []).append(key)
                continue
            if 'error' in result:
                problems.append('%s: %s' % (key, result['error']))
                continue
            checked += 1
            expected = expected_interface(spec)
            actual = result['interface']
            if actual != expected:
                problems.append('%s:\n  runtime sees %s\n  SDK compiled %s' %
                                (key, json.dumps(actual, sort_keys=True),
                                 json.dumps(expected, sort_keys=True)))
        print('\n[kfp-testdata] %d components checked; skipped (module not '
              'installed): %s' % (checked, ', '.join(
                  '%s (%d)' % (m, len(k)) for m, k in sorted(skipped.items()))
                                  or 'none'))
        self.assertEqual(problems, [], '\n'.join(problems))


if __name__ == '__main__':
    unittest.main()
