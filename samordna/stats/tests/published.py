"""What a protected figure says about the true count: the guarantee of `suppression`, as a reader can use it."""

from samordna.stats.suppression import MAX_DEVIATION, hidden_label


def candidates(shown, threshold: int, largest: int = 200) -> set[int]:
    """Every true count that could have been published as `shown`."""
    if shown == 0:
        return set(range(MAX_DEVIATION + 1))
    if shown == hidden_label(threshold):
        return set(range(1, threshold + MAX_DEVIATION))
    return {n for n in range(threshold, largest) if abs(n - shown) <= MAX_DEVIATION}


def possible(shown, true: int, threshold: int = 5) -> bool:
    return true in candidates(shown, threshold, largest=true + MAX_DEVIATION + 1)
