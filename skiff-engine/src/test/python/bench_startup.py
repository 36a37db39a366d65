"""Startup cost of a trivial component through Skiff's runtime (benchmark B9):
``python3 -m kfp.dsl.executor_main`` versus ``python3 -c`` of the same
function. Not a test (unittest does not collect it); run by hand:

    python3 skiff-engine/src/test/python/bench_startup.py [runs]

Prints the median wall time and CPU time (user+sys of the child) of each,
runs interleaved. The runtime is copied to a temp folder twice: once run with
bytecode caching (a warm __pycache__, as when the extracted runtime folder is
writable) and once without (PYTHONDONTWRITEBYTECODE=1, every import compiles).
"""

import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
RUNTIME = os.path.normpath(
    os.path.join(HERE, '..', '..', 'main', 'resources', 'python-runtime'))

FUNCTION = 'def add(a: int, b: int) -> int:\n    return a + b\n'
COMPILED = ('\nimport kfp\nfrom kfp import dsl\nfrom kfp.dsl import *\n'
            'from typing import *\n\n' + FUNCTION + '\n')


def _children_cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def measure(command, env):
    start = time.perf_counter()
    before = _children_cpu()
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)
    cpu = _children_cpu() - before
    wall = time.perf_counter() - start
    return wall * 1000, cpu * 1000


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 21
    python = os.environ.get('SKIFF_TEST_PYTHON') or sys.executable
    work = tempfile.mkdtemp(prefix='skiff-bench-')
    try:
        module = os.path.join(work, 'ephemeral_component.py')
        with open(module, 'w') as f:
            f.write(COMPILED)
        executor_input = json.dumps({
            'inputs': {'parameterValues': {'a': 1, 'b': 2}},
            'outputs': {
                'parameters': {'Output': {'outputFile': work + '/out/Output'}},
                'outputFile': work + '/out/executor_output.json'
            }
        })
        base_env = {k: v for k, v in os.environ.items()
                    if k not in ('PYTHONPATH', 'PYTHONDONTWRITEBYTECODE')}
        cases = {}
        for label, cached in (('executor_main (warm .pyc)', True),
                              ('executor_main (no .pyc)', False)):
            copy = os.path.join(work, 'runtime-' + str(cached))
            shutil.copytree(RUNTIME, copy,
                            ignore=shutil.ignore_patterns('__pycache__'))
            env = dict(base_env, PYTHONPATH=copy, _KFP_RUNTIME='true')
            if not cached:
                env['PYTHONDONTWRITEBYTECODE'] = '1'
            cases[label] = ([
                python, '-m', 'kfp.dsl.executor_main',
                '--component_module_path', module, '--executor_input',
                executor_input, '--function_to_execute', 'add'
            ], env)
        cases['python3 -c (function only)'] = ([
            python, '-c', FUNCTION + 'print(add(1, 2))'
        ], base_env)
        cases['python3 -c (with typing import)'] = ([
            python, '-c', 'from typing import *\n' + FUNCTION +
            'print(add(1, 2))'
        ], base_env)
        for command, env in cases.values():  # warm-up, fills __pycache__
            measure(command, env)
        results = {label: [] for label in cases}
        for _ in range(runs):
            for label, (command, env) in cases.items():
                results[label].append(measure(command, env))
        print('%s, %d runs each (median wall ms / median cpu ms):' %
              (python, runs))
        for label, samples in results.items():
            print('  %-34s %7.1f  %7.1f' %
                  (label, statistics.median(s[0] for s in samples),
                   statistics.median(s[1] for s in samples)))
        base = statistics.median(
            s[0] for s in results['python3 -c (function only)'])
        warm = statistics.median(
            s[0] for s in results['executor_main (warm .pyc)'])
        cold = statistics.median(
            s[0] for s in results['executor_main (no .pyc)'])
        print('  overhead vs python3 -c: %+.1f ms (warm .pyc), %+.1f ms '
              '(no .pyc); budget +50 ms' % (warm - base, cold - base))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == '__main__':
    main()
