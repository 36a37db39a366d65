"""``python3 -m kfp.components.executor_main``: the entry point that KFP 2.0
pre-releases compiled into components; same as ``kfp.dsl.executor_main``."""

import sys

from kfp.dsl.executor_main import main

if __name__ == '__main__':
    sys.exit(main())
