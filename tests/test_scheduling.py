from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks import task

from huikuan.common.models import ScheduledRun
from huikuan.common.scheduling import PERIODIC, periodic, retrying, run_due

RUNS: list[int] = []


@task()
def bump() -> None:
    RUNS.append(1)


@pytest.fixture
def registered():
    saved = dict(PERIODIC)
    PERIODIC.clear()
    periodic(every=timedelta(hours=1))(bump)
    RUNS.clear()
    yield
    PERIODIC.clear()
    PERIODIC.update(saved)


def test_periodic_task_runs_once_per_interval(db, registered):
    now = timezone.now()
    assert run_due(now) == [bump.module_path]
    assert run_due(now + timedelta(minutes=30)) == []
    assert run_due(now + timedelta(minutes=61)) == [bump.module_path]
    assert len(RUNS) == 2
    row = ScheduledRun.objects.get(name=bump.module_path)
    assert row.next_run_at == now + timedelta(minutes=61) + timedelta(hours=1)


def test_retrying_gives_up_after_attempts():
    calls = []

    @retrying(attempts=3, backoff=0)
    def flaky():
        calls.append(1)
        if len(calls) < 3:
            raise ConnectionError("down")
        return "ok"

    assert flaky() == "ok" and len(calls) == 3

    @retrying(attempts=2, backoff=0)
    def broken():
        raise ConnectionError("down")

    with pytest.raises(ConnectionError):
        broken()
