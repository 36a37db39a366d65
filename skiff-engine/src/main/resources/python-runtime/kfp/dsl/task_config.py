"""TaskConfig: Kubernetes pod-spec fragments passed through to a component."""


class TaskConfig:
    """Pod-spec fragments of the task (empty unless the component declared
    task_config_passthroughs). Values are plain dicts/lists."""
    __slots__ = ('affinity', 'tolerations', 'node_selector', 'env', 'volumes',
                 'volume_mounts', 'resources')

    def __init__(self, affinity=None, tolerations=None, node_selector=None,
                 env=None, volumes=None, volume_mounts=None, resources=None):
        self.affinity = affinity
        self.tolerations = tolerations
        self.node_selector = node_selector
        self.env = env
        self.volumes = volumes
        self.volume_mounts = volume_mounts
        self.resources = resources

    def __eq__(self, other):
        if other.__class__ is not self.__class__:
            return NotImplemented
        return all(
            getattr(self, f) == getattr(other, f) for f in self.__slots__)

    __hash__ = None

    def __repr__(self):
        return '%s(%s)' % (type(self).__name__, ', '.join(
            '%s=%r' % (f, getattr(self, f)) for f in self.__slots__))
