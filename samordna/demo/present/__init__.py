"""Demo data dated relative to the day `samordna demo` runs, so that the current year is full."""
