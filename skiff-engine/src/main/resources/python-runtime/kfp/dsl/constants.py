"""Constants shared by the runtime modules."""

# Where KFP mounts a pipeline workspace inside a task container; artifacts with
# metadata {'_kfp_workspace': True} live under '<this>/.artifacts/'.
WORKSPACE_MOUNT_PATH = '/kfp-workspace'
