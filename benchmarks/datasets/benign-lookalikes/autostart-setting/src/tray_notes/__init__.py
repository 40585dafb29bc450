"""Tray notes."""
