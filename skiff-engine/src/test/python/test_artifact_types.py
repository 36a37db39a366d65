"""Unit tests of the runtime's kfp.dsl types, imported in-process."""

import sys
import typing
import unittest

import kfp_runtime_testlib  # noqa: F401  (puts the runtime on sys.path)

from kfp import dsl
from kfp.dsl import executor
from kfp.dsl.types import artifact_types
from kfp.dsl.types import type_annotations


class UriMappingTest(unittest.TestCase):

    def tearDown(self):
        artifact_types._LOCAL_PATHS_AS_FILE_URIS = False
        artifact_types.CONTAINER_TASK_ROOT = None

    def test_kfp_mounts(self):
        cases = [
            ('gs://bucket/a/b', '/gcs/bucket/a/b'),
            ('minio://mlpipeline/v2/x', '/minio/mlpipeline/v2/x'),
            ('s3://b/k', '/s3/b/k'),
            ('oci://registry.io/org/repo:v1', '/oci/registry.io_org_repo:v1'),
            ('/plain/path', '/plain/path'),
            ('relative/path', 'relative/path'),
        ]
        for uri, path in cases:
            with self.subTest(uri=uri):
                self.assertEqual(dsl.Artifact(uri=uri).path, path)
                self.assertEqual(
                    artifact_types.convert_local_path_to_remote_path(path), uri)

    def test_file_uris(self):
        cases = [
            ('file:///tmp/run/a', '/tmp/run/a'),
            ('file:/tmp/run/a', '/tmp/run/a'),
            ('file://localhost/tmp/run/a', '/tmp/run/a'),
            ('file:///tmp/with%20space/%C3%A9t%C3%A9', '/tmp/with space/été'),
            ('file:///tmp/100%25', '/tmp/100%'),
        ]
        for uri, path in cases:
            with self.subTest(uri=uri):
                self.assertEqual(dsl.Dataset(uri=uri).path, path)

    def test_path_setter_keeps_uri_style(self):
        artifact = dsl.Artifact()
        artifact.path = '/tmp/a b/c'
        self.assertEqual(artifact.uri, '/tmp/a b/c')
        artifact_types._LOCAL_PATHS_AS_FILE_URIS = True
        artifact.path = '/tmp/a b/c'
        self.assertEqual(artifact.uri, 'file:///tmp/a%20b/c')
        self.assertEqual(artifact.path, '/tmp/a b/c')
        artifact.path = '/gcs/b/k'
        self.assertEqual(artifact.uri, 'gs://b/k')

    def test_custom_path(self):
        artifact = dsl.Dataset(uri='gs://b/k')
        artifact.set_path('/tmp/custom')
        self.assertEqual(artifact.path, '/tmp/custom')
        self.assertEqual(artifact.custom_path, '/tmp/custom')
        self.assertEqual(artifact.uri, 'gs://b/k')

    def test_model_oci_path_and_framework(self):
        model = dsl.Model(uri='oci://r.io/org/m:1')
        self.assertEqual(model.path, '/oci/r.io_org_m:1/models')
        model.framework = 'torch'
        self.assertEqual(model.metadata, {'framework': 'torch'})
        self.assertEqual(model.framework, 'torch')

    def test_workspace_artifacts(self):
        artifact = dsl.Artifact(uri='minio://b/k',
                                metadata={'_kfp_workspace': True})
        self.assertEqual(artifact.path, '/kfp-workspace/.artifacts/minio/b/k')

    def test_get_uri(self):
        with self.assertRaisesRegex(RuntimeError, 'only be called at task '
                                    'runtime'):
            dsl.get_uri()
        artifact_types.CONTAINER_TASK_ROOT = '/minio/bucket/task'
        self.assertEqual(dsl.get_uri(), 'minio://bucket/task/Output')
        artifact_types.CONTAINER_TASK_ROOT = '/runs/r1/t'
        artifact_types._LOCAL_PATHS_AS_FILE_URIS = True
        self.assertEqual(dsl.get_uri('model'), 'file:///runs/r1/t/model')


