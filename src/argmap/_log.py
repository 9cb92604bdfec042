"""The one argmap logger, ``logging.getLogger("argmap")``.

Library code logs through it and never prints. It carries a :class:`logging.NullHandler`,
so a program that configures no logging sees no argmap messages on stderr. The handler is
added here, not in ``argmap/__init__.py``: ``import argmap`` does not import
:mod:`logging`. Every module that logs imports this one, and so does :mod:`argmap.plugin`,
which anything that reads, renders or loads a plugin imports first.
"""

from __future__ import annotations

import logging

__all__ = ["log"]

log = logging.getLogger("argmap")
log.addHandler(logging.NullHandler())
