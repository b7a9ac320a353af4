"""Readers of HKEX announcements: allotment results and over-allotment notices, from the PDF.

- :func:`read_allotment_announcement`: an "Announcement of (Final) Offer Price and Allotment
  Results" (配發結果公告 / 分配結果公告) into a validated record, its tables and its checks.
- :func:`read_over_allotment_announcement` and :func:`apply_over_allotment`: a notice of the
  over-allotment option's exercise (or lapse) and the end of stabilisation.
- :func:`ingest`: many announcements into a folder of records (``ipometrics ingest``).

Text comes from pypdfium2 (chosen by measurement, ``docs/pdf_extraction.md``).
"""

from __future__ import annotations

from ipometrics.announcements._text import AnnouncementError, DocumentText, extract_text
from ipometrics.announcements._types import (
    CornerstoneInvestor,
    LockUp,
    PlaceeConcentration,
    Printed,
)
from ipometrics.announcements.allotment import (
    AllotmentAnnouncement,
    Check,
    read_allotment_announcement,
)
from ipometrics.announcements.ingest import IngestSummary, Refusal, ingest, load_manifest
from ipometrics.announcements.over_allotment import (
    ExerciseKind,
    OverAllotmentExercise,
    apply_over_allotment,
    read_over_allotment_announcement,
)

__all__ = [
    "AllotmentAnnouncement",
    "AnnouncementError",
    "Check",
    "CornerstoneInvestor",
    "DocumentText",
    "ExerciseKind",
    "IngestSummary",
    "LockUp",
    "OverAllotmentExercise",
    "PlaceeConcentration",
    "Printed",
    "Refusal",
    "apply_over_allotment",
    "extract_text",
    "ingest",
    "load_manifest",
    "read_allotment_announcement",
    "read_over_allotment_announcement",
]
