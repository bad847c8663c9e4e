"""Storing many new rows at once: COPY on PostgreSQL, `bulk_create` elsewhere, with the same values either way.

The caller gives the values of some columns (by attribute name, `forbund_id` for a foreign key) as plain tuples;
every other field gets what Django would give it on create: `auto_now`/`auto_now_add` the time, its default
(a callable one drawn for each row) or NULL. No model instance is built on PostgreSQL, which is where the time of
a large import went.
"""

from __future__ import annotations

import datetime as dt
import itertools
import secrets
from collections.abc import Callable, Iterable, Iterator, Sequence

from django.db import connections, models
from django.utils import timezone

BATCH = 2000
# The RFC 4122 variant: the top two bits of the 17th hex digit are 10.
VARIANT = {digit: "89ab"[int(digit, 16) & 3] for digit in "0123456789abcdef"}


def _filler(field: models.Field, db, now) -> Callable[[], object] | object:
    """What a field not given gets: a function to call per row, or one value for all rows."""
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        # One microsecond apart, in the order given: what bulk_create's clock gives, so that an ordering by the
        # time of creation (the export's, among stays of the same day) keeps the file's order.
        ticks = itertools.count()
        return lambda: now + dt.timedelta(microseconds=next(ticks))
    if field.has_default() and callable(field.default) and field.default not in (list, dict):
        return lambda: field.get_db_prep_save(field.get_default(), db)
    # What is left is one value for every row: a constant default, an empty list or dict (a fresh one per row
    # matters only to objects in memory, not to the row stored), "" for a text field, else NULL.
    value = field.get_default()
    if value is None and not field.null:
        raise ValueError(f"{field.model.__name__}.{field.name} has no value, no default and is not nullable")
    return field.get_db_prep_save(value, db)


def insert_rows(model: type[models.Model], columns: Sequence[str], rows: Iterable[Sequence], using: str = "default"):
    """Insert `rows` (tuples in the order of `columns`) as new rows of `model`, in the caller's transaction."""
    db = connections[using]
    if db.vendor != "postgresql":
        objects = (model(**dict(zip(columns, row, strict=True))) for row in rows)
        batch: list[models.Model] = []
        for obj in objects:
            batch.append(obj)
            if len(batch) >= BATCH:
                model._default_manager.using(using).bulk_create(batch)
                batch = []
        if batch:
            model._default_manager.using(using).bulk_create(batch)
        return
    given = set(columns)
    now = timezone.now()
    rest = [
        field
        for field in model._meta.concrete_fields
        if field.attname not in given and not (field.primary_key and isinstance(field, models.AutoField))
    ]
    fillers = [_filler(field, db, now) for field in rest]
    per_row = [index for index, filler in enumerate(fillers) if callable(filler)]
    fixed = [None if callable(filler) else filler for filler in fillers]
    column_of = {f.attname: str(f.column) for f in model._meta.concrete_fields}  # concrete: every one has a column
    names = [db.ops.quote_name(column_of[name]) for name in columns]
    names += [db.ops.quote_name(column_of[f.attname]) for f in rest]
    # Only quoted names of the model's own table and columns are interpolated.
    statement = f"COPY {db.ops.quote_name(model._meta.db_table)} ({', '.join(names)}) FROM STDIN"  # nosec B608
    # A field of the project's own (an encrypted one, say) turns a value into what is stored: COPY must get that,
    # as bulk_create would. Django's own fields store the plain values the caller gives.
    field_of = {f.attname: f for f in model._meta.concrete_fields}
    converted = [
        (index, field_of[name])
        for index, name in enumerate(columns)
        if not type(field_of[name]).__module__.startswith("django.")
    ]
    with db.cursor() as cursor, cursor.copy(statement) as copy:
        for row in rows:
            if converted:
                row = list(row)
                for index, field in converted:
                    row[index] = field.get_db_prep_save(row[index], db)
            tail = list(fixed)
            for index in per_row:
                tail[index] = fillers[index]()  # type: ignore[operator]
            copy.write_row((*row, *tail))


def new_uuids(block: int = BATCH) -> Iterator[str]:
    """Fresh random (version 4) UUIDs as text, drawn from the operating system a block at a time: what
    `uuid.uuid4` gives, without building an object for each of a large import's rows."""
    while True:
        raw = secrets.token_hex(16 * block)
        for start in range(0, len(raw), 32):
            h = raw[start : start + 32]
            yield f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{VARIANT[h[16]]}{h[17:20]}-{h[20:]}"
