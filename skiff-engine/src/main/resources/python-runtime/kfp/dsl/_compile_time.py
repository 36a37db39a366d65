"""Stand-ins for the SDK's pipeline-authoring (compile-time) API.

Component code run by Skiff has already been compiled by the KFP SDK, so it
needs none of this; but a module that still carries its decorators (for
example ``@dsl.component(base_image=..., packages_to_install=[...])``) must
load. The decorators therefore return the function unchanged (with
``python_func`` pointing at it, as the SDK's component objects have); every
other authoring name raises a clear error when used.
"""

_MESSAGE = (
    'dsl.%s is part of the KFP SDK pipeline-authoring API; Skiff\'s offline '
    'KFP runtime only provides what component code uses at run time. '
    'Compile pipelines with the KFP SDK.')


def _decorator(name):

    def decorator(func=None, **options):
        if func is None:
            return lambda f: decorator(f, **options)
        if not callable(func):
            raise TypeError('@dsl.%s decorates a function, got %r' %
                            (name, func))
        try:
            func.python_func = func
            func.component_options = dict(options)
        except (AttributeError, TypeError):
            pass
        return func

    decorator.__name__ = name
    decorator.__qualname__ = name
    decorator.__doc__ = (
        'Run-time stand-in for the SDK\'s @dsl.%s: returns the function.' %
        name)
    return decorator


component = _decorator('component')
container_component = _decorator('container_component')
notebook_component = _decorator('notebook_component')
pipeline = _decorator('pipeline')


def _unavailable(name):

    class _Unavailable:

        def __init__(self, *args, **kwargs):
            raise NotImplementedError(_MESSAGE % name)

        def __init_subclass__(cls, **kwargs):
            raise NotImplementedError(_MESSAGE % name)

    _Unavailable.__name__ = name
    _Unavailable.__qualname__ = name
    _Unavailable.__doc__ = _MESSAGE % name
    return _Unavailable


def importer(*args, **kwargs):
    raise NotImplementedError(_MESSAGE % 'importer')


Collected = _unavailable('Collected')
Condition = _unavailable('Condition')
ConcatPlaceholder = _unavailable('ConcatPlaceholder')
ContainerSpec = _unavailable('ContainerSpec')
Elif = _unavailable('Elif')
Else = _unavailable('Else')
ExitHandler = _unavailable('ExitHandler')
If = _unavailable('If')
IfPresentPlaceholder = _unavailable('IfPresentPlaceholder')
KubernetesWorkspaceConfig = _unavailable('KubernetesWorkspaceConfig')
OneOf = _unavailable('OneOf')
ParallelFor = _unavailable('ParallelFor')
PipelineConfig = _unavailable('PipelineConfig')
PipelineTask = _unavailable('PipelineTask')
TaskConfigField = _unavailable('TaskConfigField')
TaskConfigPassthrough = _unavailable('TaskConfigPassthrough')
WorkspaceConfig = _unavailable('WorkspaceConfig')

NAMES = [
    'component', 'container_component', 'pipeline', 'importer',
    'ContainerSpec', 'Condition', 'If', 'Elif', 'Else', 'OneOf', 'ExitHandler',
    'ParallelFor', 'Collected', 'IfPresentPlaceholder', 'ConcatPlaceholder',
    'PipelineTask', 'PipelineConfig', 'WorkspaceConfig',
    'KubernetesWorkspaceConfig', 'TaskConfigField', 'TaskConfigPassthrough',
    'notebook_component'
]
