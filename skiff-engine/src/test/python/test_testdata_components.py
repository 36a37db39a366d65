"""End-to-end runs of real SDK-compiled components (copied from kfp-testdata)
through Skiff's runtime: ExecutorInput in, ExecutorOutput and files out."""

import json
import os

from kfp_runtime_testlib import requires_modules
from kfp_runtime_testlib import RuntimeTestCase

LOCAL = 'valid/local_execution/'
ESSENTIAL = 'valid/essential/'
CRITICAL = 'valid/critical/'
TOP = 'valid/'


class LocalExecutionComponentsTest(RuntimeTestCase):

    def test_echo_k8s_only_methods(self):
        task = self.task().params(message='hello').output_param('Output')
        result = self.assertSucceeded(
            task.run(LOCAL + 'local_execution_pipeline_with_k8s_only_methods.'
                     'yaml#exec-echo'))
        self.assertEqual(result.output, {'parameterValues': {'Output': 'hello'}})

    def test_oneof_branches_and_tag(self):
        key = LOCAL + 'local_execution_pipeline_with_oneof.yaml#exec-'
        for label, expected in (('branch-a', 'A'), ('branch-b', 'B')):
            task = self.task().output_param('Output')
            result = self.assertSucceeded(task.run(key + label))
            self.assertEqual(result.parameters, {'Output': expected})
        task = self.task().params(value='B').output_param('Output')
        result = self.assertSucceeded(task.run(key + 'tag-selected'))
        self.assertEqual(result.parameters, {'Output': 'selected:B'})

    def test_retry_flaky_fails_then_succeeds(self):
        key = LOCAL + 'local_execution_pipeline_with_retry.yaml#exec-flaky'
        task = self.task()
        counter = task.path('counter.txt')
        task.params(counter_path=counter).output_param('Output')
        first = task.run(key)
        self.assertFailed(first, 1, 'Traceback (most recent call last)',
                          'RuntimeError: flaky attempt 1')
        self.assertIsNone(first.output)
        second = self.assertSucceeded(task.run(key))
        self.assertEqual(second.parameters, {'Output': 'attempt=2'})

    def test_collected_artifacts_write_then_join(self):
        key = LOCAL + 'pipeline_with_collected_artifacts.yaml#exec-'
        written = []
        for index in range(3):
            task = self.task().params(index=index).output_artifact('out')
            result = self.assertSucceeded(task.run(key + 'write-artifact'))
            self.assertEqual(self.read(task.output_path('out')), str(index))
            written.append(result.artifact('out'))
            self.assertEqual(result.artifact('out')['uri'],
                             'file://' + task.output_path('out'))
        task = self.task().output_param('Output')
        for index in (2, 0, 1):
            task.input_artifact('artifacts', content=str(index),
                                schema='system.Artifact')
        result = self.assertSucceeded(task.run(key + 'read-and-join'))
        self.assertEqual(result.parameters, {'Output': '0,1,2'})

    def test_ignore_upstream_failure(self):
        key = (LOCAL + 'local_execution_pipeline_with_ignore_upstream_failure.'
               'yaml#exec-')
        failed = self.task().output_param('Output').run(key + 'fail-always')
        self.assertFailed(failed, 1, 'RuntimeError: upstream failed '
                          'intentionally', 'in fail_always')
        task = self.task()
        marker = task.path('marker.txt')
        task.params(marker_path=marker).output_param('Output')
        result = self.assertSucceeded(task.run(key + 'write-marker'))
        self.assertEqual(result.parameters, {'Output': 'cleanup_ran'})
        self.assertEqual(self.read(marker), 'cleanup_ran')

    def test_exit_handler_record_exit_gets_final_status(self):
        key = LOCAL + 'local_execution_pipeline_with_exit_handler.yaml#exec-'
        task = self.task().output_param('Output').params(
            status={
                'state': 'FAILED',
                'pipelineJobResourceName': 'run-1',
                'pipelineTaskName': 'exit-handler-1',
                'error': {
                    'code': 2,
                    'message': 'boom'
                },
            })
        result = self.assertSucceeded(task.run(key + 'record-exit'))
        self.assertEqual(result.parameters, {'Output': 'exit:FAILED'})
        task = self.task().params(message='bye').output_param('Output')
        self.assertEqual(
            self.assertSucceeded(task.run(key + 'echo')).parameters,
            {'Output': 'bye'})

    def test_caching_add_one_integer_arrives_as_float(self):
        key = LOCAL + 'pipeline_with_caching.yaml#exec-add-one'
        for value in (41, 41.0):
            task = self.task().params(x=value).output_param('Output')
            result = self.assertSucceeded(task.run(key))
            self.assertEqual(result.parameters, {'Output': 42})
            self.assertIsInstance(result.parameters['Output'], int)
            self.assertIn('"Output": 42}', result.output_text)


