"""PipelineTaskFinalStatus: what an exit-handler task learns about the tasks
it guards."""


class PipelineTaskFinalStatus:
    """The final status of a pipeline task (or of the tasks an ExitHandler
    guards), passed to a component parameter annotated with this class.

    Attributes:
        state: final state as KFP's backend reports it: 'COMPLETE', 'FAILED' or 'CANCELED'.
        pipeline_job_resource_name: the pipeline run's resource name.
        pipeline_task_name: name of the task that produced this status.
        error_code: google.rpc.Code on error, else None.
        error_message: error details on error, else None.
    """
    __slots__ = ('state', 'pipeline_job_resource_name', 'pipeline_task_name',
                 'error_code', 'error_message')

    def __init__(self, state, pipeline_job_resource_name, pipeline_task_name,
                 error_code, error_message):
        self.state = state
        self.pipeline_job_resource_name = pipeline_job_resource_name
        self.pipeline_task_name = pipeline_task_name
        self.error_code = error_code
        self.error_message = error_message

    def _fields(self):
        return tuple(getattr(self, f) for f in self.__slots__)

    def __eq__(self, other):
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._fields() == other._fields()

    __hash__ = None

    def __repr__(self):
        return '%s(%s)' % (type(self).__name__, ', '.join(
            '%s=%r' % (f, getattr(self, f)) for f in self.__slots__))
