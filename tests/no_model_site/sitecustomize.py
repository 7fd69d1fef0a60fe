"""Start-up of every Python process a test starts under ``-p tests.no_model``, which puts
this folder on ``PYTHONPATH``: hide the trained model there too."""

import importlib.util
import os
from pathlib import Path

_spec = importlib.util.spec_from_file_location(
    "_kg_no_model", Path(__file__).parents[1] / "no_model.py"
)
assert _spec is not None and _spec.loader is not None
_module = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_module)
_module.hide(filter(None, os.environ.get(_module.HIDDEN_ENV, "").split(",")))
