#!/usr/bin/env python
"""Django's manage.py; the installed `equitylens` command does the same."""

from equitylens.cli import main

if __name__ == "__main__":
    main()
