"""HTML to PDF with WeasyPrint, for notices, minutes, extracts, invoices and reports.

Every PDF is tagged as PDF/UA-1: a structure tree from the HTML (headings, lists, tables with their headers),
the language of the html element, and the <title> as the title a PDF reader shows in its window. Page margin
boxes (running headers, page numbers) are marked as pagination artifacts, so a screen reader skips them.
"""

from __future__ import annotations

import io
from typing import Any

PDF_VARIANT = "pdf/ua-1"


def html_to_pdf(html: str) -> bytes:
    # Imported here: WeasyPrint loads Pango on import, which only the PDF paths need.
    from weasyprint import HTML

    return mark_margin_artifacts(HTML(string=html, base_url=None).write_pdf(pdf_variant=PDF_VARIANT, pdf_tags=True))


def mark_margin_artifacts(data: bytes) -> bytes:
    """Turn the marked content that no structure element reachable from the root claims into artifacts.

    WeasyPrint tags the text of page margin boxes like body text but leaves it out of the structure tree (in PDF
    1.7 an artifact cannot be a structure element). PDF/UA wants such content marked `/Artifact` in the content
    stream, so each orphaned `BDC` becomes `/Artifact <</Type /Pagination>> BDC` and its parent-tree slot is
    emptied; the tagged content keeps its ids.
    """
    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as pdf:
        root = pdf.Root.get("/StructTreeRoot")
        if root is None:
            return data
        claimed = _claimed_content(root)
        parent_arrays = _parent_tree_arrays(root)
        changed = False
        for page in pdf.pages:
            page_id = page.obj.objgen
            instructions = pikepdf.parse_content_stream(page)
            orphans: set[int] = set()
            for instruction in instructions:
                if str(instruction.operator) != "BDC" or len(instruction.operands) != 2:
                    continue
                properties = instruction.operands[1]
                if not isinstance(properties, pikepdf.Dictionary) or "/MCID" not in properties:
                    continue
                mcid = int(properties.MCID)
                if (page_id, mcid) not in claimed:
                    orphans.add(mcid)
            if not orphans:
                continue
            rewritten = []
            for instruction in instructions:
                operands = list(instruction.operands)
                if str(instruction.operator) == "BDC" and len(operands) == 2:
                    properties = operands[1]
                    if isinstance(properties, pikepdf.Dictionary) and int(properties.get("/MCID", -1)) in orphans:
                        operands = [pikepdf.Name.Artifact, pikepdf.Dictionary(Type=pikepdf.Name.Pagination)]
                rewritten.append(pikepdf.ContentStreamInstruction(operands, instruction.operator))
            page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(rewritten))
            slots = parent_arrays.get(int(page.obj.get("/StructParents", -1)))
            if slots is not None:
                for mcid in orphans:
                    if mcid < len(slots):
                        slots[mcid] = None
            changed = True
        if not changed:
            return data
        out = io.BytesIO()
        pdf.save(out)
        return out.getvalue()


def _claimed_content(root) -> set[tuple[tuple[int, int], int]]:
    """(page, MCID) of every marked-content reference held by a structure element reachable from the root."""
    import pikepdf

    claimed: set[tuple[tuple[int, int], int]] = set()
    todo: list = [(root.get("/K"), None)]
    while todo:
        node, page = todo.pop()
        if isinstance(node, pikepdf.Array):
            todo.extend((kid, page) for kid in node)
        elif isinstance(node, int) and page is not None:
            claimed.add((page.objgen, node))
        elif isinstance(node, pikepdf.Dictionary):
            node_page = node.get("/Pg", page)
            if node.get("/Type") == pikepdf.Name.MCR:
                if node_page is not None:
                    claimed.add((node_page.objgen, int(node.MCID)))
            elif "/K" in node:
                todo.append((node.K, node_page))
    return claimed


def _parent_tree_arrays(root) -> dict[int, Any]:
    """The parent tree's arrays (MCID → structure element) by the pages' StructParents key."""
    import pikepdf

    found: dict[int, Any] = {}
    todo = [root.get("/ParentTree")]
    while todo:
        node = todo.pop()
        if not isinstance(node, pikepdf.Dictionary):
            continue
        nums = node.get("/Nums")
        if isinstance(nums, pikepdf.Array):
            for index in range(0, len(nums) - 1, 2):
                if isinstance(nums[index + 1], pikepdf.Array):
                    found[int(nums[index])] = nums[index + 1]
        todo.extend(node.get("/Kids", []))
    return found
