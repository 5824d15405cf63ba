"""``python -m symbolic_info`` runs the command-line interface."""

from symbolic_info.cli import main

raise SystemExit(main())
