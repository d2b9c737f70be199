"""`python -m luoshi` runs the CLI."""

from luoshi.cli import main

main()
