"""Command-line interface (filled in by the read command)."""