class MetricsTest(unittest.TestCase):

    def test_metrics(self):
        metrics = dsl.Metrics()
        metrics.log_metric('accuracy', 0.9)
        metrics.log_metric('count', 3)
        self.assertEqual(metrics.metadata, {'accuracy': 0.9, 'count': 3})

    def test_classification_metrics_like_kfp(self):
        metrics = dsl.ClassificationMetrics()
        metrics.log_roc_data_point(fpr=96.2, tpr=98.2, threshold=0.1)
        metrics.log_roc_data_point(fpr=98.4, tpr=24.5, threshold=24.3)
        metrics.set_confusion_matrix_categories(['dog', 'cat', 'horses'])
        metrics.log_confusion_matrix_row('dog', [2, 6, 0])
        metrics.log_confusion_matrix_cell('cat', 'dog', 3)
        metrics.log_confusion_matrix_cell('horses', 'horses', 3)
        metrics.metadata['test'] = 1.0
        self.assertEqual(
            metrics.metadata, {
                'confidenceMetrics': [{
                    'confidenceThreshold': 0.1,
                    'recall': 98.2,
                    'falsePositiveRate': 96.2
                }, {
                    'confidenceThreshold': 24.3,
                    'recall': 24.5,
                    'falsePositiveRate': 98.4
                }],
                'confusionMatrix': {
                    'annotationSpecs': [{
                        'displayName': 'dog'
                    }, {
                        'displayName': 'cat'
                    }, {
                        'displayName': 'horses'
                    }],
                    'rows': [{
                        'row': [2, 6, 0]
                    }, {
                        'row': [3, 0, 0]
                    }, {
                        'row': [0, 0, 3]
                    }]
                },
                'test': 1.0
            })

    def test_roc_curve_and_matrix(self):
        metrics = dsl.ClassificationMetrics()
        metrics.log_roc_curve([0.0, 0.5], [0.1, 0.9], [1.0, 0.5])
        self.assertEqual(metrics.metadata['confidenceMetrics'][1], {
            'confidenceThreshold': 0.5,
            'recall': 0.9,
            'falsePositiveRate': 0.5
        })
        with self.assertRaisesRegex(ValueError, 'must be the same'):
            metrics.log_roc_curve([0.0], [0.1, 0.2], [1.0])
        metrics.log_confusion_matrix(['a', 'b'], [[1, 2], [3, 4]])
        self.assertEqual(metrics.metadata['confusionMatrix']['rows'],
                         [{'row': [1, 2]}, {'row': [3, 4]}])
        with self.assertRaisesRegex(ValueError, 'Invalid matrix'):
            metrics.log_confusion_matrix(['a', 'b'], [[1, 2]])
        with self.assertRaisesRegex(ValueError, 'Invalid category: c'):
            metrics.log_confusion_matrix_cell('c', 'a', 1)
        with self.assertRaisesRegex(ValueError, 'Invalid row'):
            metrics.log_confusion_matrix_row('a', [1])
        with self.assertRaisesRegex(ValueError, 'categories are not set'):
            dsl.ClassificationMetrics().log_confusion_matrix_cell('a', 'a', 1)

    def test_sliced_classification_metrics(self):
        sliced = dsl.SlicedClassificationMetrics()
        sliced.log_roc_reading('overall', threshold=0.5, tpr=0.8, fpr=0.1)
        sliced.load_roc_readings('s2', [[0.4, 0.7, 0.2]])
        sliced.load_confusion_matrix('s2', ['x', 'y'], [[1, 0], [0, 1]])
        sliced.log_confusion_matrix_cell('s2', 'x', 'y', 5)
        slices = sliced.metadata['evaluationSlices']
        self.assertEqual([s['slice'] for s in slices], ['overall', 's2'])
        self.assertEqual(
            slices[0]['sliceClassificationMetrics'], {
                'confidenceMetrics': [{
                    'confidenceThreshold': 0.5,
                    'recall': 0.8,
                    'falsePositiveRate': 0.1
                }]
            })
        self.assertEqual(
            slices[1]['sliceClassificationMetrics']['confusionMatrix']['rows'],
            [{'row': [1, 5]}, {'row': [0, 1]}])


