"""Production settings: HTTPS on, debug off; everything else comes from the environment."""

import os

os.environ.setdefault("HUIKUAN_SECURE", "1")

from .base import *  # noqa: F403

DEBUG = False
