"""Every kfp.Client call Skiff serves, against a running Skiff server.

Usage: python3 client_calls.py HOST TOKEN WORKDIR
HOST is the server's address (http://127.0.0.1:PORT), TOKEN its API token, WORKDIR a folder
holding greet.yaml (a pipeline with parameters name and times) and retry.yaml (a pipeline with a
parameter dir whose second step fails until DIR/go exists). Exits 0 when every call succeeded.
"""
import os
import sys

import kfp

host, token, work = sys.argv[1], sys.argv[2], sys.argv[3]
greet = os.path.join(work, 'greet.yaml')
retry = os.path.join(work, 'retry.yaml')
steps = []


def step(name, value=None):
    steps.append(name)
    print('ok', name, flush=True)
    return value


client = kfp.Client(host=host, existing_token=token)
step('Client() asked healthz')
health = step('get_kfp_healthz', client.get_kfp_healthz())
assert health.multi_user is False, health

exp = step('create_experiment', client.create_experiment('kfp-client', description='from kfp'))
assert client.create_experiment('kfp-client').experiment_id == exp.experiment_id
step('get_experiment(id)', client.get_experiment(experiment_id=exp.experiment_id))
step('get_experiment(name)', client.get_experiment(experiment_name='kfp-client'))
listed = step('list_experiments', client.list_experiments(page_size=50))
assert any(e.experiment_id == exp.experiment_id for e in listed.experiments)

result = step('create_run_from_pipeline_package (Default experiment)',
              client.create_run_from_pipeline_package(
                  greet, arguments={'name': 'kfp', 'times': 2}))
run = step('wait_for_run_completion', client.wait_for_run_completion(result.run_id, timeout=120))
assert run.state == 'SUCCEEDED', run.state
default = client.get_experiment(experiment_name='Default')
assert run.experiment_id == default.experiment_id

named = step('create_run_from_pipeline_package (experiment_name)',
             client.create_run_from_pipeline_package(
                 greet, arguments={'times': 1}, experiment_name='kfp-client',
                 run_name='named run', service_account='pipeline-runner',
                 pipeline_root='/tmp/skiff-root'))
done = named.wait_for_run_completion(timeout=120)
assert done.state == 'SUCCEEDED', done.state
got = step('get_run', client.get_run(named.run_id))
assert got.display_name == 'named run'
assert got.service_account == 'pipeline-runner'
assert got.runtime_config.pipeline_root == '/tmp/skiff-root'
assert got.run_details.task_details, got.run_details
runs = step('list_runs(experiment_id)', client.list_runs(experiment_id=exp.experiment_id,
                                                         page_size=1, sort_by='created_at desc'))
assert runs.total_size == 1 and runs.runs[0].run_id == named.run_id

pipeline = step('upload_pipeline', client.upload_pipeline(greet, pipeline_name='kfp-greet',
                                                          description='uploaded by kfp'))
assert client.get_pipeline_id('kfp-greet') == pipeline.pipeline_id
step('get_pipeline_id')
step('get_pipeline', client.get_pipeline(pipeline.pipeline_id))
step('list_pipelines', client.list_pipelines(page_size=50))
version = step('upload_pipeline_version',
               client.upload_pipeline_version(greet, 'v2', pipeline_id=pipeline.pipeline_id))
versions = step('list_pipeline_versions', client.list_pipeline_versions(pipeline.pipeline_id))
assert versions.total_size == 2, versions.total_size
spec = step('get_pipeline_version',
            client.get_pipeline_version(pipeline.pipeline_id, version.pipeline_version_id))
assert spec.pipeline_spec['pipelineInfo']['name'] == 'greet'
from_version = step('run_pipeline(pipeline_id, version_id)',
                    client.run_pipeline(exp.experiment_id, 'from version',
                                        pipeline_id=pipeline.pipeline_id,
                                        version_id=version.pipeline_version_id,
                                        params={'times': 3}))
assert client.wait_for_run_completion(from_version.run_id, 120).state == 'SUCCEEDED'

flaky = client.create_run_from_pipeline_package(retry, arguments={'dir': work},
                                                experiment_name='kfp-client')
assert client.wait_for_run_completion(flaky.run_id, 120).state == 'FAILED'
open(os.path.join(work, 'go'), 'w').close()
client._run_api.run_service_retry_run(run_id=flaky.run_id)
step('retry_run (RunServiceApi)')
assert client.wait_for_run_completion(flaky.run_id, 120).state == 'SUCCEEDED'

step('archive_run', client.archive_run(named.run_id))
assert client.get_run(named.run_id).storage_state == 'ARCHIVED'
step('unarchive_run', client.unarchive_run(named.run_id))
step('terminate_run', client.terminate_run(named.run_id))
step('delete_run', client.delete_run(named.run_id))
step('archive_experiment', client.archive_experiment(exp.experiment_id))
step('unarchive_experiment', client.unarchive_experiment(exp.experiment_id))
schedule = step('create_recurring_run',
                client.create_recurring_run(exp.experiment_id, 'kfp-schedule',
                                            cron_expression='0 0 * * * *',
                                            pipeline_package_path=greet,
                                            params={'times': 1}, enabled=False))
assert client.get_recurring_run(schedule.recurring_run_id).status == 'DISABLED'
step('get_recurring_run')
schedules = step('list_recurring_runs',
                 client.list_recurring_runs(experiment_id=exp.experiment_id))
assert len(schedules.recurring_runs) == 1, schedules
step('enable_recurring_run', client.enable_recurring_run(schedule.recurring_run_id))
assert client.get_recurring_run(schedule.recurring_run_id).status == 'ENABLED'
step('disable_recurring_run', client.disable_recurring_run(schedule.recurring_run_id))
step('delete_recurring_run', client.delete_recurring_run(schedule.recurring_run_id))
step('delete_pipeline_version',
     client.delete_pipeline_version(pipeline.pipeline_id, version.pipeline_version_id))
step('delete_pipeline', client.delete_pipeline(pipeline.pipeline_id))
step('delete_experiment', client.delete_experiment(exp.experiment_id))
print('all', len(steps), 'calls succeeded')