class EssentialComponentsTest(RuntimeTestCase):

    def test_env_variable(self):
        key = ESSENTIAL + 'component_with_env_variable.yaml#exec-read-env-var'
        task = self.task().params(var_name='SKIFF_TEST_VAR').output_param(
            'Output')
        result = self.assertSucceeded(
            task.run(key, env={'SKIFF_TEST_VAR': 'from-env'}))
        self.assertEqual(result.parameters, {'Output': 'from-env'})
        task = self.task().params(var_name='SKIFF_TEST_UNSET').output_param(
            'Output')
        self.assertEqual(
            self.assertSucceeded(task.run(key)).parameters, {'Output': 'UNSET'})

    def test_concat_message(self):
        task = self.task().params(message1='Hello ', message2='world')
        task.output_param('Output')
        result = self.assertSucceeded(
            task.run(ESSENTIAL + 'concat_message.yaml#exec-concat-message'))
        self.assertEqual(result.parameters, {'Output': 'Hello world'})

    def test_dict_input(self):
        task = self.task().params(struct={'a': 1, 'b': [True, None]})
        result = self.assertSucceeded(
            task.run(ESSENTIAL + 'dict_input.yaml#exec-dict-input'))
        self.assertIn("{'a': 1, 'b': [True, None]}", result.stdout)
        self.assertEqual(result.output, {})

    def test_embedded_artifact_dir_and_file(self):
        for label in ('read-embedded-artifact-dir',
                      'read-embedded-artifact-file'):
            result = self.task().run(ESSENTIAL + 'embedded_artifact.yaml#exec-'
                                     + label)
            self.assertSucceeded(result)
            self.assertEqual(result.output, {})

    def test_preprocess_outputs_of_every_kind(self):
        task = self.task().params(message='msg',
                                  input_dict_parameter={
                                      'A': 1,
                                      'B': 2
                                  },
                                  input_list_parameter=['a', 'b'])
        task.output_artifact('output_dataset_one', 'system.Dataset')
        task.output_artifact('output_dataset_two_path', 'system.Dataset')
        task.output_param('output_parameter_path', 'output_bool_parameter_path',
                          'output_dict_parameter_path',
                          'output_list_parameter_path')
        result = self.assertSucceeded(
            task.run(ESSENTIAL +
                     'lightweight_python_functions_pipeline.yaml#exec-preprocess'))
        self.assertEqual(self.read(task.output_path('output_dataset_one')),
                         'msg')
        self.assertEqual(
            self.read(task.output_path('output_dataset_two_path')), 'msg')
        self.assertEqual(
            self.read(task.output_parameters['output_bool_parameter_path']
                      ['outputFile']), 'True')
        self.assertEqual(
            result.parameters, {
                'output_parameter_path': 'msg',
                'output_bool_parameter_path': True,
                'output_dict_parameter_path': {
                    'A': 1,
                    'B': 2
                },
                'output_list_parameter_path': ['a', 'b'],
            })
        self.assertEqual(
            sorted(result.output['artifacts']),
            ['output_dataset_one', 'output_dataset_two_path'])

    def test_preprocess_top_level_copy(self):
        task = self.task().params(message='m',
                                  input_dict_parameter={},
                                  input_list_parameter=[])
        task.output_artifact('output_dataset_one', 'system.Dataset')
        task.output_artifact('output_dataset_two_path', 'system.Dataset')
        task.output_param('output_parameter_path', 'output_bool_parameter_path',
                          'output_dict_parameter_path',
                          'output_list_parameter_path')
        result = self.assertSucceeded(task.run(TOP +
                                               'preprocess.yaml#exec-preprocess'))
        self.assertEqual(result.parameters['output_dict_parameter_path'], {})

    def test_train_with_inputpath_default_and_model_metadata(self):
        key = ESSENTIAL + 'lightweight_python_functions_pipeline.yaml#exec-train'
        task = self.task().params(message='hi',
                                  input_bool=True,
                                  input_dict={'A': 1.0},
                                  input_list=['x'])
        task.input_artifact('dataset_one_path', content='one')
        task.input_artifact('dataset_two', content='two')
        task.output_artifact('model', 'system.Model')
        result = self.assertSucceeded(task.run(key))
        model = self.read(task.output_path('model'))
        self.assertIn('Step 99\n', model)  # num_steps defaulted to 100
        self.assertNotIn('Step 100\n', model)
        self.assertIn('dataset_one_contents: one', model)
        self.assertIn("input_dict: {'A': 1}, type <class 'dict'>", model)
        self.assertIn("input_bool: True, type <class 'bool'>", model)
        self.assertEqual(result.artifact('model')['metadata'],
                         {'accuracy': 0.9})
        self.assertEqual(result.artifact('model')['name'], 'model')

        task.param('num_steps', 2.0)
        result = self.assertSucceeded(task.run(key))
        model = self.read(task.output_path('model'))
        self.assertIn('Step 1\n', model)
        self.assertNotIn('Step 2\n', model)

    def test_functions_with_outputs(self):
        key = ESSENTIAL + 'lightweight_python_functions_with_outputs.yaml#exec-'
        task = self.task().params(first=1, second=2).output_param('Output')
        self.assertEqual(
            self.assertSucceeded(task.run(key + 'add-numbers')).parameters,
            {'Output': 3})
        task = self.task().params(first='a', second='b').output_param('Output')
        self.assertEqual(
            self.assertSucceeded(task.run(key + 'concat-message')).parameters,
            {'Output': 'ab'})

        task = self.task().params(number=3, message='hi')
        task.output_artifact('Output', 'system.Dataset')
        result = self.assertSucceeded(task.run(key + 'output-artifact'))
        self.assertEqual(self.read(task.output_path('Output')), 'hi\nhi\nhi')
        self.assertEqual(result.artifact('Output')['uri'],
                         'file://' + task.output_path('Output'))
        self.assertNotIn('parameterValues', result.output)

    def test_output_named_tuple_with_artifact_fields(self):
        key = (ESSENTIAL + 'lightweight_python_functions_with_outputs.yaml'
               '#exec-output-named-tuple')
        task = self.task()
        task.input_artifact('artifact', content='abc')
        task.output_param('scalar')
        task.output_artifact('metrics', 'system.Metrics')
        task.output_artifact('model', 'system.Model')
        result = self.assertSucceeded(task.run(key))
        self.assertEqual(result.parameters, {'scalar': '123'})
        self.assertEqual(self.read(task.output_path('model')),
                         'Model contents: abc')
        self.assertEqual(
            json.loads(self.read(task.output_path('metrics'))), {
                'metrics': [{
                    'name': 'accuracy',
                    'numberValue': 0.9,
                    'format': 'PERCENTAGE'
                }]
            })

    def test_condition_and_outputs(self):
        task = self.task().output_param('Output')
        result = self.assertSucceeded(
            task.run(ESSENTIAL + 'pipeline_with_condition.yaml#exec-flip-coin-op'))
        self.assertIn(result.parameters['Output'], ('heads', 'tails'))
        task = self.task().params(msg='printed')
        result = self.assertSucceeded(
            task.run(ESSENTIAL + 'pipeline_with_condition.yaml#exec-print-op'))
        self.assertEqual(result.stdout, 'printed\n')
        task = self.task().params(msg='m1').output_param('Output')
        self.assertEqual(
            self.assertSucceeded(
                task.run(ESSENTIAL +
                         'pipeline_with_outputs.yaml#exec-print-op1')).parameters,
            {'Output': 'm1'})

    def test_metrics_outputs(self):
        task = self.task().output_artifact('metrics', 'system.Metrics')
        result = self.assertSucceeded(
            task.run(ESSENTIAL +
                     'pipeline_with_metrics_outputs.yaml#exec-output-metrics'))
        metadata = result.artifact('metrics')['metadata']
        self.assertEqual(list(metadata), ['accuracy'])
        self.assertTrue(0 <= metadata['accuracy'] <= 100)

    def test_params_containing_format(self):
        key = ESSENTIAL + 'pipeline_with_params_containing_format.yaml#exec-'
        task = self.task().params(text='{a} {{b}} %s').output_param('Output')
        self.assertEqual(
            self.assertSucceeded(task.run(key + 'print-op')).parameters,
            {'Output': '{a} {{b}} %s'})
        task = self.task().params(text1='x{', text2='}y').output_param('Output')
        self.assertEqual(
            self.assertSucceeded(task.run(key + 'print-op2')).parameters,
            {'Output': 'x{}y'})

    def test_reused_component(self):
        task = self.task().params(a=2, b=3).output_param('Output')
        self.assertEqual(
            self.assertSucceeded(
                task.run(ESSENTIAL + 'pipeline_with_reused_component.yaml'
                         '#exec-add-numbers')).parameters, {'Output': 5})

    @requires_modules('yapf')
    def test_component_with_pip_install(self):
        self.assertSucceeded(self.task().run(
            ESSENTIAL + 'component_with_pip_install.yaml'
            '#exec-component-with-pip-install'))

    @requires_modules('pandas', 'sklearn')
    def test_iris_pipeline(self):
        key = ESSENTIAL + 'iris_pipeline_compiled.yaml#exec-'
        create = self.task().output_artifact('iris_dataset', 'system.Dataset')
        self.assertSucceeded(create.run(key + 'create-dataset'))
        normalize = self.task().params(standard_scaler=True)
        normalize.input_artifact('input_iris_dataset',
                                 content=self.read(
                                     create.output_path('iris_dataset')))
        normalize.output_artifact('normalized_iris_dataset', 'system.Dataset')
        result = self.assertSucceeded(normalize.run(key + 'normalize-dataset'))
        self.assertEqual(
            result.artifact('normalized_iris_dataset')['metadata'],
            {'state': 'Normalized'})
        train = self.task().params(n_neighbors=3)
        train.input_artifact('normalized_iris_dataset',
                             content=self.read(
                                 normalize.output_path(
                                     'normalized_iris_dataset')))
        train.output_artifact('model', 'system.Model')
        train.output_artifact('metrics', 'system.ClassificationMetrics')
        result = self.assertSucceeded(train.run(key + 'train-model'))
        matrix = result.artifact('metrics')['metadata']['confusionMatrix']
        self.assertEqual([a['displayName'] for a in matrix['annotationSpecs']],
                         ['Iris-Setosa', 'Iris-Versicolour', 'Iris-Virginica'])
        self.assertEqual(len(matrix['rows']), 3)
        self.assertEqual(result.artifact('model')['metadata'],
                         {'framework': 'scikit-learn'})


