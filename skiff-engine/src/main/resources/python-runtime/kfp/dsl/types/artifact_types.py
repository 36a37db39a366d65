"""Artifact classes that component code receives and returns.

Behaviour follows the KFP SDK (``kfp.dsl.types.artifact_types``): an artifact
has a ``name``, a ``uri`` and a ``metadata`` dict; ``path`` is the local file
the component reads or writes. URIs map to local paths the way KFP's launcher
mounts them (``gs://b/k`` -> ``/gcs/b/k``, ``minio://`` -> ``/minio/``,
``s3://`` -> ``/s3/``, ``oci://r/m`` -> ``/oci/r_m``). Skiff's local executor
uses ``file:`` URIs, whose path is the local path itself.
"""

import os

from kfp.dsl import constants

_GCS_LOCAL_MOUNT_PREFIX = '/gcs/'
_MINIO_LOCAL_MOUNT_PREFIX = '/minio/'
_S3_LOCAL_MOUNT_PREFIX = '/s3/'
_OCI_LOCAL_MOUNT_PREFIX = '/oci/'

_REMOTE_TO_LOCAL = (
    ('gs://', _GCS_LOCAL_MOUNT_PREFIX),
    ('minio://', _MINIO_LOCAL_MOUNT_PREFIX),
    ('s3://', _S3_LOCAL_MOUNT_PREFIX),
)

# Set by the executor at task run time: the folder that holds the task's
# executor output file (KFP: the "task root"), used by get_uri().
CONTAINER_TASK_ROOT = None

# Set by the executor when the ExecutorInput uses file: URIs (Skiff): a local
# path that is under no KFP mount then becomes a file:// URI rather than
# staying a bare path.
_LOCAL_PATHS_AS_FILE_URIS = False

_URI_SAFE = frozenset(b'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'
                      b'0123456789-._~/!$&\'()*+,;=:@')


def _percent_decode(text):
    if '%' not in text:
        return text
    raw = text.encode('utf-8')
    out = bytearray()
    i = 0
    n = len(raw)
    while i < n:
        c = raw[i]
        if c == 0x25 and i + 2 < n:
            hexpart = raw[i + 1:i + 3]
            try:
                out.append(int(hexpart, 16))
                i += 3
                continue
            except ValueError:
                pass
        out.append(c)
        i += 1
    return out.decode('utf-8', 'surrogateescape')


def _percent_encode(path):
    raw = path.encode('utf-8', 'surrogateescape')
    if all(b in _URI_SAFE for b in raw):
        return path
    return ''.join(
        chr(b) if b in _URI_SAFE else '%%%02X' % b for b in raw)


def local_path_for_uri(uri):
    """The local path for a URI, as KFP's launcher mounts it.

    ``file:`` URIs (``file:///a/b``, ``file:/a/b``, ``file://localhost/a/b``)
    map to their path; other URIs without a known scheme are used as paths.
    """
    for remote, local in _REMOTE_TO_LOCAL:
        if uri.startswith(remote):
            return local + uri[len(remote):]
    if uri.startswith('oci://'):
        return _OCI_LOCAL_MOUNT_PREFIX + uri[len('oci://'):].replace('/', '_')
    if uri.startswith('file:'):
        rest = uri[len('file:'):]
        if rest.startswith('//'):
            slash = rest.find('/', 2)
            rest = rest[slash:] if slash >= 0 else '/'
        return _percent_decode(rest)
    return uri


def convert_local_path_to_remote_path(path):
    """The URI for a local path: the reverse of :func:`local_path_for_uri`."""
    for remote, local in _REMOTE_TO_LOCAL:
        if path.startswith(local):
            return remote + path[len(local):]
    if path.startswith(_OCI_LOCAL_MOUNT_PREFIX):
        remote_path = path[len(_OCI_LOCAL_MOUNT_PREFIX):].replace('_', '/')
        if remote_path.endswith('/models'):
            remote_path = remote_path[:-len('/models')]
        return 'oci://' + remote_path
    if _LOCAL_PATHS_AS_FILE_URIS and path.startswith('/'):
        return 'file://' + _percent_encode(path)
    return path


def _workspace_mount_path():
    return os.environ.get('SKIFF_KFP_WORKSPACE_PATH',
                          constants.WORKSPACE_MOUNT_PATH)


