"""Run sitegen as ``python -m sitegen``."""

import os
import sys

try:
    from sitegen.cli import entry
except KeyboardInterrupt:  # Ctrl-C while starting up
    print("interrupted", file=sys.stderr)
    os._exit(130)
entry()
