"""Marks this ``kfp`` package as Skiff's offline KFP runtime, not the KFP SDK.

Skiff ships this small, pure-Python package so that lightweight Python
components compiled by the KFP SDK run with only a ``python3`` (3.9+) on the
host: no ``pip install kfp``, no network. It provides the ``kfp.dsl`` names that
component code uses at run time and the ``python3 -m kfp.dsl.executor_main``
entry point that the compiled command calls.

The Java side can tell it apart from a real SDK install by this module (the
SDK has no ``kfp._skiff_runtime``) or by ``kfp.__version__``, which carries the
``+skiff.<VERSION>`` local-version suffix.
"""

NAME = 'skiff-kfp-runtime'

# Version of this runtime; bump when its behaviour changes.
VERSION = '1.0.0'

# The KFP SDK release whose executor behaviour this runtime follows.
KFP_COMPAT_VERSION = '2.15.2'

IS_SKIFF_RUNTIME = True
