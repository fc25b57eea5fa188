from datetime import timedelta

from django_tasks import task

from huikuan.common.scheduling import periodic


@periodic(every=timedelta(seconds=30))
@task()
def log_sequence_task() -> int:
    """Fallback for deployments without `huikuan log sequence --loop` (which batches every second)."""
    from .log import log_sequence

    return log_sequence()
