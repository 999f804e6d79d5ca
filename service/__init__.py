"""Evenhand: source-attributed incidents, claims, reconciliation and neutral briefings."""

__version__ = "0.1.0"