class CriticalComponentsTest(RuntimeTestCase):

    def test_add_numbers_and_simple_parameters(self):
        task = self.task().params(a=2, b=40).output_param('Output')
        self.assertEqual(
            self.assertSucceeded(
                task.run(CRITICAL +
                         'add_numbers.yaml#exec-add-numbers')).parameters,
            {'Output': 42})
        task = self.task().params(nums=[1, 2.0, 3]).output_param('Output')
        result = self.assertSucceeded(
            task.run(CRITICAL + 'parameters_simple.yaml#exec-add'))
        self.assertEqual(result.parameters, {'Output': 6})
        self.assertIn('"Output": 6}', result.output_text)
        task = self.task().params(num=21).output_param('Output')
        self.assertEqual(
            self.assertSucceeded(
                task.run(CRITICAL + 'parameters_simple.yaml#exec-double')).parameters,
            {'Output': 42})

    def test_artifact_cache_producer_consumer(self):
        key = CRITICAL + 'artifact_cache.yaml#exec-'
        producer = self.task().output_artifact('dataset', 'system.Dataset')
        self.assertSucceeded(producer.run(key + 'core-comp'))
        consumer = self.task()
        consumer.input_artifact('input',
                                content=self.read(
                                    producer.output_path('dataset')))
        result = self.assertSucceeded(consumer.run(key + 'crust-comp'))
        self.assertEqual(result.stdout, 'input:  foo\n')

    def test_collected_parameters(self):
        key = CRITICAL + 'collected_parameters.yaml#exec-'
        task = self.task().params(ids='s1,s2,s3').output_param('Output')
        self.assertEqual(
            self.assertSucceeded(task.run(key + 'split-ids')).parameters,
            {'Output': ['s1', 's2', 's3']})
        task = self.task().params(content='s1').output_param('Output')
        self.assertEqual(
            self.assertSucceeded(task.run(key + 'prepend-id')).parameters,
            {'Output': 'model_id_s1'})
        task = self.task().params(ids=['a', 'b']).output_param('Output')
        result = self.assertSucceeded(task.run(key + 'consume-ids'))
        self.assertEqual(result.stdout, 'Consuming: a\nConsuming: b\n')
        task = self.task().params(id='z').output_param('Output')
        self.assertEqual(
            self.assertSucceeded(task.run(key + 'consume-single-id')).parameters,
            {'Output': 'completed'})

    def test_optional_inputs(self):
        key = CRITICAL + 'component_with_optional_inputs.yaml#exec-component-op'
        task = self.task().params(input2='given', input3=None)
        result = self.assertSucceeded(task.run(key))
        self.assertEqual(
            result.stdout, "input1: default value, type: <class 'str'>\n"
            "input2: given, type: <class 'str'>\n"
            "input3: None, type: <class 'NoneType'>\n")

    def test_flip_coin(self):
        key = CRITICAL + 'flip_coin.yaml#exec-'
        task = self.task().output_param('Output')
        result = self.assertSucceeded(task.run(key + 'flip-coin'))
        self.assertIn(result.parameters['Output'], ('heads', 'tails'))
        task = self.task().params(low=7.0, high=7).output_param('Output')
        self.assertEqual(
            self.assertSucceeded(task.run(key + 'random-num')).parameters,
            {'Output': 7})
        task = self.task().params(msg='done')
        self.assertEqual(
            self.assertSucceeded(task.run(key + 'print-msg')).stdout, 'done\n')

    def test_oneof_artifacts(self):
        key = CRITICAL + 'if_else_with_oneof_artifacts.yaml#exec-'
        producer = self.task().params(val='heads').output_artifact('a')
        self.assertSucceeded(producer.run(key + 'param-to-artifact'))
        consumer = self.task()
        consumer.input_artifact('a', content=self.read(producer.output_path('a')),
                                schema='system.Artifact')
        self.assertEqual(
            self.assertSucceeded(consumer.run(key + 'print-artifact')).stdout,
            'heads\n')

    def test_none_return_annotation(self):
        task = self.task().params(message='logged')
        result = self.assertSucceeded(
            task.run(CRITICAL + 'missing_kubernetes_optional_inputs.yaml'
                     '#exec-log-message'))
        self.assertEqual(result.output, {})
        self.assertEqual(result.stdout, 'logged\n')

    def test_mixed_and_namedtuple_parameters(self):
        task = self.task().output_param('Output')
        self.assertEqual(
            self.assertSucceeded(
                task.run(CRITICAL +
                         'mixed_parameters.yaml#exec-core-comp')).parameters,
            {'Output': 1})
        task = self.task().params(x=1, y=2)
        self.assertEqual(
            self.assertSucceeded(
                task.run(CRITICAL +
                         'mixed_parameters.yaml#exec-crust-comp')).stdout,
            'sum : 3\n')
        task = self.task().output_param('val1', 'val2')
        result = self.assertSucceeded(
            task.run(CRITICAL +
                     'multiple_parameters_namedtuple.yaml#exec-core-comp'))
        self.assertEqual(result.parameters, {'val1': 'foo', 'val2': 'bar'})
        task = self.task().params(val1='foo', val2='bar')
        self.assertSucceeded(
            task.run(CRITICAL +
                     'multiple_parameters_namedtuple.yaml#exec-crust-comp'))
        task = self.task().output_param('Output')
        self.assertEqual(
            self.assertSucceeded(
                task.run(CRITICAL +
                         'parameter_cache.yaml#exec-core-comp')).parameters,
            {'Output': 'foo'})

    def test_multiple_artifacts(self):
        key = CRITICAL + 'multiple_artifacts_namedtuple.yaml#exec-'
        producer = self.task().output_artifact('ds1', 'system.Dataset')
        producer.output_artifact('ds2', 'system.Dataset')
        result = self.assertSucceeded(producer.run(key + 'core-comp'))
        self.assertEqual(sorted(result.output['artifacts']), ['ds1', 'ds2'])
        consumer = self.task()
        consumer.input_artifact('ds1', content=self.read(producer.output_path('ds1')))
        consumer.input_artifact('ds2', content=self.read(producer.output_path('ds2')))
        self.assertEqual(
            self.assertSucceeded(consumer.run(key + 'crust-comp')).stdout,
            'ds1:  foo\nds2:  bar\n')

    def test_modelcar(self):
        key = CRITICAL + 'modelcar.yaml#exec-'
        task = self.task().output_artifact('model', 'system.Model')
        result = self.assertSucceeded(task.run(key + 'build-model-car'))
        self.assertEqual(result.artifact('model')['uri'],
                         'oci://registry.domain.local/org/repo:v1.0')
        names = [
            'added_tokens.json', 'config.json', 'generation_config.json',
            'merges.txt', 'model.safetensors', 'normalizer.json',
            'preprocessor_config.json', 'special_tokens_map.json',
            'tokenizer.json', 'tokenizer_config.json', 'vocab.json'
        ]
        task = self.task().output_param('Output')
        task.input_artifact('input_model', files={n: '{}' for n in names},
                            schema='system.Model')
        result = self.assertSucceeded(task.run(key + 'get-model-files-list'))
        self.assertEqual(result.parameters, {'Output': ', '.join(names)})
        task = self.task().output_param('Output')
        task.input_artifact('input_model', files={'config.json': '{}'},
                            schema='system.Model')
        self.assertFailed(task.run(key + 'get-model-files-list'), 1,
                          'The model does not have expected files: '
                          'added_tokens.json')

    def test_parameter_oneof_output_path(self):
        task = self.task().params(input='chosen').output_param('output_key')
        result = self.assertSucceeded(
            task.run(CRITICAL + 'parameter_oneof.yaml#exec-core-output-comp'))
        self.assertEqual(result.parameters, {'output_key': 'chosen'})
        self.assertEqual(
            self.read(task.output_parameters['output_key']['outputFile']),
            'chosen')

    def test_artifact_custom_path(self):
        key = CRITICAL + 'pipeline_with_artifact_custom_path.yaml#exec-'
        task = self.task().output_artifact('out_dataset', 'system.Dataset')
        try:
            result = self.assertSucceeded(task.run(key +
                                                   'component-output-artifact'))
        finally:
            if os.path.exists('/tmp/out_dataset'):
                os.remove('/tmp/out_dataset')
        artifact = result.artifact('out_dataset')
        self.assertEqual(artifact['custom_path'], '/tmp/out_dataset')
        self.assertEqual(artifact['uri'], 'file://' + task.output_path('out_dataset'))

        task = self.task().output_param('Output')
        task.input_artifact('in_dataset', content='Hello, World!',
                            custom_path=task.path('custom-place'))
        self.assertEqual(
            self.assertSucceeded(task.run(key + 'validate-input-artifact')
                                ).parameters, {'Output': True})

    def test_print_dataset_info(self):
        task = self.task()
        task.input_artifact(
            'dataset',
            content='x',
            uri='file:///runs/download-dataset-and-upload-as-artifact/ds')
        result = self.assertSucceeded(
            task.run(CRITICAL + 'pipeline_with_artifact_upload_download.yaml'
                     '#exec-print-dataset-info'))
        self.assertIn(
            'URI: file:///runs/download-dataset-and-upload-as-artifact/ds',
            result.stdout)

    def test_env(self):
        result = self.assertSucceeded(
            self.task().run(CRITICAL + 'pipeline_with_env.yaml#exec-print-env-op',
                            env={
                                'ENV1': 'val1',
                                'ENV2': 'val2'
                            }))
        self.assertEqual(result.stdout, 'ENV1 val1\nENV2 val2\n')

    def test_importer_workspace_components(self):
        key = CRITICAL + 'pipeline_with_importer_workspace.yaml#exec-'
        # Directory artifact written then read back.
        writer = self.task().output_artifact('out_ds', 'system.Dataset')
        self.assertSucceeded(writer.run(key + 'write-dir-artifact'))
        reader = self.task().output_param('Output')
        reader.input_artifact('data', uri=writer.output_artifacts['out_ds'][0]['uri'])
        self.assertEqual(
            self.assertSucceeded(reader.run(key + 'read-dir')).parameters,
            {'Output': 'part-000.txt,part-001.txt'})
        # File artifact, read by train (NamedTuple of two strings).
        writer = self.task().output_artifact('out_ds', 'system.Dataset')
        self.assertSucceeded(writer.run(key + 'write-file-artifact'))
        trainer = self.task().output_param('scalar', 'message')
        trainer.input_artifact('dataset', uri=writer.output_artifacts['out_ds'][0]['uri'])
        self.assertEqual(
            self.assertSucceeded(trainer.run(key + 'train')).parameters, {
                'scalar': '123',
                'message': 'My model trained using data: Hello from producer '
                           'file\n'
            })
        # An imported artifact that lives in the pipeline workspace.
        task = self.task()
        workspace = task.path('workspace')
        os.makedirs(os.path.join(workspace, '.artifacts', 'gcs', 'b'))
        with open(os.path.join(workspace, '.artifacts', 'gcs', 'b', 'f.txt'),
                  'w') as f:
            f.write('ws data')
        task.input_artifact('dataset', uri='gs://b/f.txt',
                            metadata={'_kfp_workspace': True})
        task.output_param('scalar', 'message')
        result = self.assertSucceeded(
            task.run(key + 'train', env={'SKIFF_KFP_WORKSPACE_PATH': workspace}))
        self.assertEqual(result.parameters['message'],
                         'My model trained using data: ws data')
        task = self.task().output_param('Output')
        task.input_artifact('d', uri='gs://bucket/data.csv')
        self.assertEqual(
            self.assertSucceeded(task.run(key + 'get-uri')).parameters,
            {'Output': 'gs://bucket/data.csv'})

    def test_input_status_state(self):
        key = CRITICAL + 'pipeline_with_input_status_state.yaml#exec-echo-state'
        status = {
            'state': 'COMPLETE',
            'pipelineJobResourceName': 'status-state-pipeline-abc',
            'pipelineTaskName': 'exit-handler-1',
        }
        self.assertSucceeded(self.task().params(status=status).run(key))
        snake = {
            'state': 'COMPLETE',
            'pipeline_job_resource_name': 'status-state-pipeline-abc',
            'pipeline_task_name': 'exit-handler-1',
        }
        self.assertSucceeded(self.task().params(status=snake).run(key))
        failed = dict(status, state='FAILED')
        self.assertFailed(self.task().params(status=failed).run(key), 1,
                          'AssertionError')

    def test_placeholders_arrive_as_strings(self):
        task = self.task().params(job_name='my-run',
                                  job_resource_name='pipeline-with-placeholders-x1',
                                  job_id='0b7c',
                                  task_name='print-all-placeholders',
                                  task_id='77')
        result = self.assertSucceeded(
            task.run(CRITICAL + 'pipeline_with_placeholders.yaml'
                     '#exec-print-all-placeholders'))
        self.assertEqual(
            result.stdout, 'my-run, pipeline-with-placeholders-x1, 0b7c, '
            'print-all-placeholders, 77\n')

    def test_pod_metadata_env(self):
        key = CRITICAL + 'pipeline_with_pod_metadata.yaml#exec-'
        env = {
            'POD_TASK_ANNOTATION': '',
            'POD_TASK_ANNOTATION_1': '',
            'POD_TASK_LABEL': '',
            'POD_TASK_LABEL_1': ''
        }
        task = self.task().output_param('Output')
        self.assertEqual(
            self.assertSucceeded(task.run(key + 'validate-no-pod-metadata',
                                          env=env)).parameters,
            {'Output': True})
        task = self.task().output_param('Output').params(
            annotation_path='ANN', annotation_exp_val='a',
            label_path_1='L1', label_exp_val_1='l1',
            label_path_2='L2', label_exp_val_2='l2')
        self.assertSucceeded(task.run(key + 'validate-pod-metadata-task-a',
                                      env={'ANN': 'a', 'L1': 'l1', 'L2': 'l2'}))
        self.assertFailed(task.run(key + 'validate-pod-metadata-task-a',
                                   env={'ANN': 'b', 'L1': 'l1', 'L2': 'l2'}), 1,
                          'ValueError: Pod annotation is b but is supposed '
                          'to be a.')

    def test_retry_add_floats(self):
        task = self.task().params(a=1.5, b=2).output_param('Output')
        self.assertEqual(
            self.assertSucceeded(
                task.run(CRITICAL + 'pipeline_with_retry.yaml#exec-add')).parameters,
            {'Output': 3.5})

    def test_secret_as_env(self):
        key = CRITICAL + 'pipeline_with_secret_as_env.yaml#exec-'
        task = self.task().output_param('some_output')
        self.assertEqual(
            self.assertSucceeded(task.run(key + 'generate-secret-name')).parameters,
            {'some_output': 'test-secret-3'})
        env = {'USER_NAME': 'user1', 'PASSWORD_VAR1': 'psw1',
               'PASSWORD_VAR2': 'psw2'}
        self.assertSucceeded(self.task().run(key + 'comp', env=env))
        self.assertFailed(self.task().run(key + 'comp'), 1, 'AssertionError')

    @requires_modules('requests')
    def test_submit_request_single_user_mode_returns_early(self):
        self.assertSucceeded(self.task().params(url='example.invalid').run(
            CRITICAL + 'pipeline_with_submit_request.yaml#exec-submit-request'))

    def test_workspace_write_then_read(self):
        key = CRITICAL + 'pipeline_with_workspace.yaml#exec-'
        task = self.task().output_param('Output')
        workspace = task.path('ws')
        task.params(workspace_path=workspace)
        written = self.assertSucceeded(task.run(key + 'write-to-workspace'))
        path = written.parameters['Output']
        self.assertEqual(path, os.path.join(workspace, 'data', 'test_file.txt'))
        task = self.task().params(file_path=path).output_param('Output')
        self.assertEqual(
            self.assertSucceeded(task.run(key + 'read-from-workspace')).parameters,
            {'Output': 'Hello from workspace!'})

    def test_pythonic_artifacts(self):
        key = CRITICAL + 'pythonic_artifacts_test_pipeline.yaml#exec-'
        producer = self.task().output_artifact('Output', 'system.Dataset')
        result = self.assertSucceeded(producer.run(key + 'gen-data'))
        artifact = result.artifact('Output')
        task_root = os.path.dirname(producer.output_file)
        self.assertEqual(artifact['uri'], 'file://' + task_root + '/Output')
        self.assertEqual(artifact['metadata'], {'length': 9})
        self.assertEqual(artifact['name'], 'Output')
        self.assertEqual(self.read(os.path.join(task_root, 'Output')),
                         'some data')

        consumer = self.task().output_artifact('Output', 'system.Model')
        consumer.input_artifact('dataset', content='some data',
                                metadata={'length': 9})
        result = self.assertSucceeded(consumer.run(key + 'train-model'))
        consumer_root = os.path.dirname(consumer.output_file)
        self.assertEqual(result.artifact('Output')['uri'],
                         'file://' + consumer_root + '/model')
        self.assertEqual(self.read(os.path.join(consumer_root, 'model')),
                         'model trained')