class AnnotationTest(unittest.TestCase):

    def test_paths(self):
        self.assertEqual(dsl.OutputPath('Dataset').type, 'system.Dataset@0.0.1')
        self.assertEqual(dsl.InputPath(dsl.Model).type, 'system.Model@0.0.1')
        self.assertEqual(dsl.InputPath('CSV').type, 'system.Artifact@0.0.1')
        self.assertEqual(dsl.InputPath().type, 'system.Artifact@0.0.1')
        self.assertIs(dsl.OutputPath(str).type, str)
        self.assertEqual(dsl.OutputPath(typing.Dict[str, int]).type,
                         typing.Dict[str, int])
        self.assertEqual(dsl.OutputPath(str), dsl.OutputPath(str))

    def test_classify_inputs(self):
        List, Dict, Optional = typing.List, typing.Dict, typing.Optional
        cases = [
            (str, ('parameter', 'STRING', False)),
            (int, ('parameter', 'NUMBER_INTEGER', False)),
            (float, ('parameter', 'NUMBER_DOUBLE', False)),
            (bool, ('parameter', 'BOOLEAN', False)),
            (list, ('parameter', 'LIST', False)),
            (dict, ('parameter', 'STRUCT', False)),
            (List[str], ('parameter', 'LIST', False)),
            (typing.List, ('parameter', 'LIST', False)),
            (Dict[str, int], ('parameter', 'STRUCT', False)),
            (typing.Dict, ('parameter', 'STRUCT', False)),
            (Optional[str], ('parameter', 'STRING', True)),
            ('int', ('parameter', 'NUMBER_INTEGER', False)),
            (dsl.Input[dsl.Dataset], ('artifact', dsl.Dataset, False)),
            (Optional[dsl.Input[dsl.Artifact]], ('artifact', dsl.Artifact,
                                                 True)),
            (dsl.Dataset, ('artifact', dsl.Dataset, False)),
            (List[dsl.Model], ('artifact_list', dsl.Model, False)),
            (dsl.Input[List[dsl.Dataset]], ('artifact_list', dsl.Dataset,
                                            False)),
            (dsl.Output[dsl.Metrics], ('output_artifact', dsl.Metrics, False)),
            (dsl.Output, ('output_artifact', dsl.Artifact, False)),
            (dsl.EmbeddedInput[dsl.Dataset], ('embedded', dsl.Dataset,
                                              False)),
            (dsl.InputPath('Dataset'), ('input_path', 'system.Dataset@0.0.1',
                                        False)),
            (dsl.OutputPath(bool), ('output_path', 'BOOLEAN', False)),
            (dsl.OutputPath(List[str]), ('output_path', 'LIST', False)),
            (dsl.OutputPath('Model'), ('output_path', 'system.Model@0.0.1',
                                       False)),
            (dsl.PipelineTaskFinalStatus, ('final_status', None, False)),
            (dsl.TaskConfig, ('task_config', None, False)),
            (typing.Any, ('unknown', None, False)),
        ]
        if sys.version_info >= (3, 9):
            cases.append((list[int], ('parameter', 'LIST', False)))
            cases.append((list[dsl.Dataset], ('artifact_list', dsl.Dataset,
                                              False)))
        if sys.version_info >= (3, 10):
            cases.append((eval('int | None'), ('parameter', 'NUMBER_INTEGER',
                                               True)))
        for annotation, expected in cases:
            with self.subTest(annotation=annotation):
                self.assertEqual(executor.classify_input(annotation), expected)

    def test_return_outputs(self):
        Outputs = typing.NamedTuple('Outputs', [('a', str), ('m', dsl.Model)])
        self.assertEqual(executor.return_outputs(Outputs),
                         [('a', str), ('m', dsl.Model)])
        self.assertEqual(executor.return_outputs(int), [('Output', int)])
        self.assertIsNone(executor.return_outputs(None))
        self.assertEqual(executor.classify_output(dsl.Model),
                         ('artifact', dsl.Model, False))
        self.assertEqual(executor.classify_output(typing.List[typing.Dict]),
                         ('parameter', 'LIST', False))

    def test_final_status_object(self):
        status = dsl.PipelineTaskFinalStatus(state='FAILED',
                                             pipeline_job_resource_name='j',
                                             pipeline_task_name='t',
                                             error_code=1,
                                             error_message='m')
        self.assertEqual(
            repr(status), "PipelineTaskFinalStatus(state='FAILED', "
            "pipeline_job_resource_name='j', pipeline_task_name='t', "
            "error_code=1, error_message='m')")
        self.assertEqual(
            status,
            dsl.PipelineTaskFinalStatus('FAILED', 'j', 't', 1, 'm'))

    def test_type_annotations_helpers(self):
        self.assertTrue(
            type_annotations.is_artifact_wrapped_in_Input(
                dsl.Input[dsl.Dataset]))
        self.assertTrue(
            type_annotations.is_artifact_wrapped_in_Output(
                dsl.Output[dsl.Dataset]))
        self.assertTrue(
            type_annotations.is_list_of_artifacts(typing.List[dsl.Dataset]))
        self.assertFalse(type_annotations.is_list_of_artifacts(typing.List[int]))
        self.assertEqual(
            type_annotations.maybe_strip_optional_from_annotation(
                typing.Optional[str]), str)


if __name__ == '__main__':
    unittest.main()
