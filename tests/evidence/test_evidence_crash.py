"""SIGKILL during a batch of uploads: no acknowledged item is lost and the log verifies after restart.

Real processes against a file SQLite database: an uploader that prints an acknowledgement after
each committed upload, and the sequencer loop; both are killed mid-flight.
"""

import json
import os
import signal
import subprocess
import sys
import textwrap
import time

from tests.evidence.conftest import ROOT

UPLOADER = textwrap.dedent(
    """
    import io, sys
    import django
    django.setup()
    from huikuan.evidence.services import evidence_add
    from tests.conftest import make_member, case_input, org_of
    from huikuan.cases.services import case_register
    from huikuan.cases.choices import CaseStatus
    from huikuan.cases.services import case_transition

    user = make_member(f"crash{sys.argv[1]}@a.test", "崩溃测试公司")
    case = case_register(organisation=org_of(user), data=case_input(), actor=user)
    print("READY", flush=True)
    for i in range(100000):
        data = b"%PDF-1.4\\n% upload " + str(i).encode() + b"\\n%%EOF\\n"
        item, _ = evidence_add(case=case, actor=user, stream=io.BytesIO(data), name=f"f{i}.pdf")
        print("ACK", item.pk, item.sha256, flush=True)  # the upload's transaction has committed
        if i % 7 == 3:
            to = CaseStatus.ASSESSING if case.status == CaseStatus.REGISTERED else CaseStatus.NEGOTIATING
            if to != case.status:
                case = case_transition(case=case, actor=user, to=to)
    """
)

CHECK = textwrap.dedent(
    """
    import json, sys
    import django
    django.setup()
    from huikuan.evidence.models import EvidenceItem, LogEntry
    from huikuan.evidence.services import file_path
    import hashlib
    out = {"pending": LogEntry.objects.filter(log_index__isnull=True).count(), "items": {}}
    for item in EvidenceItem.objects.select_related("log_entry"):
        path = file_path(item.sha256)
        ok = path.exists() and hashlib.sha256(path.read_bytes()).hexdigest() == item.sha256
        out["items"][item.pk] = [item.sha256, item.log_entry.log_index, ok]
    print(json.dumps(out))
    """
)


def _env(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}  # a file database
    env.update(
        HUIKUAN_VAR_DIR=str(tmp_path / "var"),
        DJANGO_SETTINGS_MODULE="huikuan.config.settings.base",
        PYTHONPATH=str(ROOT),
    )
    return env


def _huikuan(env, *args, check=True):
    return subprocess.run(
        [sys.executable, "-m", "huikuan", *args], env=env, cwd=ROOT, capture_output=True, text=True, check=check
    )


def _read_acks(proc, want: int, deadline: float) -> dict[int, str]:
    acks = {}
    while len(acks) < want and time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        if line.startswith("ACK "):
            _, pk, sha = line.split()
            acks[int(pk)] = sha
    return acks


def test_sigkill_loses_no_acknowledged_upload(tmp_path):
    env = _env(tmp_path)
    _huikuan(env, "migrate", "--noinput", "-v0")
    acknowledged: dict[int, str] = {}
    for round_ in range(2):  # kill, restart, kill again on top of a log that already has batches
        sequencer = subprocess.Popen(
            [sys.executable, "-m", "huikuan", "log", "sequence", "--loop", "--interval", "0.02"],
            env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        uploader = subprocess.Popen(
            [sys.executable, "-c", UPLOADER, str(round_)],
            env=env,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            assert uploader.stdout.readline().strip() == "READY", uploader.stderr.read()
            acks = _read_acks(uploader, 60 + 20 * round_, time.monotonic() + 120)
            assert len(acks) >= 60, uploader.stderr.read() if uploader.poll() is not None else "too slow"
        finally:
            # SIGKILL both mid-flight: the uploader mid-transaction, the sequencer mid-batch or between.
            for proc in (uploader, sequencer):
                os.kill(proc.pid, signal.SIGKILL)
                proc.wait()
        assert uploader.returncode == -signal.SIGKILL and sequencer.returncode == -signal.SIGKILL
        acknowledged.update(acks)

    # Restart: the sequencer drains what was queued, and the integrity check is clean.
    _huikuan(env, "log", "sequence")
    verify = _huikuan(env, "log", "verify", check=False)
    assert verify.returncode == 0, verify.stderr
    assert "is consistent" in verify.stdout
    state = json.loads(subprocess.run(
        [sys.executable, "-c", CHECK], env=env, cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout)  # fmt: skip
    assert state["pending"] == 0
    items = {int(k): v for k, v in state["items"].items()}
    for pk, sha in acknowledged.items():
        assert pk in items, f"acknowledged item {pk} was lost"
        stored_sha, index, file_ok = items[pk]
        assert stored_sha == sha and index is not None and file_ok
    indexes = [v[1] for v in items.values()]
    assert len(set(indexes)) == len(indexes)
