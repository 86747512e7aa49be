"""Listing and full-text search: the query language and the read side of the library."""
