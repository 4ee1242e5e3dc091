"""Per-document reports (JSON, CSV, HTML) and the run summary (JSON, Markdown)."""

from .json_report import report_to_dict
from .summary import gate_failures, summary_to_dict
from .writer import write_run

__all__ = ["gate_failures", "report_to_dict", "summary_to_dict", "write_run"]
