"""Attached files (bilagor): checked on the way in, stored under MEDIA_ROOT with names of our own, served as
downloads. Minutes and their attachments are public documents: no participant data belongs in them.

A file is accepted when its size is within the limit, its extension is one of the document and image types
below, and its first bytes match that type (a renamed program is refused). The stored name is random; the
name the uploader gave is kept, cleaned, for the download.
"""

from __future__ import annotations

import hashlib
import uuid
from pathlib import PurePath
from typing import TypeVar

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.http import FileResponse
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

MAX_BYTES = 10 * 1024 * 1024
ZIP = b"PK\x03\x04"
OLE = b"\xd0\xcf\x11\xe0"
# Extension → (content type, accepted first bytes; None = plain text).
TYPES: dict[str, tuple[str, tuple[bytes, ...] | None]] = {
    ".pdf": ("application/pdf", (b"%PDF-",)),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (ZIP,)),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (ZIP,)),
    ".pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", (ZIP,)),
    ".odt": ("application/vnd.oasis.opendocument.text", (ZIP,)),
    ".ods": ("application/vnd.oasis.opendocument.spreadsheet", (ZIP,)),
    ".doc": ("application/msword", (OLE,)),
    ".xls": ("application/vnd.ms-excel", (OLE,)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".txt": ("text/plain; charset=utf-8", None),
    ".csv": ("text/csv; charset=utf-8", None),
}


def _stored_path(instance: Attachment, filename: str) -> str:
    return f"bilagor/{instance.folder()}/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"


class Attachment(models.Model):
    """The common part of every attachment; each concrete model adds what the file is attached to."""

    file = models.FileField(gettext_lazy("fil"), upload_to=_stored_path, max_length=255)
    original_name = models.CharField(gettext_lazy("filnamn"), max_length=200)
    content_type = models.CharField(gettext_lazy("filtyp"), max_length=100)
    size = models.PositiveIntegerField(gettext_lazy("storlek (byte)"))
    sha256 = models.CharField(gettext_lazy("kontrollsumma (SHA-256)"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(gettext_lazy("uppladdad"), auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name

    def folder(self) -> str:  # pragma: no cover - every concrete model says where its files go
        raise NotImplementedError


def check_upload(upload) -> tuple[str, str, str]:
    """Refuse what is too large or of a type we do not take. Returns (clean name, content type, sha256)."""
    name = get_valid_filename(PurePath(upload.name or "").name)[:200] or "bilaga"
    suffix = PurePath(name).suffix.lower()
    if suffix not in TYPES:
        raise ValidationError(
            _("Filtypen %(type)s tas inte emot. Tillåtna filtyper: %(allowed)s.")
            % {"type": suffix or _("(ingen)"), "allowed": ", ".join(t.lstrip(".") for t in TYPES)}
        )
    if upload.size > MAX_BYTES:
        raise ValidationError(
            _("Filen är %(size)s MB; den största tillåtna storleken är %(max)s MB.")
            % {"size": round(upload.size / 1024 / 1024, 1), "max": MAX_BYTES // 1024 // 1024}
        )
    if upload.size == 0:
        raise ValidationError(_("Filen är tom."))
    content_type, signatures = TYPES[suffix]
    upload.seek(0)
    head = upload.read(8)
    if signatures is not None and not any(head.startswith(s) for s in signatures):
        raise ValidationError(_("Filens innehåll stämmer inte med filtypen %(type)s.") % {"type": suffix})
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    if signatures is None:
        upload.seek(0)
        try:
            upload.read().decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ValidationError(_("Textfilen måste vara sparad som UTF-8.")) from exc
    upload.seek(0)
    return name, content_type, digest.hexdigest()


def store(attachment: Attachment, upload, user) -> Attachment:
    """Check the upload, save the file under a random name and the row; a failed save leaves no file."""
    name, content_type, digest = check_upload(upload)
    attachment.original_name = name
    attachment.content_type = content_type
    attachment.size = upload.size
    attachment.sha256 = digest
    attachment.uploaded_by = user
    attachment.file.save(name, upload, save=False)
    stored = attachment.file.name
    try:
        attachment.full_clean()
        attachment.save()
    except Exception:
        if stored:
            attachment.file.storage.delete(stored)
        raise
    return attachment


_Stored = TypeVar("_Stored", bound=Attachment)


def add(actor, attachment: _Stored, upload, *, action: str, target, forbund) -> _Stored:
    """Store the upload and log it on `target` (the application or the item) in the caller's transaction."""
    from samordna.audit.actions import record

    store(attachment, upload, actor)
    changes = {"file": attachment.original_name, "size": attachment.size, "sha256": attachment.sha256}
    record(actor, action, target, forbund=forbund, changes=changes)
    return attachment


def remove(actor, attachment: Attachment, *, action: str, target, forbund) -> None:
    from samordna.audit.actions import record

    changes = {"file": attachment.original_name, "sha256": attachment.sha256}
    record(actor, action, target, forbund=forbund, changes=changes)
    discard(attachment)


def take_upload(request, save) -> UploadForm:
    """Bind the posted file and hand it to `save(file)`; a refusal comes back as an error on the form."""
    form = UploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            save(form.cleaned_data["file"])
        except ValidationError as exc:
            # A refusal naming a column of the attachment row (its name, say) is still about the file.
            form.add_error("file", exc.messages)
    return form


def discard(attachment: Attachment) -> None:
    """Delete the row now and the file once the transaction has committed."""
    storage, name = attachment.file.storage, attachment.file.name
    attachment.delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name))


def download(attachment: Attachment) -> FileResponse:
    response = FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.original_name)
    response["Content-Type"] = attachment.content_type
    response["X-Content-Type-Options"] = "nosniff"
    return response


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Bilaga"),
        help_text=gettext_lazy(
            "PDF, Word, Excel, OpenDocument, bild eller text; högst 10 MB. Handlingarna är allmänna: "
            "inga uppgifter om enskilda deltagare."
        ),
    )
