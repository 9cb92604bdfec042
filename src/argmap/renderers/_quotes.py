"""What renderers say about a quote checked against its document (issue 15).

Verification results travel on the model (:attr:`argmap.Source.verification`), so every
renderer can show them; these helpers word them the same way everywhere. A map that was
never checked shows nothing new.
"""

from __future__ import annotations

from .._model import QuoteStatus, Source

__all__ = ["context", "locator", "verdict"]


def locator(src: Source) -> str | None:
    """The exact locator when the quote was verified, else the map's own."""
    v = src.verification
    if v is not None and v.verified and v.locator:
        return v.locator
    return src.locator


def verdict(src: Source) -> tuple[bool, str] | None:
    """``(verified, note)`` for a checked quote, ``None`` when it was never checked."""
    v = src.verification
    if v is None or not src.quote:
        return None
    doc = v.document or src.document or "its document"
    if v.verified:
        how = "" if v.status is QuoteStatus.EXACT else " (normalised)"
        return True, f"verified in {doc}{how}"
    if v.status is QuoteStatus.APPROXIMATE:
        return False, f"unverified: only a {v.score:.0f}% match in {doc} at {v.locator}"
    if v.status is QuoteStatus.NOT_FOUND:
        near = f"; closest {v.locator}" if v.locator else ""
        return False, f"unverified: not found in {doc}{near}"
    return False, "unverified: document not at hand"


def context(src: Source) -> tuple[str, str] | None:
    """A few words before and after a verified quote, when the check saw the document."""
    v = src.verification
    if v is None or not v.verified or not (v.prefix or v.suffix):
        return None
    return v.prefix or "", v.suffix or ""
