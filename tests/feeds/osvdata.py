"""OSV records and export zips built by the tests (defanged: no real package is named)."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Mapping, Sequence


def record(
    record_id: str,
    name: str,
    *,
    versions: Sequence[str] = (),
    events: Sequence[Mapping[str, str]] = (),
    aliases: Sequence[str] = (),
    summary: str = "",
    modified: str = "2026-01-01T00:00:00Z",
    severity: Sequence[Mapping[str, str]] = (),
    database_specific: Mapping[str, object] | None = None,
    withdrawn: str | None = None,
) -> dict[str, object]:
    affected: dict[str, object] = {"package": {"ecosystem": "PyPI", "name": name}}
    if versions:
        affected["versions"] = list(versions)
    if events:
        affected["ranges"] = [{"type": "ECOSYSTEM", "events": [dict(e) for e in events]}]
    document: dict[str, object] = {
        "schema_version": "1.6.0",
        "id": record_id,
        "modified": modified,
        "aliases": list(aliases),
        "summary": summary,
        "affected": [affected],
    }
    if severity:
        document["severity"] = [dict(s) for s in severity]
    if database_specific is not None:
        document["database_specific"] = dict(database_specific)
    if withdrawn is not None:
        document["withdrawn"] = withdrawn
    return document


def malware(record_id: str, name: str, **fields: object) -> dict[str, object]:
    """A malicious-packages style record: every version affected."""
    return record(
        record_id,
        name,
        events=[{"introduced": "0"}],
        summary=f"Malicious code in {name} (PyPI)",
        database_specific={"malicious-packages-origins": [{"source": "test"}]},
        **fields,  # type: ignore[arg-type]
    )


def export_zip(members: Mapping[str, bytes | dict[str, object]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            data = content if isinstance(content, bytes) else json.dumps(content).encode()
            archive.writestr(name, data)
    return buffer.getvalue()