class Artifact:
    """A generic machine-learning artifact: ``name``, ``uri``, ``metadata``.

    ``path`` is where the component reads or writes the artifact's content.
    """
    schema_title = 'system.Artifact'
    schema_version = '0.0.1'

    def __init__(self, name=None, uri=None, metadata=None):
        self.uri = uri or ''
        self.name = name or ''
        self.metadata = metadata or {}
        self._custom_path = ''

    @property
    def path(self):
        return self._get_path()

    @path.setter
    def path(self, path):
        self._set_path(path)

    def _get_path(self):
        if self._custom_path:
            local_path = self._custom_path
        else:
            local_path = local_path_for_uri(self.uri)
        metadata = self.metadata
        if isinstance(metadata, dict) and metadata.get('_kfp_workspace') is True:
            local_path = os.path.join(_workspace_mount_path(), '.artifacts',
                                      local_path.lstrip('/'))
        return local_path

    def _set_path(self, path):
        self.uri = convert_local_path_to_remote_path(path)

    @property
    def custom_path(self):
        return self._custom_path

    @custom_path.setter
    def custom_path(self, value):
        self._custom_path = value

    def set_path(self, path):
        """Makes ``path`` this artifact's local path (the URI is unchanged)."""
        self._custom_path = path

    def __repr__(self):
        return '%s(name=%r, uri=%r, metadata=%r)' % (
            type(self).__name__, self.name, self.uri, self.metadata)


class Model(Artifact):
    """A machine-learning model."""
    schema_title = 'system.Model'

    @property
    def path(self):
        if self.uri.startswith('oci://'):
            # Modelcar images keep the model files under /models.
            return self._get_path() + '/models'
        return self._get_path()

    @path.setter
    def path(self, path):
        self._set_path(path)

    @property
    def framework(self):
        return self.metadata.get('framework', '')

    @framework.setter
    def framework(self, framework):
        self.metadata['framework'] = framework


class Dataset(Artifact):
    """A machine-learning dataset."""
    schema_title = 'system.Dataset'


class Metrics(Artifact):
    """Scalar metrics, kept as key-value pairs in ``metadata``."""
    schema_title = 'system.Metrics'

    def log_metric(self, metric, value):
        """Sets scalar metric ``metric`` to ``value``."""
        self.metadata[metric] = value


class ClassificationMetrics(Artifact):
    """ROC curve and confusion matrix, kept in ``metadata`` in KFP's schema."""
    schema_title = 'system.ClassificationMetrics'

    def log_roc_data_point(self, fpr, tpr, threshold):
        """Adds one point of the ROC curve."""
        reading = {
            'confidenceThreshold': threshold,
            'recall': tpr,
            'falsePositiveRate': fpr,
        }
        self.metadata.setdefault('confidenceMetrics', []).append(reading)

    def log_roc_curve(self, fpr, tpr, threshold):
        """Adds a whole ROC curve (three lists of the same length)."""
        fpr = list(fpr)
        tpr = list(tpr)
        threshold = list(threshold)
        if not len(fpr) == len(tpr) == len(threshold):
            raise ValueError(
                'Length of fpr, tpr and threshold must be the same. Got '
                'lengths %d, %d and %d respectively.' %
                (len(fpr), len(tpr), len(threshold)))
        for f, t, th in zip(fpr, tpr, threshold):
            self.log_roc_data_point(fpr=f, tpr=t, threshold=th)

    def set_confusion_matrix_categories(self, categories):
        """Starts an all-zero confusion matrix over ``categories``."""
        self._categories = list(categories)
        size = len(self._categories)
        self._matrix = [{'row': [0] * size} for _ in range(size)]
        self._confusion_matrix = {
            'annotationSpecs': [{
                'displayName': c
            } for c in self._categories],
            'rows': self._matrix,
        }
        self.metadata['confusionMatrix'] = self._confusion_matrix

    def _require_categories(self):
        if getattr(self, '_categories', None) is None:
            raise ValueError(
                'Confusion matrix categories are not set: call '
                'set_confusion_matrix_categories(...) or '
                'log_confusion_matrix(...) first.')

    def _category_index(self, category):
        if category not in self._categories:
            raise ValueError('Invalid category: %s passed. Expected one of: %s' %
                             (category, self._categories))
        return self._categories.index(category)

    def log_confusion_matrix_row(self, row_category, row):
        """Sets the row of ``row_category``."""
        self._require_categories()
        index = self._category_index(row_category)
        row = list(row)
        if len(row) != len(self._categories):
            raise ValueError('Invalid row. Expected size: %d got: %d' %
                             (len(self._categories), len(row)))
        self._matrix[index] = {'row': row}
        self.metadata['confusionMatrix'] = self._confusion_matrix

    def log_confusion_matrix_cell(self, row_category, col_category, value):
        """Sets one cell of the confusion matrix."""
        self._require_categories()
        row = self._category_index(row_category)
        col = self._category_index(col_category)
        self._matrix[row]['row'][col] = value
        self.metadata['confusionMatrix'] = self._confusion_matrix

    def log_confusion_matrix(self, categories, matrix):
        """Sets the whole confusion matrix (one row per category)."""
        self.set_confusion_matrix_categories(categories)
        matrix = [list(r) for r in matrix]
        if len(matrix) != len(categories):
            raise ValueError('Invalid matrix: %s passed for categories: %s' %
                             (matrix, categories))
        for index, category in enumerate(self._categories):
            if len(matrix[index]) != len(categories):
                raise ValueError('Invalid matrix: %s passed for categories: %s'
                                 % (matrix, categories))
            self.log_confusion_matrix_row(category, matrix[index])
        self.metadata['confusionMatrix'] = self._confusion_matrix


