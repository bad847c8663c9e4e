"""Field-level encryption at rest for personnummer and names: Fernet (AES-128-CBC with HMAC-SHA256) under keys from
the environment, never from the database.

`SAMORDNA_FIELD_KEY` holds one key, or several separated by commas: the first encrypts, every one decrypts
(MultiFernet), so that `samordna rotate-field-key` can re-encrypt every value under a new first key while the old
one is still accepted. An empty value stays empty, so that constraints and filters on "" keep working; anything
else is stored as a token that says nothing without the key. Equality lookups cannot work on such tokens: people
are found through the keyed hash (`participants.identity.lookup_key`).
"""

from __future__ import annotations

from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.db.models.lookups import Exact

# Fernet tokens start with the version byte 0x80, which base64 writes as "gAAAAA".
TOKEN_PREFIX = "gAAAAA"  # nosec B105 (a format marker, not a secret)


@cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    try:
        return MultiFernet([Fernet(key.encode()) for key in keys])
    except (ValueError, TypeError) as exc:
        raise ImproperlyConfigured(
            "SAMORDNA_FIELD_KEY innehåller en ogiltig nyckel. Varje nyckel ska vara 32 byte i url-säker base64, "
            "till exempel från `samordna rotate-field-key --generate-key`."
        ) from exc


def fernet() -> MultiFernet:
    return _fernet(tuple(settings.FIELD_KEYS))


def encrypt(value: str) -> str:
    return fernet().encrypt(value.encode()).decode() if value else ""


UNREADABLE = (
    "Ett krypterat fält kan inte läsas med nycklarna i SAMORDNA_FIELD_KEY. Lägg till den nyckel som värdet skrevs "
    "med (efter den nya, med komma emellan)."
)


def decrypt(token: str) -> str:
    if not token:
        return ""
    try:
        return fernet().decrypt(token.encode()).decode()
    except InvalidToken:
        raise ImproperlyConfigured(UNREADABLE) from None


def rotate(token: str) -> str:
    """The token re-encrypted under the first key (an empty value stays empty)."""
    if not token:
        return ""
    try:
        return fernet().rotate(token.encode()).decode()
    except InvalidToken:
        raise ImproperlyConfigured(UNREADABLE) from None


class EncryptedTextField(models.TextField):
    """A text column stored encrypted; Python sees the plain text. `max_length` limits what may be typed in."""

    def __init__(self, *args, max_length: int | None = None, **kwargs):
        self.plain_max_length = max_length
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.plain_max_length is not None:
            kwargs["max_length"] = self.plain_max_length
        return name, path, args, kwargs

    def from_db_value(self, value, expression, connection):
        return value if value is None else decrypt(value)

    def to_python(self, value):
        return value

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return value if value is None else encrypt(str(value))

    def formfield(self, **kwargs):
        from django import forms

        return super().formfield(
            **{"form_class": forms.CharField, "max_length": self.plain_max_length, "widget": forms.TextInput, **kwargs}
        )

    def get_lookup(self, lookup_name):
        # Only "is empty" and "is null" mean anything on ciphertext: anything else would silently match nothing.
        if lookup_name == "exact":
            return EmptyOnly
        return super().get_lookup(lookup_name) if lookup_name == "isnull" else None


class EmptyOnly(Exact):
    """`field=""`: the one comparison an encrypted column can answer."""

    def get_prep_lookup(self):
        if self.rhs not in ("", None) and not hasattr(self.rhs, "resolve_expression"):
            raise TypeError("An encrypted field can only be compared with ''; look people up by their keyed hash.")
        return super().get_prep_lookup()


def encrypted_columns() -> list[tuple[type[models.Model], list[str]]]:
    """Every model with encrypted fields, and the columns of those fields."""
    from django.apps import apps

    found = []
    for model in apps.get_models():
        columns = [str(f.column) for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
        if columns:
            found.append((model, columns))
    return found


def rotate_all(progress=None) -> int:
    """Re-encrypt every encrypted value under the first key of SAMORDNA_FIELD_KEY, in one transaction: either every
    value is under the new key afterwards, or (on any error) none has changed. Returns the number of rows."""
    from django.db import connection, transaction

    first = Fernet(settings.FIELD_KEYS[0].encode())
    work = []
    with transaction.atomic(), connection.cursor() as cursor:
        for model, columns in encrypted_columns():
            table = connection.ops.quote_name(model._meta.db_table)
            pk = connection.ops.quote_name(str(model._meta.pk.column))
            names = ", ".join(connection.ops.quote_name(c) for c in columns)
            cursor.execute(f"SELECT {pk}, {names} FROM {table}")  # noqa: S608  # nosec B608 (names from the models)
            work.append((table, pk, columns, cursor.fetchall()))
        total = sum(len(rows) for *_rest, rows in work)
        bar = progress(total) if progress is not None else None
        for table, pk, columns, rows in work:
            assignments = ", ".join(f"{connection.ops.quote_name(c)} = %s" for c in columns)
            sql = f"UPDATE {table} SET {assignments} WHERE {pk} = %s"  # noqa: S608  # nosec B608 (names from the models)
            for row in rows:
                tokens = [rotate(token or "") for token in row[1:]]
                for token in tokens:
                    if token:
                        first.decrypt(token.encode())  # under the new key, or the rotation stops here
                cursor.execute(sql, [*tokens, row[0]])
                if bar is not None:
                    bar.update(1)
        if bar is not None:
            bar.close()
    return total


def generate_key() -> str:
    return Fernet.generate_key().decode()
