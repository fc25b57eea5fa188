"""Background work: delivering allowed messages and advancing running contact plans."""

from __future__ import annotations

from datetime import timedelta

from django_tasks import task

from huikuan.common.scheduling import periodic

# A dispute stops a running plan within one cycle of this tick.
SEQUENCE_TICK = timedelta(minutes=1)


@task()
def message_deliver(message_id: int) -> str:
    from .services import message_deliver as deliver

    return deliver(message_id=message_id).status


@periodic(every=SEQUENCE_TICK)
@task()
def sequences_tick() -> int:
    from .services import sequences_run_once

    return sequences_run_once()
