"""Analyst exports of one study: decisions, observations, policy versions and participants as
CSV and parquet.

One module per table (its columns and its query) and per file format; `study_export` ties them
together in one database snapshot. Rows are health data: nothing here prints or logs a value.
"""

from __future__ import annotations

from .study_export import FORMATS, export_study

__all__ = ["FORMATS", "export_study"]
