"""Periodic tasks and retries on top of django-tasks, which has neither.

`@periodic(every=...)` registers a task; `scheduler_tick` enqueues what is due and re-enqueues
itself, so the one database worker is also the clock. `huikuan scheduler-start` (run by
`make run`) makes sure exactly one tick is pending.
"""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Callable
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django_tasks import task

log = logging.getLogger(__name__)
TICK = timedelta(seconds=30)
PERIODIC: dict[str, tuple[object, timedelta]] = {}


def periodic(*, every: timedelta) -> Callable:
    """Register an already-decorated task to run every `every` (at the first tick after it is due)."""

    def register(task_obj):
        PERIODIC[task_obj.module_path] = (task_obj, every)
        return task_obj

    return register


def retrying(*, attempts: int = 3, backoff: float = 0.5, on: tuple[type[BaseException], ...] = (Exception,)):
    """Retry a task body on transient failures (network, locked database) before giving up."""

    def wrap(fn):
        @functools.wraps(fn)
        def run(*args, **kwargs):
            for attempt in range(1, attempts + 1):
                try:
                    return fn(*args, **kwargs)
                except on:
                    if attempt == attempts:
                        raise
                    log.warning("retrying %s after attempt %s", fn.__name__, attempt, exc_info=True)
                    time.sleep(backoff * attempt)
            return None

        return run

    return wrap


def run_due(now=None) -> list[str]:
    """Enqueue every periodic task that is due; a compare-and-swap keeps two ticks from doubling a run."""
    from .models import ScheduledRun

    now = now or timezone.now()
    started = []
    for name, (task_obj, every) in PERIODIC.items():
        row, _ = ScheduledRun.objects.get_or_create(name=name, defaults={"next_run_at": now})
        if row.next_run_at > now:
            continue
        claimed = ScheduledRun.objects.filter(pk=row.pk, next_run_at=row.next_run_at).update(
            last_run_at=now, next_run_at=now + every
        )
        if claimed:
            task_obj.enqueue()
            started.append(name)
    return started


def tick_pending(statuses: tuple[str, ...] = ("READY", "RUNNING")) -> bool:
    """Is a tick waiting (or running) in the database queue? Inline backends never have one."""
    try:
        from django_tasks_db.models import DBTaskResult
    except ImportError:
        return False
    return DBTaskResult.objects.filter(task_path=scheduler_tick.module_path, status__in=statuses).exists()


@task()
def scheduler_tick() -> list[str]:
    started = run_due()
    # Re-arm unless another tick is already waiting (e.g. after a second `scheduler-start`), and
    # never under an inline backend, where enqueueing would recurse at once.
    if scheduler_tick.get_backend().supports_defer:
        with transaction.atomic():
            if not tick_pending(("READY",)):
                scheduler_tick.using(run_after=timezone.now() + TICK).enqueue()
    return started
