"""Briefing-book model and the writers that turn it into PDF and Word files.

This package is standalone: it never imports `app`, Qt or SQLite.
"""
