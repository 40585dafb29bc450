"""Renderers: a `ScanResult` as a pull-request comment, check-run output, terminal text, JSON.

Every renderer treats versions, messages, file paths and evidence as untrusted: they come
from package archives and index metadata an attacker controls.
"""
