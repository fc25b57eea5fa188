"""Test settings: the same app, fast hashing, mail kept in memory unless a test points it at SMTP."""

import os
import tempfile

os.environ.setdefault("HUIKUAN_VAR_DIR", tempfile.mkdtemp(prefix="huikuan-test-"))

from .base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only; production uses argon2
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
DEBUG = False
# Tasks run inline in tests; tests of the worker itself start a real `db_worker`.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