class TopLevelComponentsTest(RuntimeTestCase):

    def test_artifacts_complex(self):
        key = TOP + 'artifacts_complex.yaml#exec-'
        task = self.task().params(num=4).output_artifact('out_dataset',
                                                         'system.Dataset')
        self.assertSucceeded(task.run(key + 'double'))
        self.assertEqual(self.read(task.output_path('out_dataset')), '8')
        task = self.task().output_artifact('out_dataset', 'system.Dataset')
        task.input_artifact('in_dataset1', content='3')
        task.input_artifact('in_dataset2', content='4')
        self.assertSucceeded(task.run(key + 'add-two-ints'))
        self.assertEqual(self.read(task.output_path('out_dataset')), '7')
        task = self.task().output_artifact('out_dataset', 'system.Dataset')
        for n in ('1', '2', '3', '4'):
            task.input_artifact('in_datasets', content=n)
        self.assertSucceeded(task.run(key + 'add'))
        self.assertEqual(self.read(task.output_path('out_dataset')), '10')

    def test_collected_artifacts(self):
        key = TOP + 'collected_artifacts.yaml#exec-'
        task = self.task().params(model_ids='m1,m2').output_param('Output')
        self.assertEqual(
            self.assertSucceeded(task.run(key + 'split-chars')).parameters,
            {'Output': ['m1', 'm2']})
        task = self.task().params(content='c1').output_artifact(
            'data', 'system.Dataset')
        self.assertSucceeded(task.run(key + 'create-dataset'))
        self.assertEqual(self.read(task.output_path('data')), 'c1')
        task = self.task().params(content='f1').output_artifact('file')
        self.assertSucceeded(task.run(key + 'create-file'))
        self.assertEqual(self.read(task.output_path('file')), 'f1')

        task = self.task().params(id='7').output_artifact('results',
                                                          'system.Model')
        task.input_artifact('data', content='c1')
        result = self.assertSucceeded(
            task.run(key + 'read-single-dataset-generate-model'))
        self.assertEqual(self.read(task.output_path('results')), 'c1-7')
        self.assertEqual(result.artifact('results')['metadata'], {
            'model': 'c1',
            'model_name': 'model-artifact-inner-iteration-c1-7'
        })

        task = self.task().output_param('Output')
        struct = task.input_artifact('file', content='f1',
                                     schema='system.Artifact')
        self.assertEqual(
            self.assertSucceeded(task.run(key + 'read-single-file')).parameters,
            {'Output': struct['uri']})

        task = self.task().output_param('Output')
        for text in ('d1', 'd2'):
            task.input_artifact('data', content=text)
        result = self.assertSucceeded(task.run(key + 'read-datasets'))
        self.assertEqual(result.parameters, {'Output': 'files read'})
        self.assertIn('d1\n', result.stdout)
        self.assertIn('d2\n', result.stdout)

        task = self.task().output_param('Output')
        task.input_artifact('models', content='m1', schema='system.Model',
                            metadata={'k': 'v'})
        result = self.assertSucceeded(task.run(key + 'read-models'))
        self.assertIn("Model metadata: {'k': 'v'}", result.stdout)

    def test_final_status_components(self):
        status = {
            'state': 'SUCCEEDED',
            'pipelineJobResourceName': 'projects/p/pipelineJobs/j',
            'pipelineTaskName': 'exit-handler-1',
        }
        task = self.task().params(user_input='u', status=status)
        result = self.assertSucceeded(
            task.run(TOP + 'pipeline_with_task_final_status.yaml#exec-exit-op'))
        self.assertEqual(
            result.stdout, 'Pipeline status:  SUCCEEDED\n'
            'Job resource name:  projects/p/pipelineJobs/j\n'
            'Pipeline task name:  exit-handler-1\n'
            'Error code:  None\nError message:  None\n')
        failed = dict(status, state='FAILED', error={'code': 13,
                                                     'message': 'oops'})
        task = self.task().params(user_input='u', status=failed)
        result = self.assertSucceeded(
            task.run(TOP + 'pipeline_with_task_final_status.yaml#exec-exit-op'))
        self.assertIn('Error code:  13\nError message:  oops\n', result.stdout)

        task = self.task().params(status=status)
        result = self.assertSucceeded(
            task.run(TOP + 'component_with_task_final_status_GH-12033.yaml'
                     '#exec-exit-comp'))
        self.assertEqual(
            result.stdout, "PipelineTaskFinalStatus(state='SUCCEEDED', "
            "pipeline_job_resource_name='projects/p/pipelineJobs/j', "
            "pipeline_task_name='exit-handler-1', error_code=None, "
            "error_message=None)\n")

        task = self.task().params(status=status).output_param('Output')
        self.assertEqual(
            self.assertSucceeded(
                task.run(TOP + 'pipeline_as_exit_task.yaml#exec-get-run-state')
            ).parameters, {'Output': 'SUCCEEDED'})

    def test_fail_op_exits_with_its_status(self):
        result = self.task().params(message='failing').run(
            TOP + 'pipeline_with_task_final_status.yaml#exec-fail-op')
        self.assertFailed(result, 1)
        self.assertEqual(result.stdout, 'failing\n')
        self.assertIsNone(result.output)
        result = self.task().run('valid/failing/fail_v2.yaml#exec-fail')
        self.assertFailed(result, 1)
        self.assertIsNone(result.output)

    def test_optional_artifact_present_or_absent(self):
        key = TOP + 'components_with_optional_artifacts.yaml#exec-python-artifact-printer'
        result = self.assertSucceeded(self.task().run(key))
        self.assertEqual(result.stdout, 'No artifact provided!\n')
        task = self.task()
        task.input_artifact('artifact', content='x', schema='system.Artifact',
                            artifact_name='55', metadata={'a': 1})
        result = self.assertSucceeded(task.run(key))
        self.assertTrue(result.stdout.startswith('55\nfile://'))
        self.assertTrue(result.stdout.endswith("\n{'a': 1}\n"))

    def test_input_artifact_attributes(self):
        task = self.task()
        struct = task.input_artifact('data', content='x', artifact_name='9',
                                     metadata={'m': [1]})
        result = self.assertSucceeded(
            task.run(TOP + 'input_artifact.yaml#exec-input-artifact'))
        self.assertEqual(result.stdout, "9\n%s\n{'m': [1]}\n" % struct['uri'])

    def test_metrics_and_visualizations(self):
        task = self.task().output_artifact('metrics', 'system.Metrics')
        result = self.assertSucceeded(
            task.run(TOP + 'output_metrics.yaml#exec-output-metrics'))
        self.assertIsInstance(result.artifact('metrics')['metadata']['accuracy'],
                              int)
        key = TOP + 'metrics_visualization_v2.yaml#exec-'
        task = self.task().output_artifact('html_artifact', 'system.HTML')
        self.assertSucceeded(task.run(key + 'html-visualization'))
        self.assertIn('<h1>Hello world</h1>',
                      self.read(task.output_path('html_artifact')))
        task = self.task().output_artifact('markdown_artifact',
                                           'system.Markdown')
        self.assertSucceeded(task.run(key + 'markdown-visualization'))
        self.assertEqual(self.read(task.output_path('markdown_artifact')),
                         '## Hello world \n\n Markdown content')

    @requires_modules('sklearn')
    def test_metrics_visualization_with_sklearn(self):
        key = TOP + 'metrics_visualization_v2.yaml#exec-'
        task = self.task().output_artifact('metrics', 'system.Metrics')
        result = self.assertSucceeded(task.run(key + 'digit-classification'))
        self.assertIn('accuracy', result.artifact('metrics')['metadata'])
        task = self.task().params(test_samples_fraction=0.3).output_artifact(
            'metrics', 'system.ClassificationMetrics')
        result = self.assertSucceeded(task.run(key + 'iris-sgdclassifier'))
        self.assertIn('confusionMatrix', result.artifact('metrics')['metadata'])
        task = self.task().output_artifact('metrics',
                                           'system.ClassificationMetrics')
        result = self.assertSucceeded(task.run(key + 'wine-classification'))
        points = result.artifact('metrics')['metadata']['confidenceMetrics']
        self.assertTrue(points)
        self.assertEqual(sorted(points[0]),
                         ['confidenceThreshold', 'falsePositiveRate', 'recall'])

    def test_nested_return_and_complex_parameters(self):
        task = self.task().output_param('Output')
        self.assertEqual(
            self.assertSucceeded(
                task.run(TOP + 'nested_return.yaml#exec-nested-return')).parameters,
            {'Output': [{'A_a': '1', 'B_b': '2'}, {'A_a': '10', 'B_b': '20'}]})
        key = TOP + 'parameters_complex.yaml#exec-'
        task = self.task().params(x=[1, 2], y=[3.0]).output_param('Output')
        self.assertEqual(
            self.assertSucceeded(task.run(key + 'add-two-numbers')).parameters,
            {'Output': 6})
        task = self.task().params(nums=[[1, 2], [3.0]]).output_param('Output')
        result = self.assertSucceeded(task.run(key + 'nested-add'))
        self.assertEqual(result.parameters, {'Output': 6})
        self.assertIsInstance(result.parameters['Output'], int)
        task = self.task().params(nums=[5]).output_param('Output')
        self.assertEqual(
            self.assertSucceeded(task.run(key + 'simple-add')).parameters,
            {'Output': 5})

    def test_importer_train_namedtuple_with_artifact_payload(self):
        task = self.task().output_param('scalar').output_artifact(
            'model', 'system.Model')
        task.input_artifact('dataset', content='imported')
        result = self.assertSucceeded(
            task.run(TOP + 'pipeline_with_importer.yaml#exec-train'))
        self.assertEqual(result.parameters, {'scalar': '123'})
        self.assertEqual(self.read(task.output_path('model')),
                         'My model trained using data: imported')

    def test_pythonic_list_of_artifacts(self):
        key = TOP + 'pythonic_artifacts_with_list_of_artifacts.yaml#exec-'
        uris = []
        for text in ('Hello', ', ', 'world'):
            task = self.task().params(text=text).output_artifact(
                'Output', 'system.Dataset')
            result = self.assertSucceeded(task.run(key + 'make-dataset'))
            self.assertEqual(result.artifact('Output')['metadata'],
                             {'length': len(text)})
            uris.append(result.artifact('Output')['uri'])
        task = self.task().output_artifact('Output', 'system.Dataset')
        for uri in uris:
            task.input_artifact('datasets', uri=uri)
        self.assertSucceeded(task.run(key + 'join-datasets'))
        self.assertEqual(self.read(task.output_path('Output')), 'Hello, world')

    def test_pythonic_multiple_returns(self):
        key = TOP + 'pythonic_artifacts_with_multiple_returns.yaml#exec-'
        maker = self.task().output_artifact('Output')
        result = self.assertSucceeded(maker.run(key + 'make-dataset'))
        made = result.artifact('Output')
        self.assertTrue(made['uri'].endswith('/task/dataset'), made['uri'])
        splitter = self.task().output_artifact('dataset1', 'system.Dataset')
        splitter.output_artifact('dataset2', 'system.Dataset')
        splitter.input_artifact('in_dataset', uri=made['uri'],
                                artifact_name='321')
        result = self.assertSucceeded(splitter.run(key + 'dataset-splitter'))
        root = os.path.dirname(splitter.output_file)
        for name, text in (('dataset1', 'Hello,'), ('dataset2', ' world')):
            artifact = result.artifact(name)
            self.assertEqual(artifact['uri'], 'file://%s/%s' % (root, name))
            self.assertEqual(artifact['metadata'], {'original_data': '321'})
            self.assertEqual(artifact['name'], name)
            self.assertEqual(self.read(os.path.join(root, name)), text)

    @requires_modules('dill')
    def test_pythonic_single_return_with_dill(self):
        task = self.task().output_artifact('Output', 'system.Model')
        task.input_artifact('text_dataset', content='text', artifact_name='5')
        result = self.assertSucceeded(
            task.run(TOP + 'pythonic_artifact_with_single_return.yaml'
                     '#exec-make-language-model'))
        self.assertEqual(result.artifact('Output')['metadata'], {'data': '5'})
