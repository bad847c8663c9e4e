"""The demo's present: data dated from the day `samordna demo` runs, one module per förbund."""
