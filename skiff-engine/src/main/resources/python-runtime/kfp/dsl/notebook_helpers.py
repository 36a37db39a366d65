"""dsl.run_notebook placeholder (notebook components rebind it at run time)."""


def run_notebook(**kwargs):
    """Runs the notebook embedded in a @dsl.notebook_component.

    The compiled notebook component replaces this function with its own helper
    (which needs nbclient/nbformat); called anywhere else it raises.
    """
    raise NotImplementedError(
        'dsl.run_notebook is only available inside a @dsl.notebook_component '
        'at runtime.')
