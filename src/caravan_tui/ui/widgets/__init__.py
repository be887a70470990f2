"""Widgets of the reader, one small widget per module."""
