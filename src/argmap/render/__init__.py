"""Built-in renderers (registered through entry points).

Importing this package sets the attribute ``argmap.render`` to the package itself,
which would shadow the function :func:`argmap.render`. So that ``argmap.render(m, "svg")``
keeps working after any built-in renderer was imported, calling this package calls
:func:`argmap.render`.
"""

from __future__ import annotations

import sys
import types
from typing import Any


class _CallableModule(types.ModuleType):
    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        from .._api import render

        return render(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableModule
