"""`python -m app`: the same entry point as the `briefbook` command."""

from app.cli import main

raise SystemExit(main())
