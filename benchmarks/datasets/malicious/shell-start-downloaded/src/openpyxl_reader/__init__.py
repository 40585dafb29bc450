from .loader import load_workbook  # noqa: F401