class SlicedClassificationMetrics(Artifact):
    """Classification metrics per slice, in ``metadata['evaluationSlices']``."""
    schema_title = 'system.SlicedClassificationMetrics'

    def _slice(self, slice):
        sliced = self.__dict__.setdefault('_sliced_metrics', {})
        if slice not in sliced:
            sliced[slice] = ClassificationMetrics()
        return sliced[slice]

    def _update_metadata(self):
        self.metadata = {
            'evaluationSlices': [{
                'slice': s,
                'sliceClassificationMetrics': m.metadata
            } for s, m in self._sliced_metrics.items()]
        }

    def log_roc_reading(self, slice, threshold, tpr, fpr):
        """Adds one ROC point to ``slice``."""
        self._slice(slice).log_roc_data_point(fpr=fpr, tpr=tpr,
                                              threshold=threshold)
        self._update_metadata()

    def load_roc_readings(self, slice, readings):
        """Adds ROC points ``[threshold, tpr, fpr]`` to ``slice``."""
        metrics = self._slice(slice)
        for threshold, tpr, fpr in readings:
            metrics.log_roc_data_point(fpr=fpr, tpr=tpr, threshold=threshold)
        self._update_metadata()

    def set_confusion_matrix_categories(self, slice, categories):
        self._slice(slice).set_confusion_matrix_categories(categories)
        self._update_metadata()

    def log_confusion_matrix_row(self, slice, row_category, row):
        self._slice(slice).log_confusion_matrix_row(row_category, row)
        self._update_metadata()

    def log_confusion_matrix_cell(self, slice, row_category, col_category,
                                  value):
        self._slice(slice).log_confusion_matrix_cell(row_category,
                                                     col_category, value)
        self._update_metadata()

    def load_confusion_matrix(self, slice, categories, matrix):
        self._slice(slice).log_confusion_matrix(categories, matrix)
        self._update_metadata()


class HTML(Artifact):
    """An HTML file (shown by the dashboard)."""
    schema_title = 'system.HTML'


class Markdown(Artifact):
    """A Markdown file (shown by the dashboard)."""
    schema_title = 'system.Markdown'


_SCHEMA_TITLE_TO_TYPE = {
    cls.schema_title: cls for cls in (
        Artifact,
        Model,
        Dataset,
        Metrics,
        ClassificationMetrics,
        SlicedClassificationMetrics,
        HTML,
        Markdown,
    )
}


def get_uri(suffix='Output'):
    """A URI under the current task's root, for artifacts a component returns.

    Only available at task run time.
    """
    if CONTAINER_TASK_ROOT is None:
        raise RuntimeError(
            "'dsl.get_uri' can only be called at task runtime. The task root "
            'is unknown in the current environment.')
    if CONTAINER_TASK_ROOT == '/tmp/kfp_outputs':
        import warnings
        warnings.warn(
            'dsl.get_uri is not yet supported by the KFP backend. Please '
            'specify a URI explicitly.',
            RuntimeWarning,
            stacklevel=2)
        return ''
    root = convert_local_path_to_remote_path(CONTAINER_TASK_ROOT)
    return os.path.join(root, suffix)
