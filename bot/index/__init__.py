"""The package-index port, its HTTP adapter, and pure choices over index data."""
