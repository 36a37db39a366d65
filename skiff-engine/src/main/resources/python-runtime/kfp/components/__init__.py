"""Aliases of KFP 2.0 pre-release paths (``kfp.components``), kept so that
components compiled by those SDKs also run."""

from kfp.dsl.types.type_annotations import InputPath
from kfp.dsl.types.type_annotations import OutputPath

__all__ = ['InputPath', 'OutputPath']
