"""The only package that opens SQLite."""
