"""Briefbook: a local library of press releases and the briefing books made from it."""

__version__ = "0.1.0"
