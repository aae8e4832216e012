"""The static HTML report: `build_report(out_dir)` writes out_dir/report.html, one offline file."""
from __future__ import annotations

from pipeline.report.builder import REPORT_NAME, build_report, collect, embed_json, letter_view, render

__all__ = ["REPORT_NAME", "build_report", "collect", "embed_json", "letter_view", "render"]
