"""How a signer confirms the minutes. The default asks for the user's password again; an
e-signature provider (for example BankID) plugs in by implementing `Signer`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class SignatureResult:
    provider: str
    reference: str = ""


class Signer(Protocol):
    """Confirms that `user` signs the document whose SHA-256 is `document_hash`, or raises ValidationError."""

    def sign(self, user, document_hash: str, *, confirmation: str) -> SignatureResult: ...


class PasswordConfirmationSigner:
    """Authenticated confirmation: the logged-in signer types their password again to sign."""

    provider = "Bekräftelse med lösenord"

    def sign(self, user, document_hash: str, *, confirmation: str) -> SignatureResult:
        if user is None or not confirmation or not user.check_password(confirmation):
            raise ValidationError(_("Lösenordet stämmer inte. Skriv ditt lösenord för att skriva under."))
        return SignatureResult(self.provider, reference=f"sha256:{document_hash[:16]}")


@dataclass(frozen=True)
class RecordedSigner:
    """A signature already given outside the system (on paper or with an e-ID), recorded with its reference."""

    provider: str
    reference: str = ""

    def sign(self, user, document_hash: str, *, confirmation: str) -> SignatureResult:
        return SignatureResult(self.provider, self.reference)


DEFAULT_SIGNER: Signer = PasswordConfirmationSigner()
