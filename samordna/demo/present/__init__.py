"""Demo data dated relative to the day the demo is loaded, so that the current year and the ones before are full."""
