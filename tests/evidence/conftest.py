import io
import zipfile

import pytest


def pdf_bytes(text: str = "evidence") -> bytes:
    return b"%PDF-1.4\n1 0 obj<<>>endobj\n% " + text.encode() + b"\n%%EOF\n"


def ooxml(main: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr(
            "[Content_Types].xml",
            f'<?xml version="1.0"?><Types><Override PartName="/x" ContentType="application/vnd.openxmlformats-'
            f'officedocument.{main}+xml"/></Types>',
        )
        zf.writestr("x", "<x/>")
    return buf.getvalue()


@pytest.fixture
def upload(creditor_a):
    """Add a file to a case as creditor A through the service."""
    from huikuan.evidence.services import evidence_add

    def _upload(case, data: bytes, name: str = "contract.pdf", **kwargs):
        return evidence_add(case=case, actor=creditor_a, stream=io.BytesIO(data), name=name, **kwargs)

    return _upload


ROOT = __import__("pathlib").Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def fresh_venv(tmp_path_factory):
    """A new virtual environment holding only this package (no dependencies) and `cryptography`.

    Never skipped: if the environment cannot be built the test using it fails with pip's output.
    """
    import shutil
    import subprocess
    import sys

    base = tmp_path_factory.mktemp("fresh-venv")
    src = base / "src-copy"  # build from a copy: the build must not write into the working tree
    shutil.copytree(ROOT / "src", src / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info", "var"))
    shutil.copy(ROOT / "pyproject.toml", src)
    for extra in ("README.md", "LICENSE"):
        if (ROOT / extra).exists():
            shutil.copy(ROOT / extra, src)
    venv = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "--disable-pip-version-check"]
    for args in ([*pip, "--no-deps", str(src)], [*pip, "cryptography"]):
        result = subprocess.run(args, capture_output=True, text=True)
        assert result.returncode == 0, f"building the fresh venv failed: {' '.join(args)}\n{result.stderr}"
    return venv
