"""The `equitylens` command: Django's management entry point under our own name.

Every command-line tool of the product is a subcommand (`equitylens demo_data`,
`equitylens check --deploy`, …).
"""

from __future__ import annotations

import os
import sys


def main() -> None:
    """Run a management command with the Equity Lens settings."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "equitylens.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
