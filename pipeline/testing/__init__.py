"""Helpers that produce test material (e.g. realistic letter PDFs); not used by the pipeline itself."""
from __future__ import annotations

from pipeline.testing.render_pdf import RenderBlock, blocks_from_text, render_letter_pdf

__all__ = ["RenderBlock", "blocks_from_text", "render_letter_pdf"]
