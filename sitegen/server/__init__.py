"""The preview server behind ``sitegen serve``.

Layers, each importing only from those before it: ``state`` (what is served, switched
atomically between builds), ``paths`` (URL -> file), ``hosts`` (``Host`` header check),
``livereload`` (reload events, injected script, error overlay), ``http`` (the request
handler) and ``loop`` (build, serve, watch, rebuild). The build is a callback: nothing
here imports it.
"""

from sitegen.server.loop import Rebuild, ServeOptions, serve
from sitegen.server.state import BuildOutcome

__all__ = ["BuildOutcome", "Rebuild", "ServeOptions", "serve"]
