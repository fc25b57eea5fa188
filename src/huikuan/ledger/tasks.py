"""Background jobs of the ledger."""

from datetime import timedelta

from django_tasks import task

from huikuan.common.scheduling import periodic


@periodic(every=timedelta(days=1))
@task()
def deadline_alerts_daily() -> int:
    """Alert 180, 90, 30 and 7 days before every limitation, guarantee and enforcement expiry."""
    from .services import deadline_alerts_raise

    return deadline_alerts_raise()
