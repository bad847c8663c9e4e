"""Record keys for disclosure control: a fixed random number per counted record (stay, volume count, survey
answer sheet), drawn once when the record is made. The statistics sum them into cell keys (stats.suppression)."""

from __future__ import annotations

import array
import secrets
from collections.abc import Iterator

KEY_BITS = 16
KEY_SPACE = 1 << KEY_BITS


def draw_record_key() -> int:
    """A record's key, 0 … 2^16−1, from the operating system's source of secure randomness."""
    return secrets.randbelow(KEY_SPACE)


def fill_record_keys(model, batch: int = 2000) -> None:
    """Give every existing row of `model` its own key (a migration adds the column with one default for all)."""
    rows = []
    for row in model.objects.only("pk").iterator(chunk_size=batch):
        row.record_key = draw_record_key()
        rows.append(row)
        if len(rows) >= batch:
            model.objects.bulk_update(rows, ["record_key"])
            rows = []
    if rows:
        model.objects.bulk_update(rows, ["record_key"])


def draw_record_keys(count: int) -> Iterator[int]:
    """`count` keys at once, as `draw_record_key` draws them one by one (16 bits each from the same source)."""
    return iter(array.array("H", secrets.token_bytes(2 * count)))
