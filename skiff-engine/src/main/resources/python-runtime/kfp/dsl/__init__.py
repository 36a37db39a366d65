"""The ``kfp.dsl`` names that compiled component code uses at run time.

Compiled lightweight components start with ``import kfp``, ``from kfp import
dsl``, ``from kfp.dsl import *`` and ``from typing import *``; ``__all__``
lists what the star import brings in, as in the KFP SDK (the authoring names
join it only when ``_KFP_RUNTIME`` is not 'true', as in the SDK).
"""

import os
from typing import Annotated
from typing import TypeVar

from kfp.dsl.notebook_helpers import run_notebook
from kfp.dsl.task_config import TaskConfig
from kfp.dsl.task_final_status import PipelineTaskFinalStatus
from kfp.dsl.types.artifact_types import Artifact
from kfp.dsl.types.artifact_types import ClassificationMetrics
from kfp.dsl.types.artifact_types import Dataset
from kfp.dsl.types.artifact_types import get_uri
from kfp.dsl.types.artifact_types import HTML
from kfp.dsl.types.artifact_types import Markdown
from kfp.dsl.types.artifact_types import Metrics
from kfp.dsl.types.artifact_types import Model
from kfp.dsl.types.artifact_types import SlicedClassificationMetrics
from kfp.dsl.types.type_annotations import EmbeddedAnnotation
from kfp.dsl.types.type_annotations import InputAnnotation
from kfp.dsl.types.type_annotations import InputPath
from kfp.dsl.types.type_annotations import OutputAnnotation
from kfp.dsl.types.type_annotations import OutputPath
from kfp.dsl._compile_time import Collected
from kfp.dsl._compile_time import component
from kfp.dsl._compile_time import ConcatPlaceholder
from kfp.dsl._compile_time import Condition
from kfp.dsl._compile_time import container_component
from kfp.dsl._compile_time import ContainerSpec
from kfp.dsl._compile_time import Elif
from kfp.dsl._compile_time import Else
from kfp.dsl._compile_time import ExitHandler
from kfp.dsl._compile_time import If
from kfp.dsl._compile_time import IfPresentPlaceholder
from kfp.dsl._compile_time import importer
from kfp.dsl._compile_time import KubernetesWorkspaceConfig
from kfp.dsl._compile_time import notebook_component
from kfp.dsl._compile_time import OneOf
from kfp.dsl._compile_time import ParallelFor
from kfp.dsl._compile_time import pipeline
from kfp.dsl._compile_time import PipelineConfig
from kfp.dsl._compile_time import PipelineTask
from kfp.dsl._compile_time import TaskConfigField
from kfp.dsl._compile_time import TaskConfigPassthrough
from kfp.dsl._compile_time import WorkspaceConfig

__all__ = [
    'Input',
    'Output',
    'InputPath',
    'OutputPath',
    'PipelineTaskFinalStatus',
    'TaskConfig',
    'Artifact',
    'ClassificationMetrics',
    'Dataset',
    'HTML',
    'Markdown',
    'Metrics',
    'Model',
    'SlicedClassificationMetrics',
    'get_uri',
    'PIPELINE_JOB_NAME_PLACEHOLDER',
    'PIPELINE_JOB_RESOURCE_NAME_PLACEHOLDER',
    'PIPELINE_JOB_ID_PLACEHOLDER',
    'PIPELINE_TASK_NAME_PLACEHOLDER',
    'PIPELINE_TASK_ID_PLACEHOLDER',
    'PIPELINE_TASK_EXECUTOR_OUTPUT_PATH_PLACEHOLDER',
    'PIPELINE_TASK_EXECUTOR_INPUT_PLACEHOLDER',
    'PIPELINE_ROOT_PLACEHOLDER',
    'PIPELINE_JOB_CREATE_TIME_UTC_PLACEHOLDER',
    'PIPELINE_JOB_SCHEDULE_TIME_UTC_PLACEHOLDER',
    'WORKSPACE_PATH_PLACEHOLDER',
    'run_notebook',
]

# Placeholders: the backend replaces them before the component runs, so a
# component receives the resolved value as a plain string.
PIPELINE_JOB_NAME_PLACEHOLDER = '{{$.pipeline_job_name}}'
PIPELINE_JOB_RESOURCE_NAME_PLACEHOLDER = '{{$.pipeline_job_resource_name}}'
PIPELINE_JOB_ID_PLACEHOLDER = '{{$.pipeline_job_uuid}}'
PIPELINE_TASK_NAME_PLACEHOLDER = '{{$.pipeline_task_name}}'
PIPELINE_TASK_ID_PLACEHOLDER = '{{$.pipeline_task_uuid}}'
PIPELINE_TASK_EXECUTOR_OUTPUT_PATH_PLACEHOLDER = '{{$.outputs.output_file}}'
PIPELINE_TASK_EXECUTOR_INPUT_PLACEHOLDER = '{{$}}'
PIPELINE_ROOT_PLACEHOLDER = '{{$.pipeline_root}}'
PIPELINE_JOB_CREATE_TIME_UTC_PLACEHOLDER = '{{$.pipeline_job_create_time_utc}}'
PIPELINE_JOB_SCHEDULE_TIME_UTC_PLACEHOLDER = (
    '{{$.pipeline_job_schedule_time_utc}}')
WORKSPACE_PATH_PLACEHOLDER = '{{$.workspace_path}}'

T = TypeVar('T')

# Input[Dataset] is Annotated[Dataset, InputAnnotation]; likewise Output.
Input = Annotated[T, InputAnnotation]
Output = Annotated[T, OutputAnnotation]
# A runtime-only input giving the path of an asset embedded in the component.
EmbeddedInput = Annotated[T, EmbeddedAnnotation]

if os.environ.get('_KFP_RUNTIME', 'false') != 'true':
    from kfp.dsl import _compile_time
    __all__.extend(_compile_time.NAMES)
    del _compile_time
