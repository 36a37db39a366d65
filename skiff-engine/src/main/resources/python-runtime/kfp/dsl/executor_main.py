"""Entry point of compiled lightweight components::

    python3 -m kfp.dsl.executor_main \\
        --component_module_path <file.py> \\
        --executor_input <ExecutorInput JSON> \\
        --function_to_execute <function name>

Also accepted: ``--name=value`` forms, dashes for underscores
(``--executor-input``), ``--executor_input @<file>`` to read the JSON from a
file (Skiff extension, for inputs too long for a command line), and no
``--component_module_path`` (the SDK's containerized components: the module is
looked up in ``kfp_config.ini`` in the working directory). Unknown arguments
are ignored, as the SDK's parse_known_args does.

Exit status: 0 when the ExecutorOutput was written; 1 when the component
function (or its module) raised, with the traceback on stderr; 2 when the
ExecutorInput does not fit the function (bad or missing input, wrong return
type, missing output) or the command line is wrong, with one message line on
stderr; a SystemExit raised by the function keeps its own status.
"""

import json
import os
import sys

_OPTIONS = {
    'executor_input': 'executor_input',
    'function_to_execute': 'function_to_execute',
    'component_module_path': 'component_module_path',
}

EXIT_FUNCTION_FAILED = 1
EXIT_BAD_INPUT = 2


class UsageError(Exception):
    """The command line is wrong."""


def parse_args(argv):
    """{'executor_input', 'function_to_execute', 'component_module_path'}
    from argv; unknown arguments are skipped."""
    found = {}
    index = 0
    while index < len(argv):
        arg = argv[index]
        index += 1
        if not arg.startswith('--'):
            continue
        key, has_value, inline = arg[2:].partition('=')
        option = _OPTIONS.get(key.replace('-', '_'))
        if option is None:
            continue
        if has_value:
            found[option] = inline
        elif index < len(argv):
            found[option] = argv[index]
            index += 1
        else:
            raise UsageError('--%s needs a value' % key)
    return found


def _component_module_from_config(func_name):
    import configparser
    config_path = 'kfp_config.ini'
    parser = configparser.ConfigParser()
    parser.optionxform = str
    if not parser.read(config_path) or not parser.has_section('Components'):
        raise UsageError(
            'No --component_module_path given and no [Components] section in '
            '%s' % os.path.abspath(config_path))
    components = dict(parser.items('Components'))
    if func_name not in components:
        raise UsageError(
            'Could not find component `%s` in `kfp_config.ini`. Found the '
            'following components instead:\n%s' % (func_name, components))
    return components[func_name]


def load_module(module_path):
    """Imports the component file as a module named after it (the SDK's
    ephemeral_component.py), with its folder first on sys.path."""
    import importlib.util
    if not os.path.isfile(module_path):
        raise UsageError('Component module %s does not exist' % module_path)
    module_directory, file_name = os.path.split(os.path.abspath(module_path))
    module_name = file_name[:-3] if file_name.endswith('.py') else file_name
    spec = importlib.util.spec_from_file_location(module_name, module_path)
    if spec is None or spec.loader is None:
        raise UsageError('Cannot load %s as a Python module' % module_path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    sys.path.insert(0, module_directory)
    # The file runs once: caching its bytecode would only cost a write.
    dont_write = sys.dont_write_bytecode
    sys.dont_write_bytecode = True
    try:
        spec.loader.exec_module(module)
    finally:
        sys.dont_write_bytecode = dont_write
    return module


def read_executor_input(text):
    if text.startswith('@'):
        with open(text[1:], 'r') as f:
            text = f.read()
    try:
        return json.loads(text)
    except ValueError as e:
        raise UsageError('--executor_input is not valid JSON (%s): %s' %
                         (e, text[:200]))


def _print_traceback(error, module_path):
    """Prints the traceback from the first frame in the component's own
    file (the executor's frames only add noise)."""
    import traceback
    tb = error.__traceback__
    target = os.path.abspath(module_path) if module_path else None
    start = tb
    while target and start is not None:
        if os.path.abspath(start.tb_frame.f_code.co_filename) == target:
            break
        start = start.tb_next
    if start is None:
        start = tb
    traceback.print_exception(type(error), error, start, file=sys.stderr)
    sys.stderr.flush()


def main(argv=None):
    from kfp.dsl import executor as component_executor

    argv = sys.argv[1:] if argv is None else argv
    module_path = None
    try:
        args = parse_args(argv)
        func_name = args.get('function_to_execute')
        if not func_name:
            raise UsageError('--function_to_execute is required')
        if 'executor_input' not in args:
            raise UsageError('--executor_input is required')
        executor_input = read_executor_input(args['executor_input'])
        module_path = args.get('component_module_path')
        if not module_path:
            module_path = _component_module_from_config(func_name)
        module = load_module(module_path)
        if not hasattr(module, func_name):
            defined = sorted(
                n for n, v in vars(module).items()
                if callable(v) and getattr(v, '__module__', None) ==
                module.__name__)
            raise UsageError(
                'Function `%s` is not defined in %s (functions there: %s)' %
                (func_name, module_path, ', '.join(defined) or 'none'))
        executor = component_executor.Executor(
            executor_input=executor_input,
            function_to_execute=getattr(module, func_name))
        executor.execute()
        return 0
    except (UsageError, component_executor.ExecutorError) as e:
        sys.stderr.write('KFP executor error (Skiff runtime): %s\n' % e)
        sys.stderr.flush()
        return EXIT_BAD_INPUT
    except (SystemExit, KeyboardInterrupt):
        raise
    except BaseException as e:
        _print_traceback(e, module_path)
        return EXIT_FUNCTION_FAILED


executor_main = main

if __name__ == '__main__':
    sys.exit(main())
