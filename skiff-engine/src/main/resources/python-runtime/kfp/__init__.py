"""Skiff's offline runtime for KFP lightweight Python components.

Only the run-time part of the KFP SDK is provided (``kfp.dsl`` artifact types,
``Input``/``Output``, ``InputPath``/``OutputPath``, ``PipelineTaskFinalStatus``
and the executor). Pipelines are compiled with the real SDK; this package runs
what the SDK compiled. See ``kfp._skiff_runtime``.
"""

from kfp import _skiff_runtime

# PEP 440 local version: '<kfp release followed>+skiff.<runtime version>'.
__version__ = (_skiff_runtime.KFP_COMPAT_VERSION + '+skiff.' +
               _skiff_runtime.VERSION)

TYPE_CHECK = True
