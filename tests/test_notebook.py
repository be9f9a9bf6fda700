"""The Jupyter views: a notebook executed in a real IPython kernel (nbclient) shows a Presigner,
a UrlInfo and a Verification as text and as HTML tables, and never the secret."""

from __future__ import annotations

import textwrap

import nbclient
import nbformat
from conftest import ACCESS_KEY, SECRET_KEY

TOKEN = "SESSIONTOKENVALUE"

CELLS = [
    f"""
    import datetime as dt
    import s3presign
    signed = dt.datetime(2026, 11, 28, 12, 0, 0, tzinfo=dt.timezone.utc)
    p = s3presign.client(region_name="eu-west-1", aws_access_key_id={ACCESS_KEY!r},
                         aws_secret_access_key={SECRET_KEY!r}, aws_session_token={TOKEN!r})
    p
    """,
    """
    url = p.generate_presigned_url(
        "put_object", {"Bucket": "my-bucket", "Key": "a/b.txt", "ContentType": "text/plain"},
        ExpiresIn=60, signing_time=signed)
    s3presign.inspect(url, now=signed + dt.timedelta(seconds=30))
    """,
    """
    s3presign.inspect(url, now=signed + dt.timedelta(seconds=120))
    """,
    """
    p.verify(url, "PUT", {"Content-Type": "text/plain"}, now=signed + dt.timedelta(seconds=30))
    """,
    """
    p.verify(url, "GET", {"Content-Type": "text/plain"}, now=signed + dt.timedelta(seconds=30))
    """,
]


def execute() -> list[dict[str, str]]:
    """Runs the cells; returns each cell's ``execute_result`` data (mime type to text)."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(textwrap.dedent(src).strip()) for src in CELLS]
    nbclient.NotebookClient(nb, timeout=120, kernel_name="python3").execute()
    results = []
    for cell in nb.cells:
        (result,) = [o for o in cell.outputs if o.output_type == "execute_result"]
        results.append(dict(result.data))
    return results


def test_views_in_a_notebook() -> None:
    presigner, info, expired, valid, invalid = execute()
    for data in (presigner, info, expired, valid, invalid):
        assert set(data) >= {"text/plain", "text/html"}
        for text in data.values():
            assert SECRET_KEY not in text
    # The token is in the URL (and so in its canonical request), never in the presigner's view.
    assert not any(TOKEN in text for text in presigner.values())

    assert presigner["text/plain"].startswith("Presigner(region_name='eu-west-1'")
    assert "credentials='explicit', session_token=True" in presigner["text/plain"]
    assert "<table>" in presigner["text/html"]
    assert "<code>eu-west-1</code>" in presigner["text/html"]
    assert f"<code>{ACCESS_KEY}</code>" in presigner["text/html"]

    assert info["text/plain"].startswith("UrlInfo(\n    signature_version='s3v4',")
    assert "# in 30 s" in info["text/plain"]
    assert "<code>a/b.txt</code>" in info["text/html"]
    assert '<span class="good">2026-11-28T12:01:00Z (in 30 s)</span>' in info["text/html"]
    assert "must send the signed header content-type" in info["text/html"]

    assert "expired=True" in expired["text/plain"]
    assert (
        '<span class="bad">2026-11-28T12:01:00Z (expired 1 min 0 s ago)</span>'
        in (expired["text/html"])
    )

    assert valid["text/plain"].startswith("Verification(\n    valid=True,")
    assert '<span class="good">valid</span>' in valid["text/html"]

    assert "valid=False" in invalid["text/plain"]
    assert '<span class="bad">invalid: signature</span>' in invalid["text/html"]
    assert "<pre>GET\n/a/b.txt\n" in invalid["text/html"]
