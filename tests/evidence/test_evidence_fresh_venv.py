"""The offline verifier in a virtual environment that has only the package and `cryptography`.

This test must run (it is never skipped): it is the proof that a certificate can be checked
without the platform, Django, a database or a network.
"""

import io
import subprocess
import zipfile

from django.urls import reverse

from huikuan.evidence.log import log_sequence
from huikuan.tlog import Signer
from tests.evidence.conftest import pdf_bytes


def test_downloaded_certificate_verifies_in_a_fresh_venv(client, creditor_a, case_a, upload, fresh_venv, tmp_path):
    python = str(fresh_venv / "bin" / "python")
    verify = str(fresh_venv / "bin" / "huikuan-verify")
    # Only the package and cryptography: Django is not importable there.
    check = subprocess.run([python, "-c", "import django"], capture_output=True, text=True)
    assert check.returncode != 0 and "No module named 'django'" in check.stderr

    item, _ = upload(case_a, pdf_bytes("fresh venv"), name="对账单.pdf")
    log_sequence()
    client.force_login(creditor_a)
    bundle = client.get(reverse("api-1:evidence_bundle", kwargs={"item_id": item.pk}))
    assert bundle.status_code == 200
    zipfile.ZipFile(io.BytesIO(bundle.content)).extractall(tmp_path)
    proof = str(tmp_path / f"{item.sha256[:16]}.tlog-proof")
    evidence = tmp_path / "evidence" / "对账单.pdf"
    key = (tmp_path / "log-key.txt").read_text().strip()

    def run(*args):
        return subprocess.run([verify, *args], capture_output=True, text=True, env={"PATH": "/usr/bin:/bin"})

    ok = run(proof, str(evidence), "--key", key)
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.startswith("valid: entry") and "matches" in ok.stdout

    changed = tmp_path / "changed.pdf"
    data = bytearray(evidence.read_bytes())
    data[-3] ^= 0x01  # one byte changed
    changed.write_bytes(bytes(data))
    bad_file = run(proof, str(changed), "--key", key)
    assert bad_file.returncode == 1 and "hash mismatch" in bad_file.stderr

    other_log = Signer.generate("huikuan.localhost/log").verifier().key_string()  # same name, another key
    bad_key = run(proof, str(evidence), "--key", other_log)
    assert bad_key.returncode == 1 and "unknown key" in bad_key.stderr
    elsewhere = Signer.generate("other.example/log").verifier().key_string()
    assert run(proof, str(evidence), "--key", elsewhere).returncode == 1
